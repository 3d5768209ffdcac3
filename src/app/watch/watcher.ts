/**
 * `vstor watch`: a first scan, then follow the archive. A large archive has millions of folders, far past
 * what inotify can watch, so only the live folders are followed (live-folders.ts: the roots and the folders
 * that changed lately, one watch each); periodic incremental rescans cover the rest.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LiveFolders } from './live-folders.ts';
import { eventWriter } from '../../index/events.ts';
import { splitChannelKey } from '../../archive/layouts/types.ts';
import { iso } from '../../archive/time.ts';
import type { Store } from '../../index/store.ts';
import { judgeArchive, recorderOf, type AuditOptions, type AuditResult } from '../audit.ts';
import { scanRoot, type ScanResult } from '../scan.ts';
import { removalType, type WatchEvent } from './events.ts';
import { DeviceAsks } from './device-asks.ts';
import { withDevices } from '../devices-asked.ts';

/** new paths remembered in one pass to tell which damaged segments are new: a bound, not a list of all */
const MAX_FRESH = 100_000;

export interface WatchOptions extends Omit<AuditOptions, 'now'> {
  rescanEveryMs: number;
  poll: boolean;
  /** at most this many recently changed folders a root are followed live (an inotify watch each) */
  liveFolders?: number;
  clock?: () => number;
  emit: (e: WatchEvent) => void;
  /** after each pass over every folder of every root (not a pass over changed folders): its real time */
  onFullPass?: (wallMs: number) => void;
  /** verdicts of changed channels at most this often (default JUDGE_EVERY_MS; tests shorten it) */
  judgeEveryMs?: number;
  /** recorders reached over their APIs (`devices` of AuditOptions) are asked again this often */
  askDevicesEveryMs?: number;
  /** every result judged, folders' and devices' (a screen keeps its rows from them) */
  onJudged?: (result: AuditResult) => void;
}

/** changes are gathered this long after the first one, then scanned together (never put off for longer) */
const GATHER_MS = 300;
/** verdicts of changed channels are worked out this often at the most, and at least 3x as long as the last took */
const JUDGE_EVERY_MS = 5_000;
/** channels judged in one step; pending scans go between steps */
const JUDGE_BATCH = 25;
/** a folder changed this recently is where a recorder writes now */
const LIVE_MS = 15 * 60_000;
/** the live folders are looked at again at most this often */
const REFOLLOW_MS = 2_000;
/** changed folders whose scan could not be written are scanned again after this, doubling up to 60 s */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;
/** recorders over their APIs are asked again this often unless told: a list of 90 days is thousands of requests */
const DEVICES_EVERY_MS = 15 * 60_000;

/**
 * Events come from scans, verdicts from judging, and the two are kept apart: a scan of the folders that
 * changed is cheap and runs within GATHER_MS of a change, so `added` and `removed` events are prompt however
 * busy the archive is; judging reads a channel's whole window and runs behind, in steps, at most every
 * JUDGE_EVERY_MS, with scans going first. (A watcher that judged after every scan fell ever further behind
 * under 2000 segments a minute: bench/watch-load.ts.)
 */
export class ArchiveWatcher {
  private live?: LiveFolders;
  private timer?: NodeJS.Timeout;
  /** folders that changed since the last gathered scan, by root */
  private changedFolders = new Map<string, Set<string>>();
  private gather?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private verdicts = new Map<string, string>();
  private scans: ScanResult[] = [];
  private stopped = false;
  private readonly insertEvent;
  /** channels changed since they were last judged */
  private touched = new Set<string>();
  /** new segments not yet judged, to tell which damaged ones are news: a bound, not a list of all */
  private fresh = new Set<string>();
  private judgeTimer?: NodeJS.Timeout;
  private lastJudgeMs = 0;
  private lastJudgeAt = -Infinity;
  private lastFollow = -Infinity;
  /** events of the write batch in progress: reported once it is committed, so a batch rolled back is news again */
  private staged: Omit<WatchEvent, 'at'>[] = [];
  /** while the index cannot be written: the wait before the held folders are scanned again */
  private retryMs = 0;
  private retry?: NodeJS.Timeout;
  private deviceAsks?: DeviceAsks;

  constructor(private readonly store: Store, private readonly opts: WatchOptions) {
    this.insertEvent = eventWriter(store.db);
    if (opts.devices?.length) {
      this.deviceAsks = new DeviceAsks(store, {
        devices: opts.devices,
        everyMs: opts.askDevicesEveryMs ?? DEVICES_EVERY_MS,
        zone: opts.zone,
        now: () => this.now(),
        problem: (detail) => this.emit({ type: 'warning', detail }),
        // a device's channels judged from its own ask, read through its sessions while they are open
        judge: async (asked) => this.report(await judgeArchive(this.store, asked.scans, withDevices({ ...this.opts, now: this.now(), record: false, scrubCycle: 0 }, asked)), new Set()),
      });
    }
  }

  private now(): number {
    return (this.opts.clock ?? Date.now)();
  }

