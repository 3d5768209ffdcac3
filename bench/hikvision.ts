/**
 * Issue 23: reading Hikvision's index. Parses the real 16 MB version 2 index a camera wrote
 * (test/archive/fixtures/hikvision: 55 containers x 256 records) and places its recordings in a zone.
 *
 *   npx tsx bench/hikvision.ts      (prints the figures; exits 1 if a parse takes 50 ms or more)
 */
import { readFileSync } from 'node:fs';
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
process.exit(median < 50 ? 0 : 1);
