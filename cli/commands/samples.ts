/** `vstor samples make DIR --layout L`: write small real archives to try audits on. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { Option, type Command } from 'commander';
import { resolveZone } from '../../src/archive/time.ts';
import { parseNow } from '../../src/audit/policy.ts';
import { makeSampleArchive } from '../../src/samples/generate.ts';
import { layoutOfSample, SAMPLE_LAYOUTS, type SampleLayout } from '../../src/samples/names.ts';
import { parseCount } from '../../src/units/parse.ts';
import type { IO } from '../io.ts';

export function registerSamples(program: Command, io: IO): void {
  const samples = program.command('samples').description('sample archives made of real media');
  samples
    .command('make')
    .description('write a sample archive: one channel that passes, one for each failure')
    .argument('<dir>', 'folder to write (with --layout all, one sub-folder a layout)')
    .addOption(new Option('--layout <layout>', 'layout to write').choices([...SAMPLE_LAYOUTS, 'all']).default('all'))
    .option('--days <n>', 'the retention rule the samples are made around', '90')
    .option('--now <iso>', 'the time the archive is as of (default: now)')
    .option('--tz <zone>', 'time zone for layouts named in local time (default: this machine\'s)')
    .action((dir: string, o: { layout: SampleLayout | 'all'; days: string; now?: string; tz?: string }) => {
      const days = parseCount('--days', o.days);
      // a sample is written into a folder: an existing file there is not one, and is never overwritten
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${dir}: a file, not a folder; expected a folder to write the sample archive into`);
      const now = o.now === undefined ? Date.now() : parseNow(o.now);
      const zone = resolveZone(o.tz);
      const layouts = o.layout === 'all' ? SAMPLE_LAYOUTS : [o.layout];
      for (const layout of layouts) {
        const root = o.layout === 'all' ? join(dir, layout) : dir;
        const made = makeSampleArchive({ dir: root, layout, now, days, zone });
        io.out(`${root}: ${layout}, ${made.files} segments as of ${made.now}\n`);
        for (const c of made.channels) io.out(`  ${c.name.padEnd(11)} expect ${c.expect}${c.reasons.length ? ` (${c.reasons.join(', ')})` : ''}: ${c.what}\n`);
        const named = layout === 'mediamtx-path' ? ` --layout '${layoutOfSample(layout)}'` : '';
        io.out(`  try: vstor audit ${root}${named} --days ${days} --now ${made.now}${zone !== 'UTC' ? '' : ' --tz UTC'}\n`);
      }
    });
}
