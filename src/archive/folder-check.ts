/**
 * Which known folders a rescan must list: those whose mtime changed, that are gone, that were touched
 * recently (a segment may still grow) or were never listed closed. An unchanged archive costs one lstat a
 * folder and nothing else, and those calls wait on the kernel, so half of the folders go to a worker thread
 * on the other core, with its own read-only connection to the index. The scan stays synchronous: this
 * thread checks its half, then waits on a shared flag and takes the worker's answer off a message port.
 * 220 k folders: 2.12 s in one thread, 1.20 s in two (`node bench/stat-by-name.mjs bench/out/hourly`).
 */
import { lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3';
import type { DB } from '../index/open.ts';
import type { DirRow } from '../index/store.ts';
import { fsPath } from './names.ts';
import { folderMtime, mustList } from './folder-state.ts';
import { NameStat } from './name-stat.ts';

/** below this many folders a worker costs more to start than it saves */
const PARALLEL_MIN = 20_000;
const WAIT_MS = 300_000;
const MAIN_SHARE = 0.6;
const CHUNK = 2_000;

type Raw = [id: number, parentId: number | null, rel: string, mtimeMs: number | null, sealed: number];
type Checked = [...Raw, seen: number];
type Part = { known: number; changed: Checked[]; problems: string[] };

// by id range: each thread reads only its part of the table (ids of one root are mostly contiguous)
const QUERY = 'SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs NOT INDEXED WHERE root_id = ? AND id >= ? AND id < ?';

// The worker's half: the same rules (folder-state.ts, by their source text), by absolute path.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { lstatSync } = require('node:fs');
const folderMtime = ${folderMtime.toString()};
const mustList = ${mustList.toString()};
const fsPath = ${fsPath.toString()};
const { sqlite, file, query, chunk, rootId, from, to, root, wallClock, recentMs, port, flag } = workerData;
const done = new Int32Array(flag);
try {
  const Database = require(sqlite);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const changed = [];
  const problems = [];
  let known = 0;
  const stmt = db.prepare(query).raw(true);
  for (let lo = from; lo < to; lo += chunk) for (const row of stmt.all(rootId, lo, Math.min(lo + chunk, to))) {
    known++;
    const rel = row[2];
    const seen = folderMtime(() => lstatSync(fsPath(root, rel), { throwIfNoEntry: false }), root, rel);
    if (typeof seen === 'string') problems.push(seen);
    else if (mustList(row[3], row[4], seen, wallClock, recentMs)) changed.push([...row, seen]);
  }
  db.close();
  port.postMessage({ known, changed, problems });
  Atomics.store(done, 0, 1);
} catch (e) {
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
`;

export interface FolderCheck {
  /** folders the index knows under the root */
  known: number;
  /** folders that could not be checked (EACCES): reported, and kept as the index has them */
  problems: string[];
  /** the ones to list, with `seen` = their mtime now (-1: gone or no longer a folder) */
  changed: DirRow[];
  /** threads that did the checking: 2 when the worker answered */
  threads: number;
}

/**
 * Rows by id range, a chunk at a time: .all() costs less a row than stepping an iterator, and a chunk
 * bounds the memory.
 */
function* rowsOf(stmt: Statement, rootId: number, from: number, to: number): Generator<unknown> {
  for (let lo = from; lo < to; lo += CHUNK) yield* stmt.all(rootId, lo, Math.min(lo + CHUNK, to));
}

/**
 * This thread's part. Rows come in id order, and a folder's subfolders got consecutive ids when it was
 * listed, so each is lstat'ed by name from inside its parent (see name-stat.ts): one path component for
 * the kernel to resolve instead of the whole path. A worker thread cannot change directory; this one can.
 */
function check(db: DB, rootId: number, root: string, wallClock: number, recentMs: number, from: number, to: number): Part {
  const changed: Checked[] = [];
  const problems: string[] = [];
  const names = new NameStat();
  let known = 0;
  let parentId: number | null | undefined;
  let parent = root;
  try {
    for (const row of rowsOf(db.prepare(QUERY).raw(true), rootId, from, to) as Generator<Raw>) {
      known++;
      const rel = row[2];
      const cut = rel.lastIndexOf('/');
      // the parent's path is built once for its run of children
      if (row[1] !== parentId) {
        parentId = row[1];
        parent = cut < 0 ? root : `${root}/${rel.slice(0, cut)}`;
      }
      const seen = folderMtime(() => (rel === '' ? lstatSync(root, { throwIfNoEntry: false }) : names.lstat(parent, rel.slice(cut + 1))), root, rel);
      if (typeof seen === 'string') problems.push(seen);
      else if (mustList(row[3], row[4], seen, wallClock, recentMs)) changed.push([...row, seen]);
    }
  } finally {
    names.leave();
  }
  return { known, changed, problems };
}

export function changedFolders(db: DB, rootId: number, root: string, wallClock: number, recentMs: number, parallelMin = PARALLEL_MIN): FolderCheck {
  const { lo, hi, n } = db.prepare('SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM dirs WHERE root_id = ?').get(rootId) as { lo: number | null; hi: number | null; n: number };
  let parts: Part[];
  let threads = 1;
  if (n < parallelMin || db.memory || !isMainThread || lo === null || hi === null) {
    parts = [check(db, rootId, root, wallClock, recentMs, lo ?? 0, (hi ?? 0) + 1)];
  } else {
    // this thread's lstat by name is the quicker: it takes the larger part
    const mid = Math.round(lo + (hi + 1 - lo) * MAIN_SHARE);
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    let worker: Worker | undefined;
    try {
      const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER, { eval: true, workerData: { sqlite, file: db.name, query: QUERY, chunk: CHUNK, rootId, from: mid, to: hi + 1, root, wallClock, recentMs, port: port2, flag }, transferList: [port2] });
      worker.unref();
    } catch {
      worker = undefined;
    }
    const mine = check(db, rootId, root, wallClock, recentMs, lo, mid);
    const done = new Int32Array(flag);
    if (worker) Atomics.wait(done, 0, 0, WAIT_MS);
    const answer = Atomics.load(done, 0) === 1 ? (receiveMessageOnPort(port1)?.message as Part | undefined) : undefined;
    // no worker, a failed one or one still running: this thread checks the other half too
    parts = [mine, answer ?? check(db, rootId, root, wallClock, recentMs, mid, hi + 1)];
    if (answer) threads = 2;
    port1.close();
    void worker?.terminate();
  }
  return {
    known: parts.reduce((n, p) => n + p.known, 0),
    threads,
    problems: parts.flatMap((p) => p.problems),
    changed: parts.flatMap((p) => p.changed).map(([id, parent_id, rel, mtime_ms, sealed, seen]) => ({ id, parent_id, rel, mtime_ms, sealed, seen })),
  };
}
