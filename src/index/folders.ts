/**
 * The index's folder rows as the rescan's folder check reads them (app/folder-check.ts): by id range,
 * a chunk at a time, so that each of two threads reads only its part of the table (a root's ids are mostly
 * contiguous) and memory stays bounded.
 */
import Database from 'better-sqlite3';
import type { DB } from './open.ts';

/** id, parent id, rel, stored mtime, sealed */
export type FolderRaw = [id: number, parentId: number | null, rel: string, mtimeMs: number | null, sealed: number];

const CHUNK = 2_000;

export function folderIdRange(db: DB, rootId: number): { lo: number | null; hi: number | null; n: number } {
  return db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM dirs WHERE root_id = ?').get(rootId) as { lo: number | null; hi: number | null; n: number };
}

/** A root's folders with ids in [from, to), in id order. `.all()` a chunk costs less a row than an iterator. */
export function* foldersById(db: DB, rootId: number, from: number, to: number): Generator<FolderRaw> {
  const stmt = db.prepare('SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs NOT INDEXED WHERE root_id = ? AND id >= ? AND id < ?').raw(true);
  for (let lo = from; lo < to; lo += CHUNK) yield* stmt.all(rootId, lo, Math.min(lo + CHUNK, to)) as FolderRaw[];
}

/** A second, read-only connection to the index (a worker thread's). */
export function openReadOnly(file: string): DB {
  return new Database(file, { readonly: true, fileMustExist: true });
}
