/**
 * One scan at a time on one index. SQLite would keep two writers consistent, but two scans would list and
 * probe everything twice; the second refuses clearly instead.
 *
 * The lock is one the kernel releases with the process: an exclusive SQLite lock (fcntl) on `INDEX.lock`,
 * held by a connection in EXCLUSIVE locking mode for as long as the scan runs. A process killed with SIGKILL
 * leaves nothing that blocks the next run, and a reused pid cannot keep a lock alive (a pid file could).
 * Who holds it is written beside it (`INDEX.lock.holder`) only to name them when refusing.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RuntimeError } from '../errors.ts';

export function lockIndex(dbFile: string): () => void {
  if (dbFile === ':memory:') return () => {};
  const lockFile = `${dbFile}.lock`;
  const holderFile = `${lockFile}.holder`;
  clearOldPidLock(lockFile);
  let lock: Database.Database | undefined;
  try {
    lock = new Database(lockFile, { timeout: 0 });
    lock.pragma('locking_mode = EXCLUSIVE');
    // a write takes the exclusive lock, and EXCLUSIVE mode keeps it until the connection closes
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); DELETE FROM held; INSERT INTO held VALUES (0); COMMIT;');
  } catch (e) {
    lock?.close();
    const err = e as Error & { code?: string };
    if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED') {
      throw new RuntimeError(`index ${dbFile} is in use by another vstor scan (${holder(holderFile)}); wait for it or use another --db`);
    }
    throw new RuntimeError(`index lock ${lockFile}: ${lockProblem(lockFile, err)}`);
  }
  try {
    writeFileSync(holderFile, JSON.stringify({ pid: process.pid, since: new Date().toISOString(), command: process.argv.slice(2, 4).join(' ') }));
  } catch {
    // naming the holder is a courtesy; the lock is what matters
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lock!.close();
    rmSync(holderFile, { force: true });
  };
}

/** "pid 1234, since 2026-11-28T08:00:00Z, vstor audit", or what can be said without the holder file. */
function holder(file: string): string {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; since: string; command: string };
    return `pid ${h.pid}, since ${h.since}${h.command ? `, vstor ${h.command}` : ''}`;
  } catch {
    return 'a process that did not say which';
  }
}

function lockProblem(file: string, err: Error): string {
  try {
    if (statSync(file).isDirectory()) return 'is a folder; expected a file vstor can create (remove the folder)';
  } catch {
    // not there: the folder above it is the problem
  }
  return `${err.message}; expected a file vstor can create and lock beside the index`;
}

/** vstor before 0.2 locked with a file holding a pid: such a file is not an SQLite database; take it away. */
function clearOldPidLock(file: string): void {
  try {
    if (statSync(file).size > 32) return;
    if (/^\d+\s*$/.test(readFileSync(file, 'utf8'))) rmSync(file);
  } catch {
    // no file, or a folder: the lock's own error says so
  }
}
