/**
 * The scan's folder queue. A scan pushes the folders it must list and takes their listings back one at a
 * time, each with the visit it pushed; a folder's subfolders are pushed only once it has been taken, so a
 * parent is always handled before its children.
 *
 * A big cold scan is mostly stat() calls, which wait on the kernel, and `find` makes them from one thread.
 * Here, once a scan has listed `threadsFrom` files, two worker threads list and stat the folders still
 * queued while this thread reads names and writes the index: on 2 cores 2.6 M files went from 2.8x find to
 * about 1.1x (docs/performance.md; `npx tsx bench/audit.ts ten-second`). Smaller scans never start a worker
 * (one costs tens of milliseconds to start).
 *
 * The scan stays synchronous: this thread waits on a shared counter the workers raise with each answer. A
 * worker that fails or goes silent is not trusted again: the folders it held are listed here.
 */
import { workerEntry } from '../worker-entry.ts';
import { performance } from 'node:perf_hooks';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { listFolder, type FolderListing, type StatFn } from './folder-list.ts';
import type { FolderListJob, FolderListReply, FolderListSetup } from './folder-list.worker.ts';

/** how long a wait for a worker's answer may last before its folders are listed here */
const SILENT_MS = 120_000;
/** jobs a worker holds at once: one it works on, one waiting, so it never idles between them */
const IN_FLIGHT = 2;
const MAX_BATCH = 64;
/** entries a job aims at: enough to pay for a message, few enough to keep memory flat (folder sizes vary) */
const BATCH_ENTRIES = 4_000;

export interface Visit {
  rel: string;
  /** the folder's mtime, when the caller already has it (the rescan's check): no lstat then */
  seen?: number;
}

export interface ListerOptions {
  /** stat for this thread's own listings (by name from inside the folder, where allowed) */
  stat: StatFn;
  /** files listed in this thread before workers start; Infinity: never */
  threadsFrom: number;
  threads: number;
  /**
   * Makes the root the working directory, where the caller allows it; true when it did. The workers then
   * stat by paths relative to the root: fewer components for the kernel to resolve than from `/`.
   */
  enterRoot?: () => boolean;
}

/** The worker's module: compiled beside this one in the bundle, run through tsx from the sources. */
const WORKER = workerEntry(new URL('./folder-list.worker.ts', import.meta.url), new URL('./folder-list.worker.js', import.meta.url));

interface Helper {
  worker: Worker;
  port: MessagePort;
  jobs: Map<number, Visit[]>;
}

export class FolderLister<V extends Visit> {
  private readonly pending: V[] = [];
  private readonly ready: { visit: V; listing: FolderListing }[] = [];
  private helpers: Helper[] = [];
  private filesHere = 0;
  private entriesSeen = 0;
  private foldersSeen = 0;
  private nextJob = 1;
  private flag: Int32Array | undefined;
  /** why the workers were given up, once they were */
  failure: string | undefined;
  /** folders the workers listed */
  listedByWorkers = 0;

  constructor(
    private readonly root: string,
    private readonly opts: ListerOptions,
  ) {}

  push(visit: V): void {
    this.pending.push(visit);
  }

  /** The next listing, or undefined when every pushed folder has been handed back. */
  next(): { visit: V; listing: FolderListing } | undefined {
    for (;;) {
      const done = this.ready.shift();
      if (done) return done;
      if (this.helpers.length === 0) {
        const visit = this.pending.pop();
        if (!visit) return undefined;
        const listing = listFolder(this.root, visit.rel, visit.seen === undefined, this.opts.stat);
        this.filesHere += listing.names.length;
        this.entriesSeen += listing.names.length;
        this.foldersSeen++;
        if (this.filesHere >= this.opts.threadsFrom && this.pending.length > 1 && this.failure === undefined) this.start();
        return { visit, listing };
      }
      this.dispatch();
      // nothing queued and nothing out: every folder has been handed back
      if (this.helpers.every((h) => h.jobs.size === 0)) return undefined;
      this.waitForAnswer();
    }
  }

  /** Stops the workers (the scan's finally). */
  close(): void {
    for (const h of this.helpers) {
      h.port.close();
      void h.worker.terminate();
    }
    this.helpers = [];
  }

  private start(): void {
    if (!isMainThread || this.opts.threads < 1) return;
    const flag = new SharedArrayBuffer(4);
    this.flag = new Int32Array(flag);
    const relative = this.opts.enterRoot?.() ?? false;
    try {
      for (let i = 0; i < this.opts.threads; i++) {
        const { port1, port2 } = new MessageChannel();
        const setup: FolderListSetup = { root: this.root, relative, port: port2, flag };
        // a small young generation: a listing's garbage is short-lived, and each worker's heap counts in the
        // scan's memory (docs/performance.md: peak RSS)
        const worker = new Worker(WORKER.url, { argv: WORKER.argv, workerData: setup, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
        worker.unref();
        this.helpers.push({ worker, port: port1, jobs: new Map() });
      }
    } catch (e) {
      this.giveUp(`could not start a listing thread (${(e as Error).message})`);
      return;
    }
  }

  private dispatch(): void {
    for (const h of this.helpers) {
      while (h.jobs.size < IN_FLIGHT && this.pending.length > 0) {
        // about BATCH_ENTRIES entries a job, by the folders seen so far; smaller while the queue is short,
        // so every worker gets some
        const perFolder = Math.max(1, this.entriesSeen / Math.max(1, this.foldersSeen));
        const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(BATCH_ENTRIES / perFolder), Math.ceil(this.pending.length / (this.helpers.length * IN_FLIGHT))));
        const visits = this.pending.splice(this.pending.length - size, size).reverse();
        const id = this.nextJob++;
        h.jobs.set(id, visits);
        const job: FolderListJob = { id, folders: visits.map((v) => [v.rel, v.seen === undefined]) };
        h.worker.postMessage(job);
      }
    }
  }

  /** Takes every answer waiting, or gives the workers up (their folders are queued again). */
  private waitForAnswer(): void {
    const flag = this.flag!;
    let waited = 0;
    for (;;) {
      const mark = Atomics.load(flag, 0);
      let got = false;
      for (const h of this.helpers) {
        for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
          got = true;
          const reply = m.message as FolderListReply;
          const visits = h.jobs.get(reply.id);
          if (!visits) continue;
          h.jobs.delete(reply.id);
          if ('error' in reply) {
            this.pending.push(...(visits as V[]).reverse());
            this.giveUp(`a listing thread failed (${reply.error})`);
            return;
          }
          reply.listings.forEach((listing, i) => {
            this.ready.push({ visit: visits[i] as V, listing });
            this.entriesSeen += listing.names.length;
          });
          this.foldersSeen += visits.length;
          this.listedByWorkers += visits.length;
        }
      }
      if (got || this.helpers.every((h) => h.jobs.size === 0)) return;
      if (waited >= SILENT_MS) {
        this.giveUp(`a listing thread gave no answer in ${SILENT_MS / 1000} s`);
        return;
      }
      const t0 = performance.now();
      Atomics.wait(flag, 0, mark, 1000);
      waited += performance.now() - t0;
    }
  }

  /** Folders the workers held go back on the queue, in order, and this thread lists everything from now. */
  private giveUp(why: string): void {
    this.failure ??= why;
    for (const h of this.helpers) for (const visits of h.jobs.values()) this.pending.push(...(visits as V[]).reverse());
    this.close();
  }
}
