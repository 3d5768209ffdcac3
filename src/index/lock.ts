/**
 * One scan at a time on one index. SQLite would keep two writers consistent, but two scans would list
 * and probe everything twice; the second refuses clearly instead. A lock left by a killed scan is stale
 * when its process is gone, and is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { RuntimeError } from '../errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockIndex(dbFile: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const lockFile = `${dbFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new RuntimeError(`index lock ${lockFile}: ${(e as Error).message}`);
      const pid = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new RuntimeError(`index ${dbFile} is in use by another vstor scan (pid ${pid}); wait for it or use another --db`);
      }
      unlinkSync(lockFile);
    }
  }
  throw new RuntimeError(`index lock ${lockFile}: could not be taken`);
}
