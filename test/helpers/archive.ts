/** Sample archives for tests: the real generator, real clips, real folders. */
import { readdirSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { makeSampleArchive, type SampleArchive } from '../../src/samples/generate.ts';
import type { SampleLayout } from '../../src/samples/names.ts';
import { tempDir } from './media.ts';

export const SAMPLE_NOW = '2026-11-28T08:00:00.000Z';

export function sampleArchive(layout: SampleLayout, opts: { days?: number; zone?: string } = {}): SampleArchive {
  const dir = tempDir(`vstor-${layout}-`);
  return makeSampleArchive({ dir: join(dir, 'archive'), layout, now: Date.parse(SAMPLE_NOW), days: opts.days ?? 10, zone: opts.zone ?? 'UTC' });
}

/** Every entry under a folder with its size and mtime: to prove an audit changed nothing. */
export function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      out.push(`${p} ${st.size} ${st.mtimeMs} ${st.mode}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}
