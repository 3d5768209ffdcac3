/**
 * A bitrate estimate for cameras whose bitrate nobody knows yet. Pure.
 *
 * The model is the Kush gauge (Kush Amerasinghe, "H.264 for the rest of us", Adobe, 2009): a good-quality
 * H.264 stream needs about width x height x fps x motion rank x 0.07 bit/s, the rank being 1 for low
 * motion, 2 for medium and 4 for high. A 1080p camera at 25 fps on a medium scene gives
 * 1920 x 1080 x 25 x 2 x 0.07 = 7.26 Mbit/s, close to the 8 Mbit/s the seed's rule fixes.
 * H.265 takes half (the planner's codec factor, plan/resolution.ts), MJPEG four times.
 *
 * Night: under IR or low light the sensor's gain adds noise, which compresses badly; Security Magazine
 * ("Finding storage solutions for day-to-night surveillance", article 83041) reports that "in low-light
 * scenarios, H.264 camera bandwidth and storage consumption can double". The share of the day spent so is
 * therefore counted at twice the day rate: day x (1 + night share).
 *
 * It is an estimate and is shown as one; `vstor plan --from-audit` replaces it with the rates the archive
 * really has.
 */
import { expected } from '../errors.ts';
import { big, type Big } from '../units/decimal.ts';
import type { BitrateEstimate, Codec, Resolution } from './model.ts';

export const KUSH_CONSTANT = 0.07;
export const MOTION_RANK = { low: 1, medium: 2, high: 4 } as const;
export const NIGHT_FACTOR = 2;
export const ESTIMATE_DEFAULTS = { fps: 25, scene: 'medium', nightShare: '0%' } as const;
const CODEC_FACTOR: Record<Codec, number> = { h264: 1, h265: 0.5, mjpeg: 4 };

export type Scene = keyof typeof MOTION_RANK;

export function parseScene(input: string, text: string): Scene {
  const key = String(text).trim().toLowerCase();
  if (key in MOTION_RANK) return key as Scene;
  throw expected(input, text, 'a scene activity: low, medium or high');
}

/** The estimate in bits a second, rounded up to whole kbit/s, with the figures that made it. */
export function estimateBitrate(resolution: Resolution, codec: Codec, fps: number, scene: Scene, nightShare: Big): { bps: Big; estimate: BitrateEstimate } {
  const dayBps = big(resolution.width).mul(resolution.height).mul(fps).mul(MOTION_RANK[scene]).mul(KUSH_CONSTANT).mul(CODEC_FACTOR[codec]);
  const bps = dayBps.mul(big(1).add(nightShare.mul(NIGHT_FACTOR - 1))).div(1000).ceil().mul(1000);
  return { bps, estimate: { fps, scene, nightShare, dayBps } };
}
