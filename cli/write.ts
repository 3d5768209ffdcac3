/** Writing an output file whole or not at all: a cron job's reader never sees half a report. */
import { renameSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../src/errors.ts';

export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new RuntimeError(`--out ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
