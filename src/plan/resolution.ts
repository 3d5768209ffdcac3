/**
 * Named resolutions and the bitrate assumed when the user gives none. The seed's rule fixes 1080P at
 * 8 Mbps (H.264); the others scale from it roughly with pixel count, rounded to figures vendors quote.
 * H.265 is taken at half the H.264 figure, MJPEG at four times.
 */
import { expected } from '../errors.ts';
import { codecName, parseWxH } from '../units/media.ts';
import { big, type Big } from '../units/decimal.ts';
import type { Codec, Resolution } from './model.ts';

interface NamedResolution extends Resolution {
  h264Bps: number;
}

export const RESOLUTIONS: Record<string, NamedResolution> = {
  '720p': { label: '720p', width: 1280, height: 720, h264Bps: 4_000_000 },
  '1080p': { label: '1080p', width: 1920, height: 1080, h264Bps: 8_000_000 },
  '3mp': { label: '3mp', width: 2304, height: 1296, h264Bps: 10_000_000 },
  '4mp': { label: '4mp', width: 2560, height: 1440, h264Bps: 12_000_000 },
  '5mp': { label: '5mp', width: 2592, height: 1944, h264Bps: 14_000_000 },
  '4k': { label: '4k', width: 3840, height: 2160, h264Bps: 20_000_000 },
};

const ALIASES: Record<string, string> = { '2k': '4mp', '1440p': '4mp', '8mp': '4k', '2160p': '4k', 'uhd': '4k', 'fhd': '1080p', 'hd': '720p' };

const CODEC_FACTOR: Record<Codec, number> = { h264: 1, h265: 0.5, mjpeg: 4 };

export const CODECS = Object.keys(CODEC_FACTOR) as Codec[];

const REFERENCE = RESOLUTIONS['1080p']!;

/** MaxLumaPs of H.265 level 6.2 (and H.264 level 6.2's 139,264 macroblocks): no camera stream is larger. */
export const MAX_PICTURE_SAMPLES = 35_651_584;

export function parseResolution(input: string, text: string): Resolution {
  const key = String(text).trim().toLowerCase();
  const named = RESOLUTIONS[ALIASES[key] ?? key];
  if (named) return { label: named.label, width: named.width, height: named.height };
  const size = parseWxH(key);
  if (size && size.width * size.height > MAX_PICTURE_SAMPLES) {
    throw expected(input, text, `a picture of at most ${MAX_PICTURE_SAMPLES.toLocaleString('en-US')} pixels (8192x4352: the largest any H.264 or H.265 level allows, level 6.2, ITU-T H.264 Table A-1 and H.265 Table A.8)`);
  }
  if (size) return { label: `${size.width}x${size.height}`, ...size };
  throw expected(input, text, `a resolution: ${Object.keys(RESOLUTIONS).join(', ')} or WxH such as 2560x1440`);
}

export function parseCodec(input: string, text: string): Codec {
  // the planner calls HEVC h265, as bitrate tables do; the names users write are read as everywhere
  const name = codecName(text);
  const key = name === 'hevc' ? 'h265' : name;
  if (key !== undefined && (CODECS as string[]).includes(key)) return key as Codec;
  throw expected(input, text, `a codec: ${CODECS.join(', ')}`);
}

/** The documented default bitrate: the table's H.264 figure (or 1080p's scaled by pixels), times the codec factor, in whole kbit/s. */
export function defaultBitrate(resolution: Resolution, codec: Codec): Big {
  const named = RESOLUTIONS[resolution.label];
  const h264 = named
    ? big(named.h264Bps)
    : big(REFERENCE.h264Bps).mul(resolution.width * resolution.height).div(REFERENCE.width * REFERENCE.height);
  return h264.mul(CODEC_FACTOR[codec]).div(1000).round().mul(1000);
}
