/**
 * The mtimes of the folders an index already knows, read before a rescan walks them. A rescan of an
 * unchanged archive is nothing but these lstat calls (one a folder: 220 k for 100 cameras x 91 days of
 * hourly folders), and they wait on the kernel, so half of them go to a worker thread on the other core:
 * 2.46 s in one thread, 1.41 s in two (`node bench/folder-mtimes.mjs`). The scan stays synchronous: this
 * thread does its half, then waits on a shared flag for the worker's.
 */
import { lstatSync } from 'node:fs';
import { isMainThread, Worker } from 'node:worker_threads';

/** below this many folders a worker costs more to start than it saves */
const PARALLEL_MIN = 20_000;
const WAIT_MS = 120_000;

const WORKER = `
const { workerData } = require('node:worker_threads');
const { lstatSync } = require('node:fs');
const { root, rels, out, offset, flag } = workerData;
const mtimes = new Float64Array(out);
const done = new Int32Array(flag);
try {
  for (let at = 0, i = offset; at <= rels.length; i++) {
    let end = rels.indexOf('\\0', at);
    if (end < 0) end = rels.length;
    const rel = rels.slice(at, end);
    const st = lstatSync(rel ? root + '/' + rel : root, { throwIfNoEntry: false });
    mtimes[i] = st && st.isDirectory() ? st.mtimeMs : -1;
    at = end + 1;
  }
  Atomics.store(done, 0, 1);
} catch {
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
`;

function lstatRange(root: string, rels: string[], out: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const rel = rels[i]!;
    const st = lstatSync(rel ? `${root}/${rel}` : root, { throwIfNoEntry: false });
    out[i] = st && st.isDirectory() ? st.mtimeMs : -1;
  }
}

/** Each folder's mtime (folders by path relative to `root`), or -1 where it is gone or is no longer a folder. */
export function folderMtimes(root: string, rels: string[]): Float64Array {
  const n = rels.length;
  if (n < PARALLEL_MIN || !isMainThread) {
    const out = new Float64Array(n);
    lstatRange(root, rels, out, 0, n);
    return out;
  }
  const shared = new SharedArrayBuffer(8 * n);
  const flag = new SharedArrayBuffer(4);
  const out = new Float64Array(shared);
  const half = n >> 1;
  let worker: Worker | undefined;
  try {
    // a path holds no NUL: the worker's half crosses as one string, not 100 k cloned ones
    worker = new Worker(WORKER, { eval: true, workerData: { root, rels: rels.slice(half).join('\0'), out: shared, offset: half, flag } });
    worker.unref();
  } catch {
    worker = undefined;
  }
  lstatRange(root, rels, out, 0, half);
  const done = new Int32Array(flag);
  if (worker) Atomics.wait(done, 0, 0, WAIT_MS);
  // no worker, a failed one or one still running: this thread reads the other half too
  if (Atomics.load(done, 0) !== 1) lstatRange(root, rels, out, half, n);
  void worker?.terminate();
  return out;
}
