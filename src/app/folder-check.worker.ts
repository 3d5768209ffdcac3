/**
 * The rescan's folder check, the worker thread's half (folder-check.ts): the same rules, its own read-only
 * connection to the index, folders looked at by absolute path (a worker cannot change directory). It
 * answers on the port and raises the shared flag: 1 with its answer, 2 with the error it met, which the
 * main thread reports, so a failing worker is seen rather than silently leaving one thread to do it all.
 */
import { lstatSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import { foldersById, openReadOnly } from '../index/folders.ts';
import { folderMtime, mustList } from '../archive/folder-state.ts';
import { fsPath } from '../archive/names.ts';

export interface FolderCheckJob {
  file: string;
  rootId: number;
  from: number;
  to: number;
  root: string;
  wallClock: number;
  recentMs: number;
  port: MessagePort;
  flag: SharedArrayBuffer;
}

const job = workerData as FolderCheckJob;
const done = new Int32Array(job.flag);
try {
  const db = openReadOnly(job.file);
  const changed: unknown[] = [];
  const problems: string[] = [];
  let known = 0;
  try {
    for (const row of foldersById(db, job.rootId, job.from, job.to)) {
      known++;
      const rel = row[2];
      const seen = folderMtime(() => lstatSync(fsPath(job.root, rel), { throwIfNoEntry: false }), job.root, rel);
      if (typeof seen === 'string') problems.push(seen);
      else if (mustList(row[3], row[4], seen, job.wallClock, job.recentMs)) changed.push([...row, seen]);
    }
  } finally {
    db.close();
  }
  job.port.postMessage({ known, changed, problems });
  Atomics.store(done, 0, 1);
} catch (e) {
  job.port.postMessage({ error: (e as Error).message });
  Atomics.store(done, 0, 2);
}
Atomics.notify(done, 0);
