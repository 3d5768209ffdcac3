/**
 * What checking a segment costs (issue 19, item 1): the container read alone (in-process MP4 header), then
 * the first key frame decoded, then first key frame + last GOP (--deep), one file at a time and many files
 * to one ffmpeg (decodeMany), on real segments made by the bundled ffmpeg:
 *   - a camera-like hour: 1920x1080 H.264 at 25 fps, a key frame every 2 s, 60 s of it (the cost of the
 *     first key frame and of the last GOP does not grow with the segment's length);
 *   - the tests' segment: 160x90, one frame a minute, an hour.
 *
 *   npx tsx bench/decode.ts            # prints ms a segment for each
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { ffmpegPath } from '../src/probe/binary.ts';
import { readMp4Header } from '../src/probe/mp4-header.ts';
import { decodeFirstKeyFrame, decodeLastGop, decodeMany } from '../src/probe/decode.ts';

const dir = join(tmpdir(), 'vstor-bench-decode');
mkdirSync(dir, { recursive: true });
const ffmpeg = ffmpegPath();

function make(name: string, args: string[]): string {
  const out = join(dir, name);
  execFileSync(ffmpeg, ['-v', 'error', '-y', ...args, out]);
  return out;
}

async function time(label: string, n: number, work: () => Promise<unknown> | unknown, segments = 1): Promise<void> {
  await work(); // warm the page cache and the binary
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await work();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n / segments;
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(2)} ms a segment`);
}

async function main(): Promise<void> {
  const camera = make('camera-1080p.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-t', '60', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-b:v', '8M', '-pix_fmt', 'yuv420p']);
  const small = make('test-160x90.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=1/60', '-t', '3600', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
  for (const [name, file] of [['1080p 25 fps, 8 Mbit/s, GOP 2 s', camera], ['160x90, a frame a minute', small]] as const) {
    console.log(name);
    await time('container read (in-process MP4 header)', 50, () => readMp4Header(file));
    await time('first key frame (one ffmpeg a file)', 20, () => decodeFirstKeyFrame(ffmpeg, file));
    await time('last GOP (one ffmpeg a file)', 20, () => decodeLastGop(ffmpeg, file));
    const batch = Array.from({ length: 16 }, () => file);
    await time('first key frame, 16 files an ffmpeg', 3, () => decodeMany(ffmpeg, batch, 1), batch.length);
    await time('first key + last GOP, 16 files an ffmpeg', 3, () => decodeMany(ffmpeg, batch, 2), batch.length);
  }
}

void main();