  private emit(e: Omit<WatchEvent, 'at'>): void {
    const event: WatchEvent = { ...e, at: iso(this.now()) };
    this.opts.emit(event);
    if (e.type === 'removed-early' || e.type === 'damaged' || e.type === 'verdict') {
      try {
        this.insertEvent({ atMs: this.now(), type: e.type, recorder: e.recorder ?? null, channel: e.channel ?? null, path: e.path ?? null, startMs: e.start ? Date.parse(e.start) : null, detail: e.detail ?? e.verdict ?? null });
      } catch (err) {
        // the event is printed all the same; only the index's history of it is missing
        this.opts.emit({ type: 'warning', at: event.at, detail: `${e.type} event of ${e.path ?? e.channel ?? ''} not kept in the index: ${(err as Error).message}` });
      }
    }
  }

  private flushStaged(): void {
    const staged = this.staged;
    this.staged = [];
    for (const e of staged) this.emit(e);
  }

  /** Scans everything, or the folders that changed, and reports what came and went. */
  private scan(only?: Map<string, Set<string>>): boolean {
    const now = this.now();
    // the first pass is the baseline: its segments are not news, and holding them would cost memory per file
    const baseline = this.verdicts.size === 0 && this.scans.length === 0;
    const roots = only ? [...only.keys()] : this.opts.roots;
    const results: ScanResult[] = [];
    for (const root of roots) {
      const rels = only?.get(root);
      this.staged = [];
      results.push(
        scanRoot(this.store, root, {
          layout: this.opts.layout,
          zone: this.opts.zone,
          now,
          only: rels ? [...rels] : undefined,
          onAdded: (r, list) => {
            if (baseline) return;
            for (const a of list) {
              this.touched.add(a.channel);
              const path = join(r, a.path);
              if (this.fresh.size < MAX_FRESH) this.fresh.add(path);
              this.staged.push({ type: 'added', ...this.who(r, a.channel), path, start: iso(a.start) });
            }
          },
          onRemoved: (r, list) => {
            for (const x of list) {
              this.touched.add(x.channel);
              this.staged.push({ type: removalType(x.start, now, this.opts.policy.retentionDays), ...this.who(r, x.channel), path: join(r, x.path), start: iso(x.start) });
            }
          },
          onCommitted: () => this.flushStaged(),
        }),
      );
    }
    if (!only) {
      this.scans = results;
      // when, in real time: written beside the lock for `audit --from-watch` to judge how old the pass is
      this.opts.onFullPass?.(Date.now());
    }
    return results.some((r) => r.newDirs > 0);
  }

  /** The recorder and name of a channel as the index keys it (a device folder's recorder, else the root's). */
  private who(root: string, key: string): { recorder: string; channel: string } {
    const { recorder, channel } = splitChannelKey(key);
    return { recorder: recorder ?? recorderOf(this.opts, root), channel };
  }

  /** Judges every channel (the baseline), or those changed since they were last judged, a batch a step. */
  private async judgeAll(all: boolean): Promise<void> {
    const t0 = performance.now();
    const names = all ? undefined : [...this.touched];
    this.touched.clear();
    const fresh = this.fresh;
    this.fresh = new Set();
    if (names === undefined) {
      this.report(await judgeArchive(this.store, this.scans, { ...this.opts, now: this.now(), record: false, scrubCycle: 0 }), fresh);
    } else {
      for (let i = 0; i < names.length && !this.stopped; i += JUDGE_BATCH) {
        const batch = names.slice(i, i + JUDGE_BATCH);
        // each batch takes its turn in the queue: scans that came in meanwhile go first
        await this.queue(async () => this.report(await judgeArchive(this.store, this.scans, { ...this.opts, now: this.now(), record: false, scrubCycle: 0, channels: batch }), fresh));
      }
    }
    this.lastJudgeMs = performance.now() - t0;
    this.lastJudgeAt = performance.now();
  }

  private scheduleJudge(): void {
    if (this.judgeTimer || this.stopped || this.touched.size === 0) return;
    const gap = Math.max(this.opts.judgeEveryMs ?? JUDGE_EVERY_MS, 3 * this.lastJudgeMs);
    const wait = Math.max(0, this.lastJudgeAt + gap - performance.now());
    this.judgeTimer = setTimeout(() => {
      void this.judgeAll(false)
        .catch((e: Error) => this.emit({ type: 'warning', detail: e.message }))
        .finally(() => {
          this.judgeTimer = undefined;
          this.scheduleJudge();
        });
    }, wait);
  }

