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

/** The index is locked by another live vstor process (the message names it). */
export class IndexInUse extends RuntimeError {}

/** What the holder of an index's lock says of itself; a watcher adds when it last went over every folder. */
export interface Holder {
  pid: number;
  since: string;
  command: string;
  /** a watcher: its rescan period, its last full pass, and the roots it follows (real paths; since 0.3.0) */
  watch?: { rescanEveryMs: number; fullPassMs: number; roots?: string[] };
}

/** Who holds the lock, as the holder file says it: the command (`audit`, `scan`, `watch`, `tui`) and since when. */
export interface LockHolder {
  command: string;
  /** wall-clock ms */
  at: number;
}

export function lockIndex(dbFile: string, who: LockHolder): () => void {
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
      throw new IndexInUse(`index ${dbFile} is in use by another vstor scan (${holder(holderFile)}); wait for it or use another --db${readHolder(dbFile)?.command === 'watch' ? ', or judge from the index the watcher keeps current: --from-watch' : ''}`);
    }
    throw new RuntimeError(`index lock ${lockFile}: ${lockProblem(lockFile, err)}`);
  }
  try {
    writeFileSync(holderFile, JSON.stringify({ pid: process.pid, since: new Date(who.at).toISOString(), command: who.command }));
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

/** The holder's own account, or undefined (no file, or not one vstor wrote). */
export function readHolder(dbFile: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(`${dbFile}.lock.holder`, 'utf8')) as Holder;
    return typeof h.pid === 'number' && typeof h.command === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The lock holder adds to its account (a watcher: its last full pass). Only the holder calls it, with the
 * lock held, so the file speaks for the process that holds the lock.
 */
export function noteHolder(dbFile: string, extra: Pick<Holder, 'watch'>): void {
  const h = readHolder(dbFile);
  if (!h || h.pid !== process.pid) return;
  try {
    writeFileSync(`${dbFile}.lock.holder`, JSON.stringify({ ...h, ...extra }));
  } catch {
    // an account the next audit cannot read makes it refuse --from-watch, which is safe
  }
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
