/**
 * Which known folders a rescan must list: those whose mtime changed, that are gone, that were touched
 * recently (a segment may still grow) or were never listed closed. An unchanged archive costs one lstat a
 * folder and nothing else, and those calls wait on the kernel, so half of the folders go to a worker thread
 * on the other core, with its own read-only connection to the index. The scan stays synchronous: this
 * thread checks its half, then waits on a shared flag and takes the worker's answer off a message port.
 * 220 k folders: 2.12 s in one thread, 1.20 s in two (`node bench/stat-by-name.mjs bench/out/hourly`).
 */
import { workerEntry } from '../worker-entry.ts';
import { lstatSync } from 'node:fs';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { folderIdRange, foldersById, type FolderRaw } from '../index/folders.ts';
import type { DB } from '../index/open.ts';
import type { DirRow } from '../index/store.ts';
import type { FolderCheckJob } from './folder-check.worker.ts';
import { folderMtime, mustList } from '../archive/folder-state.ts';
import { NameStat } from '../archive/name-stat.ts';

/** below this many folders a worker costs more to start than it saves */
const PARALLEL_MIN = 20_000;
const WAIT_MS = 300_000;
const MAIN_SHARE = 0.6;

type Checked = [...FolderRaw, seen: number];
type Part = { known: number; changed: Checked[]; problems: string[] };

/** The worker's module: compiled beside this one in the bundle, run through tsx from the sources. */
const WORKER = workerEntry(new URL('./folder-check.worker.ts', import.meta.url), new URL('./folder-check.worker.js', import.meta.url));

export interface FolderCheck {
  /** folders the index knows under the root */
  known: number;
  /** folders that could not be checked (EACCES): reported, and kept as the index has them */
  problems: string[];
  /** the ones to list, with `seen` = their mtime now (-1: gone or no longer a folder) */
  changed: DirRow[];
  /** threads that did the checking: 2 when the worker answered */
  threads: number;
  /** why the worker thread did not answer, when it did not: the check was done in this thread instead */
  workerError?: string;
}

/**
 * This thread's part. Rows come in id order, and a folder's subfolders got consecutive ids when it was
 * listed, so each is lstat'ed by name from inside its parent (see name-stat.ts): one path component for
 * the kernel to resolve instead of the whole path. A worker thread cannot change directory; this one can.
 */
function check(db: DB, rootId: number, root: string, wallClock: number, recentMs: number, from: number, to: number, chdir?: (dir: string) => void): Part {
  const changed: Checked[] = [];
  const problems: string[] = [];
  const names = new NameStat(chdir);
  let known = 0;
  let parentId: number | null | undefined;
  let parent = root;
  try {
    for (const row of foldersById(db, rootId, from, to)) {
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

/**
 * `chdir`: how to change the process's working directory, where the caller allows it (the CLI does): this
 * thread then looks at folders by name from inside their parent, which is faster (name-stat.ts).
 */
export function changedFolders(db: DB, rootId: number, root: string, wallClock: number, recentMs: number, options: number | { parallelMin?: number; chdir?: (dir: string) => void } = {}): FolderCheck {
  const opts = typeof options === 'number' ? { parallelMin: options } : options;
  const { lo, hi, n } = folderIdRange(db, rootId);
  let parts: Part[];
  let threads = 1;
  let workerError: string | undefined;
  if (n < (opts.parallelMin ?? PARALLEL_MIN) || db.memory || !isMainThread || lo === null || hi === null) {
    parts = [check(db, rootId, root, wallClock, recentMs, lo ?? 0, (hi ?? 0) + 1, opts.chdir)];
  } else {
    // this thread's lstat by name is the quicker: it takes the larger part
    const mid = Math.round(lo + (hi + 1 - lo) * MAIN_SHARE);
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    let worker: Worker | undefined;
    try {
      const job: FolderCheckJob = { file: db.name, rootId, from: mid, to: hi + 1, root, wallClock, recentMs, port: port2, flag };
      worker = new Worker(WORKER.url, { argv: WORKER.argv, workerData: job, transferList: [port2] });
      worker.unref();
    } catch (e) {
      workerError = (e as Error).message;
      worker = undefined;
    }
    const mine = check(db, rootId, root, wallClock, recentMs, lo, mid, opts.chdir);
    const done = new Int32Array(flag);
    if (worker) Atomics.wait(done, 0, 0, WAIT_MS);
    const message = Atomics.load(done, 0) !== 0 ? (receiveMessageOnPort(port1)?.message as (Part & { error?: string }) | undefined) : undefined;
    if (message?.error) workerError = message.error;
    else if (worker && !message) workerError = `no answer in ${WAIT_MS / 1000} s`;
    const answer = message && !message.error ? message : undefined;
    // no worker, a failed one or one still running: this thread checks the other half too
    parts = [mine, answer ?? check(db, rootId, root, wallClock, recentMs, mid, hi + 1, opts.chdir)];
    if (answer) threads = 2;
    port1.close();
    void worker?.terminate();
  }
  return {
    known: parts.reduce((k, p) => k + p.known, 0),
    threads,
    workerError,
    problems: parts.flatMap((p) => p.problems),
    changed: parts.flatMap((p) => p.changed).map(([id, parent_id, rel, mtime_ms, sealed, seen]) => ({ id, parent_id, rel, mtime_ms, sealed, seen })),
  };
}
