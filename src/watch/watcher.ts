/**
 * `vstor watch`: a first scan, then follow the archive. chokidar puts one inotify watch on every folder it
 * follows, and a large archive has millions, so it follows only the live folders (the roots and the folders
 * that changed most recently, one level deep each); periodic incremental rescans cover the rest. With
 * `poll` (NFS/SMB, where inotify sees nothing) or after inotify runs out of watches, chokidar polls.
 */
import { join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { iso } from '../archive/time.ts';
import type { Store } from '../index/store.ts';
import { judgeArchive, recorderOf, type AuditOptions, type AuditResult } from '../scan/audit.ts';
import { scanRoot, type ScanResult } from '../scan/scan.ts';
import { removalType, type WatchEvent } from './events.ts';

/** a file older than this in a followed folder is not tracked file by file */
const FRESH_FILE_MS = 10 * 60_000;

/** new paths remembered in one pass to tell which damaged segments are new: a bound, not a list of all */
const MAX_FRESH = 100_000;

export interface WatchOptions extends Omit<AuditOptions, 'now'> {
  rescanEveryMs: number;
  poll: boolean;
  /** folders a root follows live, besides the root */
  liveFolders?: number;
  clock?: () => number;
  emit: (e: WatchEvent) => void;
  /** how long a file must stay unchanged before it counts (longer than a recorder's write pauses) */
  writeFinishMs?: number;
}

export class ArchiveWatcher {
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private pending = new Map<string, Set<string>>();
  private debounce?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private verdicts = new Map<string, string>();
  private scans: ScanResult[] = [];
  private stopped = false;
  private polling: boolean;
  private readonly insertEvent;

  constructor(private readonly store: Store, private readonly opts: WatchOptions) {
    this.polling = opts.poll;
    this.insertEvent = store.db.prepare('INSERT INTO events (at_ms, type, recorder, channel, path, start_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  private emit(e: Omit<WatchEvent, 'at'>): void {
    const event: WatchEvent = { ...e, at: iso(this.now()) };
    if (e.type === 'removed-early' || e.type === 'damaged' || e.type === 'verdict') {
      this.insertEvent.run(this.now(), e.type, e.recorder ?? null, e.channel ?? null, e.path ?? null, e.start ? Date.parse(e.start) : null, e.detail ?? e.verdict ?? null);
    }
    this.opts.emit(event);
  }

  /** One pass: scan (everything, or the folders that changed), probe what is new, re-judge what moved. */
  private async pass(only?: Map<string, Set<string>>): Promise<void> {
    const now = this.now();
    const touched = new Set<string>();
    // the first pass is the baseline: its segments are not news, and holding them would cost memory per file
    const baseline = this.verdicts.size === 0;
    const fresh = new Set<string>();
    const roots = only ? [...only.keys()] : this.opts.roots;
    const results: ScanResult[] = [];
    for (const root of roots) {
      const rels = only?.get(root);
      results.push(
        scanRoot(this.store, root, {
          layout: this.opts.layout,
          zone: this.opts.zone,
          now,
          only: rels ? [...rels] : undefined,
          onAdded: (r, list) => {
            if (baseline) return;
            for (const a of list) {
              touched.add(a.channel);
              const path = join(r, a.path);
              if (fresh.size < MAX_FRESH) fresh.add(path);
              this.emit({ type: 'added', recorder: recorderOf(this.opts, r), channel: a.channel, path, start: iso(a.start) });
            }
          },
          onRemoved: (r, list) => {
            for (const x of list) {
              touched.add(x.channel);
              this.emit({ type: removalType(x.start, now, this.opts.policy.retentionDays), recorder: recorderOf(this.opts, r), channel: x.channel, path: join(r, x.path), start: iso(x.start) });
            }
          },
        }),
      );
    }
    if (!only) this.scans = results;
    if (!baseline && touched.size === 0) return;
    const result = await judgeArchive(this.store, this.scans, { ...this.opts, now, record: false, channels: baseline ? this.opts.channels : [...touched] });
    this.report(result, fresh);
  }

  private report(result: AuditResult, fresh: Set<string>): void {
    for (const c of result.channels) {
      // a channel is its recorder and its name
      const key = `${c.recorder}\u0000${c.channel}`;
      const before = this.verdicts.get(key);
      if (before !== undefined && before !== c.verdict) this.emit({ type: 'verdict', recorder: c.recorder, channel: c.channel, verdict: c.verdict, previous: before, reasons: c.reasons });
      this.verdicts.set(key, c.verdict);
      if (before === undefined) continue; // the first pass is the baseline; `ready` reports it
      for (const p of c.problems) if (fresh.has(p.path)) this.emit({ type: 'damaged', recorder: c.recorder, channel: c.channel, path: p.path, detail: p.detail });
    }
  }

  private queue(work: () => Promise<void>): Promise<void> {
    this.running = this.running.then(work).catch((e: Error) => this.emit({ type: 'warning', detail: e.message }));
    return this.running;
  }

  /** Folders to follow live: each root and the folders that changed most recently. */
  private liveFolders(): string[] {
    const out: string[] = [];
    for (const s of this.scans) {
      out.push(s.root);
      for (const d of this.store.newestDirs(s.rootId, this.opts.liveFolders ?? 64)) {
        // the folder itself and every folder above it: a new hour or day folder appears in its parent
        const parts = d.rel.split('/');
        for (let i = 1; i <= parts.length; i++) out.push(join(s.root, ...parts.slice(0, i)));
      }
    }
    return [...new Set(out)];
  }

  private follow(): void {
    const folders = this.liveFolders();
    this.watcher = watch(folders, {
      depth: 0,
      ignoreInitial: true,
      usePolling: this.polling,
      interval: 2000,
      // chokidar keeps a watcher for every file it tracks; old segments in a live folder are not news, so
      // only files written in the last few minutes are tracked (new files pass, being new)
      ignored: (p: string, stats?: { isFile(): boolean; mtimeMs: number }) => /(^|\/)\./.test(p.slice(1)) || (stats !== undefined && stats.isFile() && this.now() - stats.mtimeMs > FRESH_FILE_MS),
      awaitWriteFinish: { stabilityThreshold: this.opts.writeFinishMs ?? 2000, pollInterval: 250 },
    });
    const changed = (path: string) => this.changed(path);
    this.watcher.on('add', changed).on('unlink', changed).on('addDir', changed).on('unlinkDir', changed);
    this.watcher.on('error', (err: unknown) => {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOSPC' && !this.polling) {
        this.emit({ type: 'warning', detail: 'inotify ran out of watches: raise fs.inotify.max_user_watches (sysctl -w fs.inotify.max_user_watches=524288); polling meanwhile' });
        this.polling = true;
        void this.watcher?.close().then(() => this.follow());
      } else {
        this.emit({ type: 'warning', detail: `watcher: ${e.message}` });
      }
    });
  }

  private changed(path: string): void {
    const root = this.opts.roots.find((r) => path === r || path.startsWith(`${r}/`));
    if (!root) return;
    // the folder that holds the change is what needs listing again
    const dir = path.slice(0, path.lastIndexOf('/'));
    const rel = dir.length <= root.length ? '' : dir.slice(root.length + 1);
    const set = this.pending.get(root) ?? new Set<string>();
    set.add(rel);
    this.pending.set(root, set);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      const only = this.pending;
      this.pending = new Map();
      void this.queue(async () => {
        await this.pass(only);
        await this.refollow();
      });
    }, 300);
  }

  /** New folders appear as the recorder moves on to a new hour or day: follow them too. */
  private async refollow(): Promise<void> {
    if (!this.watcher || this.stopped) return;
    const have = new Set(Object.entries(this.watcher.getWatched()).map(([d]) => d));
    const add = this.liveFolders().filter((f) => !have.has(f));
    if (add.length > 0) this.watcher.add(add);
  }

  async start(): Promise<void> {
    await this.queue(() => this.pass());
    const result = this.verdicts;
    this.emit({ type: 'ready', detail: `${result.size} channels; ${[...result.values()].filter((v) => v === 'fail').length} failing` });
    this.follow();
    this.timer = setInterval(() => void this.queue(async () => {
      await this.pass();
      await this.refollow();
    }), this.opts.rescanEveryMs);
  }

  /** Stops following; waits for a pass in progress so the index is left consistent. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    await this.watcher?.close();
    await this.running;
  }
}
