/** The clock and clips of tests that write trees as recorders do: one "now", hours and days, real clips made once a file. */
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { ClipShelf } from '../../src/samples/recorder.ts';
import { tempDir } from './media.ts';

export const H = 3_600_000;
export const D = 24 * H;
export const NOW = Date.parse('2026-11-28T08:00:00Z');

/** A shelf of real clips, made before the file's tests: read `.shelf` inside a test. */
export function clipShelf(spec?: ConstructorParameters<typeof ClipShelf>[1]): { shelf: ClipShelf } {
  const holder = {} as { shelf: ClipShelf };
  beforeAll(() => {
    holder.shelf = new ClipShelf(join(tempDir(), 'clips'), spec);
  });
  return holder;
}
