/**
 * A listing worker of the scan's folder queue (folder-lister.ts): lists the folders of each job it is sent
 * (folder-list.ts, stat by absolute path), answers on its port and raises the shared counter so the scan's
 * thread, waiting on it, wakes. An error is answered too, so the scan lists those folders itself.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { listFolder, statByPath, type FolderListing, type StatFn } from './folder-list.ts';

export interface FolderListSetup {
  root: string;
  /** the process's working directory is the root (the scan's thread changed into it): stat relative to it */
  relative: boolean;
  port: MessagePort;
  flag: SharedArrayBuffer;
}

/** folders as [rel, needSeen] */
export interface FolderListJob {
  id: number;
  folders: [string, boolean][];
}

export type FolderListReply = { id: number; listings: FolderListing[] } | { id: number; error: string };

const setup = workerData as FolderListSetup;
const counter = new Int32Array(setup.flag);
// the root's own length: a path under it, cut there, is relative to the working directory
const cut = setup.root.length + 1;
const stat: StatFn = setup.relative ? (dir, name) => statByPath(dir.length < cut ? '.' : dir.slice(cut), name, true) : statByPath;

parentPort!.on('message', (job: FolderListJob) => {
  let reply: FolderListReply;
  try {
    reply = { id: job.id, listings: job.folders.map(([rel, needSeen]) => listFolder(setup.root, rel, needSeen, stat)) };
  } catch (e) {
    reply = { id: job.id, error: (e as Error).message };
  }
  setup.port.postMessage(reply);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});
