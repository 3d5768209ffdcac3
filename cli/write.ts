/** Writing an output file whole or not at all: a cron job's reader never sees half a report. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { RuntimeError } from '../src/errors.ts';

export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    // nothing half-written stays behind: a collector must never find a .tmp file it may take for a report
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new RuntimeError(`--out ${file}: cannot write (${code === 'ENOSPC' ? 'disk full' : (code ?? (e as Error).message)})`, { cause: e });
  }
}
