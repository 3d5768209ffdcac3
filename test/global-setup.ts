/**
 * Before the test files start, side by side: the clips most of them need, encoded once into the clip cache
 * (src/samples/clip.ts). On a clean machine three workers would otherwise each encode the same 1080p sample
 * clip at once (0.7 s of x264 each, measured) before its first copy lands in the cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClip } from '../src/samples/clip.ts';
import { SAMPLE_CLIP } from '../src/samples/generate.ts';

export default function setup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'vstor-warm-'));
  try {
    makeClip(join(dir, 'sample.mp4'), SAMPLE_CLIP);
    // the Hikvision program stream the device tests serve
    makeClip(join(dir, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