  private report(result: AuditResult, fresh: Set<string>): void {
    this.opts.onJudged?.(result);
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

  private queue(work: () => Promise<void> | void): Promise<void> {
    this.running = this.running.then(work).catch((e: Error) => this.emit({ type: 'warning', detail: e.message }));
    return this.running;
  }

  /**
   * Folders to follow live: each root, every folder changed in the last LIVE_MS (where recorders write now:
   * one a camera, hundreds on a big recorder, up to a bound), and the few changed last however long ago (a
   * quiet archive's newest, where a recorder resumes), each with the folders above it.
   */
  private liveFolders(): string[] {
    const out: string[] = [];
    for (const s of this.scans) {
      out.push(s.root);
      const dirs = [...this.store.newestDirs(s.rootId, 16), ...this.store.recentDirs(s.rootId, this.now() - LIVE_MS, this.opts.liveFolders ?? 4000)];
      for (const d of dirs) {
        // the folder itself and every folder above it: a new hour or day folder appears in its parent
        const parts = d.rel.split('/');
        for (let i = 1; i <= parts.length; i++) out.push(join(s.root, ...parts.slice(0, i)));
      }
    }
    return [...new Set(out)];
  }

  private follow(): void {
    this.live = new LiveFolders({
      poll: this.opts.poll,
      intervalMs: 2000,
      onChange: (folder) => this.changed(folder),
      onWarning: (detail) => this.emit({ type: 'warning', detail }),
    });
    this.lastFollow = performance.now();
    this.live.set(this.liveFolders());
  }

  /** A followed folder changed: it is listed again (with whatever is new under it) in the next gathered scan. */
  private changed(folder: string): void {
    const root = this.opts.roots.find((r) => folder === r || folder.startsWith(`${r}/`));
    if (!root) return;
    const rel = folder.length <= root.length ? '' : folder.slice(root.length + 1);
    const set = this.changedFolders.get(root) ?? new Set<string>();
    set.add(rel);
    this.changedFolders.set(root, set);
    // gathered from the first change on, not from the last: a steady stream must not put the scan off;
    // while the index cannot be written, the retry takes them along
    if (this.retry) return;
    this.gather ??= setTimeout(() => {
      this.gather = undefined;
      this.scanChanged();
    }, GATHER_MS);
  }

  /** The folders that changed, scanned in the queue's turn; held for a retry when the index cannot be written. */
  private scanChanged(): void {
    const only = this.changedFolders;
    this.changedFolders = new Map();
    void this.queue(() => {
      let grew: boolean;
      try {
        grew = this.scan(only);
      } catch (e) {
        this.hold(only, e as Error);
        return;
      }
      if (this.retryMs > 0) this.emit({ type: 'warning', detail: 'the index is written again: the held changes are recorded and reported' });
      this.retryMs = 0;
      // a new folder (the next hour's, a new camera's) is followed at once: its next files are news too
      this.refollow(grew);
      this.scheduleJudge();
    });
  }

  /**
   * A scan that could not be written (a full disk, a locked or read-only index) was rolled back: its
   * folders are scanned again later, with what changed meanwhile, and the operator is told once.
   */
  private hold(only: Map<string, Set<string>>, e: Error): void {
    this.staged = [];
    for (const [root, rels] of only) {
      const set = this.changedFolders.get(root) ?? new Set<string>();
      for (const rel of rels) set.add(rel);
      this.changedFolders.set(root, set);
    }
    const first = this.retryMs === 0;
    this.retryMs = first ? RETRY_FIRST_MS : Math.min(RETRY_MAX_MS, 2 * this.retryMs);
    if (first) {
      const folders = [...only.values()].reduce((n, rels) => n + rels.size, 0);
      this.emit({ type: 'warning', detail: `the index cannot be written (${e.message}): changes in ${folders} folder(s) are held and scanned again every ${RETRY_FIRST_MS / 1000}-${RETRY_MAX_MS / 1000} s; their new and removed segments are reported once written` });
    }
    if (this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.scanChanged();
    }, this.retryMs);
  }

  /**
   * New folders appear as the recorder moves on to a new hour or day: follow them, and stop following those
   * it left (each followed folder holds an inotify watch, so an hour's folders must not pile up).
   */
  private refollow(force = false): void {
    if (!this.live || this.stopped || (!force && performance.now() - this.lastFollow < REFOLLOW_MS)) return;
    this.lastFollow = performance.now();
    this.live.set(this.liveFolders());
  }

  /** The first pass, then following. A first pass that fails (a bad layout, an unreadable root) rejects. */
  async start(): Promise<void> {
    const first = this.running.then(async () => {
      this.scan();
      await this.judgeAll(true);
      await this.deviceAsks?.askOnce();
    });
    this.running = first.catch(() => {});
    await first;
    const result = this.verdicts;
    this.emit({ type: 'ready', detail: `${result.size} channels; ${[...result.values()].filter((v) => v === 'fail').length} failing` });
    this.follow();
    this.deviceAsks?.start((e) => this.emit({ type: 'warning', detail: `asking the devices failed: ${e.message}` }));
    this.timer = setInterval(
      () =>
        void this.queue(() => {
          try {
            this.scan();
          } catch (e) {
            this.staged = [];
            this.emit({ type: 'warning', detail: `the pass over every folder could not be written to the index (${(e as Error).message}); it runs again in ${Math.round(this.opts.rescanEveryMs / 1000)} s` });
            return;
          }
          this.refollow(true);
          this.scheduleJudge();
        }),
      this.opts.rescanEveryMs,
    );
  }

  /** Stops following; waits for a pass in progress so the index is left consistent. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.gather);
    clearTimeout(this.judgeTimer);
    clearTimeout(this.retry);
    this.live?.close();
    await this.deviceAsks?.stop();
    await this.running;
  }
}
