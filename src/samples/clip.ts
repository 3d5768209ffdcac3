/**
 * Real media for samples and tests, made with the ffmpeg shipped in @ffmpeg-installer (an ffmpeg 4.x
 * static build). An hour of H.264 at one frame a minute is ~40 kB, so archives of thousands of real
 * hourly segments stay small, the more so as segments are hard links to one clip.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ffmpegPath } from '../probe/binary.ts';
import { RuntimeError } from '../errors.ts';

export { ffmpegPath };

export interface ClipSpec {
  seconds: number;
  width?: number;
  height?: number;
  /** frames a second, as ffmpeg takes it: '1/60' is one a minute */
  rate?: string;
  codec?: 'libx264' | 'mpeg4';
  /** put the moov box first (faststart) */
  faststart?: boolean;
  /** fragmented MP4 with an empty moov, as ZoneMinder (zm_videostore.cpp) and MediaMTX's fmp4 write */
  fragmented?: boolean;
  creationTime?: string;
  /** a container other than the output name's: 'mpegts', 'vob' (MPEG-2 program stream, as Hikvision writes), or 'h264' (a bare Annex B stream, as RTP carries it) */
  format?: 'mpegts' | 'vob' | 'h264';
  /** x264 quality (higher is smaller): a 1080p hour at crf 45 is ~10 kB */
  crf?: number;
  /** frames between key frames (ffmpeg -g): a camera's GOP; 1 makes every frame a key frame */
  keyint?: number;
}

/**
 * Clips made before, by what they were made of and the ffmpeg that made them, kept in the system's temporary
 * folder: a clip is encoded once a machine, not once a process (each test file is a process of its own, and
 * a 1080p clip at x264's slowest preset takes ~0.6 s). Written whole or not at all.
 */
function cachePath(key: string): string {
  const ffmpeg = ffmpegPath();
  let stamp = '';
  try {
    const st = statSync(ffmpeg);
    stamp = `${st.size}-${st.mtimeMs}`;
  } catch {
    stamp = 'unknown';
  }
  return join(tmpdir(), 'vstor-clips', `${createHash('sha256').update(`${ffmpeg}|${stamp}|${key}`).digest('hex').slice(0, 32)}.bin`);
}

function cached(key: string): string | undefined {
  const path = cachePath(key);
  return existsSync(path) ? path : undefined;
}

function keep(key: string, made: string): void {
  try {
    const path = cachePath(key);
    mkdirSync(dirname(path), { recursive: true });
    const part = `${path}.${process.pid}.part`;
    copyFileSync(made, part);
    renameSync(part, path);
  } catch {
    // a cache that cannot be written only costs the next process an encode
  }
}

/** Clips made in this process, by what they were made of: the same clip is copied, not encoded again. */
const made = new Map<string, string>();

export function makeClip(out: string, spec: ClipSpec): string {
  const key = JSON.stringify(spec);
  const earlier = made.get(key) ?? cached(key);
  if (earlier && existsSync(earlier)) {
    copyFileSync(earlier, out);
    made.set(key, earlier);
    return out;
  }
  encodeClip(out, spec);
  keep(key, out);
  made.set(key, out);
  return out;
}

function encodeClip(out: string, spec: ClipSpec): void {
  const { seconds, width = 160, height = 90, rate = '1/60', codec = 'libx264' } = spec;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${width}x${height}:rate=${rate}`, '-t', String(seconds), '-c:v', codec];
  if (codec === 'libx264') args.push('-preset', spec.crf === undefined ? 'ultrafast' : 'veryslow', ...(spec.crf === undefined ? [] : ['-crf', String(spec.crf)]), '-pix_fmt', 'yuv420p');
  if (spec.keyint !== undefined) args.push('-g', String(spec.keyint));
  if (spec.faststart) args.push('-movflags', '+faststart');
  if (spec.fragmented) args.push('-movflags', 'frag_keyframe+empty_moov');
  if (spec.creationTime) args.push('-metadata', `creation_time=${spec.creationTime}`);
  if (spec.format) args.push('-f', spec.format);
  args.push(out);
  try {
    execFileSync(ffmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new RuntimeError(`ffmpeg could not make ${out}: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim()}`, { cause: e });
  }
}

/** The first `fraction` of a file: a recording cut off by a crash or a full disk. */
export function truncatedCopy(source: string, out: string, fraction: number): string {
  const data = readFileSync(source);
  writeFileSync(out, data.subarray(0, Math.floor(data.length * fraction)));
  return out;
}

/**
 * A recording whose writer died before it wrote the index: all the media, no moov box (renamed `free` here),
 * so its size looks like any other segment's and only a probe finds it unreadable.
 */
export function unfinishedCopy(source: string, out: string): string {
  const data = Buffer.from(readFileSync(source));
  for (let at = 0; at + 8 <= data.length; ) {
    const size = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'moov') {
      data.write('free', at + 4, 'latin1');
      break;
    }
    if (size < 8) break;
    at += size;
  }
  writeFileSync(out, data);
  return out;
}

/**
 * A recording whose header is intact but whose media is garbage (a disk that returned the wrong blocks, a
 * recorder that wrote over the data but not the index): every byte of an MP4's mdat payload, or for other
 * containers everything after the first 4 kB, replaced by noise. Its container reads; no frame decodes.
 */
export function garbageCopy(source: string, out: string): string {
  const data = Buffer.from(readFileSync(source));
  let seed = 0x2545f491;
  const noise = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      data[i] = seed >>> 24;
    }
  };
  let spoiled = false;
  for (let at = 0; at + 8 <= data.length; ) {
    const size = data.readUInt32BE(at);
    if (size < 8) break;
    if (data.toString('latin1', at + 4, at + 8) === 'mdat') {
      noise(at + 8, Math.min(data.length, at + size));
      spoiled = true;
    }
    at += size;
  }
  if (!spoiled) noise(Math.min(4096, data.length), data.length);
  writeFileSync(out, data);
  return out;
}
