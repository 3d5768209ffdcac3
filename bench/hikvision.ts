/**
 * Issue 23: reading Hikvision's index. Parses the real 16 MB version 2 index a camera wrote
 * (test/archive/fixtures/hikvision: 55 containers x 256 records) and places its recordings in a zone; then
 * audits a 128 GB card's worth of share (466 containers x 256 one-minute recordings, real MPEG-PS from the
 * shipped ffmpeg, in sparse 256 MB containers under bench/out/hik-card) by default, and a part of it with
 * --deep for the read rate.
 *
 *   npx tsx bench/hikvision.ts      (prints the figures; exits 1 if one misses its limit)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeClip } from '../src/samples/clip.ts';
import { withDeviceClock, writeShare } from '../src/samples/hikvision.ts';
import { ffmpegPath } from '../src/probe/binary.ts';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseIndex } from '../src/archive/hikvision/index-file.ts';
import { placeSegments } from '../src/archive/hikvision/times.ts';

const bytes = gunzipSync(readFileSync(fileURLToPath(new URL('../test/archive/fixtures/hikvision/yrambler2001-exampleV2-index00.bin.gz', import.meta.url))));
parseIndex(bytes); // warm-up
const runs: number[] = [];
let placed = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const index = parseIndex(bytes);
  placed = placeSegments(index.segments, 'Asia/Shanghai').placed.length;
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
const median = runs[2]!;
console.log(`index of ${bytes.length} bytes: ${placed} recordings parsed and placed in Asia/Shanghai, median of 5: ${median.toFixed(1)} ms (limit 50 ms)`);

// a 128 GB card: 466 containers of 256 recordings of a minute, 119,296 recordings (83 days)
const out = fileURLToPath(new URL('./out/hik-card', import.meta.url));
rmSync(out, { recursive: true, force: true });
const clip = readFileSync(makeClip(join(out, '..', 'hik-minute.mpg'), { seconds: 60, rate: '1/10', width: 160, height: 90, format: 'vob', keyint: 1 }));
const now = Date.parse('2026-11-28T08:00:00Z');
const count = 466 * 256;
const recordings = Array.from({ length: count }, (_, i) => ({ start: now - (count - i) * 60_000, end: now - (count - i - 1) * 60_000, bytes: clip }));
const t0 = performance.now();
writeShare(join(out, 'cam'), 'DS-2CD2T47G2-L20230101AAWRBENCH', recordings, 'UTC');
console.log(`wrote ${count} recordings in 466 containers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const BIN = fileURLToPath(new URL('../bin/vstor.js', import.meta.url));
const MAXRSS = fileURLToPath(new URL('./maxrss.mjs', import.meta.url));
const run = (args: string[]) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', MAXRSS, BIN, 'audit', out, '--now', '2026-11-28T08:00:00Z', '--tz', 'UTC', '--days', '80', '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { s: (performance.now() - t) / 1000, mb: Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024, code: r.status, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
};
const cold = run(['--db', join(out, '..', 'hik-card.db'), '--scrub-cycle', '0']);
console.log(`default audit, new index: ${cold.s.toFixed(2)} s, peak RSS ${cold.mb.toFixed(0)} MB, ${cold.doc?.channels[0]?.segments} recordings, verdict ${cold.doc?.channels[0]?.verdict} (limit 2 s)`);
const warm = run(['--db', join(out, '..', 'hik-card.db'), '--scrub-cycle', '0']);
console.log(`default audit, again: ${warm.s.toFixed(2)} s`);

// --deep's read rate: recordings as a camera writes them (1080p, 25 fps, 8 Mbit/s CBR, a minute each, key
// frames every 2 s, noise so the encoder cannot shrink them), four to a container as 61 MB recordings fill one
const big = join(out, '..', 'hik-8mbit.mpg');
const encode = spawnSync(ffmpegPath(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25', '-vf', 'noise=alls=12:allf=t', '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '8M', '-maxrate', '8M', '-bufsize', '8M', '-g', '50', '-pix_fmt', 'yuv420p', '-f', 'vob', big]);
if (encode.status !== 0) throw new Error(`ffmpeg: ${encode.stderr}`);
const minute = readFileSync(big);
const deepOut = join(out, '..', 'hik-deep');
rmSync(deepOut, { recursive: true, force: true });
const deepCount = 32;
const deepNow = Date.parse('2026-11-28T08:00:00Z');
writeShare(join(deepOut, 'cam'), 'DS-2CD2T47G2-L20230101AAWRDEEP', Array.from({ length: deepCount }, (_, i) => {
  const start = deepNow - (deepCount - i) * 60_000;
  return { start, end: start + 60_000, bytes: withDeviceClock(minute, start) };
}), 'UTC', 4);
const deepDb = join(out, '..', 'hik-deep.db');
rmSync(deepDb, { force: true });
const t1 = performance.now();
const d = spawnSync(process.execPath, ['--import', MAXRSS, BIN, 'audit', deepOut, '--now', '2026-11-28T08:00:00Z', '--tz', 'UTC', '--days', '1', '--max-gap', '2m', '--json', '--deep', '--db', deepDb], { encoding: 'utf8', maxBuffer: 1 << 28 });
const deepSeconds = (performance.now() - t1) / 1000;
const deepDoc = d.stdout ? JSON.parse(d.stdout) : undefined;
const deepMb = (deepCount * minute.length) / 1e6;
const rate = deepMb / deepSeconds;
console.log(`--deep over ${deepCount} one-minute 8 Mbit/s recordings (${deepMb.toFixed(0)} MB in ${deepCount / 4} containers): ${deepSeconds.toFixed(2)} s = ${rate.toFixed(0)} MB/s of container read, ${deepDoc?.channels[0]?.probed} checked, ${deepDoc?.channels[0]?.damagedInWindow} damaged, reasons ${JSON.stringify(deepDoc?.channels[0]?.reasons)} (half an hour against the shortest rule, a day: retention-short is expected) (limit >= 200 MB/s)`);
process.exit(median < 50 && cold.s < 2 && rate >= 200 ? 0 : 1);
