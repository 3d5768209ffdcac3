/** An audit: scan the roots, probe what decides the verdicts, judge every channel from the index. */
import { statfsSync, statSync } from 'node:fs';
import { shownPath } from '../archive/names.ts';
import { layoutByName, LAYOUTS } from '../archive/layouts/index.ts';
import { MEDIA_EXTENSIONS, splitChannelKey } from '../archive/layouts/types.ts';
import { computeIndicators } from '../audit/indicators.ts';
import type { ChannelVerdict, Verdict } from '../audit/verdict.ts';
import { InputError } from '../errors.ts';
import { eventCounts } from '../index/events.ts';
import { saveRun } from '../index/history.ts';
import { IndexInUse, lockIndex, readHolder } from '../index/lock.ts';
import { AuditQueries } from '../index/queries.ts';
import type { Store } from '../index/store.ts';
import type { AuditedChannel, AuditResult, Summary } from '../result/audit-result.ts';
import type { AuditOptions } from './audit-options.ts';
import type { DeviceSession } from './device-scan.ts';
import { askDevices, withDevices } from './devices-asked.ts';
import { judgeRecorder } from './judge-recorder.ts';
import { rootPath, scanRoot, type ScanResult } from './scan.ts';

export type { AuditedChannel, AuditResult, Summary } from '../result/audit-result.ts';
export type { AuditOptions } from './audit-options.ts';




/** Sizes of the file systems the roots live on, each device counted once. */
function storageOf(roots: string[]): { capacity: number; used: number } | undefined {
  const seen = new Set<number>();
  let capacity = 0;
  let used = 0;
  for (const root of roots) {
    try {
      const dev = statSync(root).dev;
      if (seen.has(dev)) continue;
      seen.add(dev);
      const fs = statfsSync(root);
      capacity += fs.blocks * fs.bsize;
      used += (fs.blocks - fs.bfree) * fs.bsize;
    } catch {
      return undefined;
    }
  }
  return { capacity, used };
}

export function scanAll(store: Store, opts: Pick<AuditOptions, 'roots' | 'now' | 'zone' | 'layout' | 'onScanProgress' | 'onRemoved' | 'chdir' | 'listThreadsFrom'>): ScanResult[] {
  return opts.roots.map((root) =>
    scanRoot(store, root, { layout: opts.layout, zone: opts.zone, now: opts.now, chdir: opts.chdir, listThreadsFrom: opts.listThreadsFrom, onProgress: opts.onScanProgress, onRemoved: opts.onRemoved }),
  );
}

export async function runAudit(store: Store, opts: AuditOptions): Promise<AuditResult> {
  if (opts.fromWatch) return judgeArchive(store, watchedScans(store, opts), opts);
  const startedWall = Date.now();
  const unlock = lockIndex(opts.dbFile, { command: 'audit', at: startedWall });
  try {
    const scans = scanAll(store, opts);
    const asked = opts.devices ? await askDevices(store, opts.devices, { now: opts.now, zone: opts.zone }) : undefined;
    try {
      return await judgeArchive(store, [...scans, ...(asked?.scans ?? [])], withDevices(opts, asked), startedWall);
    } finally {
      asked?.close();
    }
  } finally {
    unlock();
  }
}


/** how much later than the watcher's rescan period its last full pass may be (a pass takes time) */
const WATCH_SLACK_MS = 5 * 60_000;

/**
 * `--from-watch`: the roots as the index a running `vstor watch` keeps current has them, instead of a scan.
 * The watcher holds the index's lock, follows live folders as they change and goes over every folder each
 * rescan period; deletions in closed folders are seen at that pass. So the index is trusted only while the
 * lock's holder is a live watcher whose last full pass is within its period (plus a pass's time), and every
 * root was scanned; otherwise the audit refuses and says why.
 */
function watchedScans(store: Store, opts: AuditOptions): ScanResult[] {
  let unlock: (() => void) | undefined;
  try {
    unlock = lockIndex(opts.dbFile, { command: 'audit --from-watch', at: Date.now() });
  } catch (e) {
    if (!(e instanceof IndexInUse)) throw e;
  }
  if (unlock) {
    unlock();
    throw new InputError(`--from-watch: no vstor watch holds ${opts.dbFile}; audit without --from-watch (it scans)`);
  }
  const h = readHolder(opts.dbFile);
  if (!h || h.command !== 'watch' || !h.watch) {
    throw new InputError(`--from-watch: ${opts.dbFile} is held by ${h ? `pid ${h.pid} (vstor ${h.command})` : 'a process that does not say which'}, not by a vstor watch that has finished a full pass`);
  }
  const age = Date.now() - h.watch.fullPassMs;
  if (age > h.watch.rescanEveryMs + WATCH_SLACK_MS) {
    throw new InputError(`--from-watch: the watcher (pid ${h.pid}) last went over every folder ${Math.round(age / 60_000)} min ago, more than its rescan period of ${Math.round(h.watch.rescanEveryMs / 60_000)} min allows; audit without --from-watch`);
  }
  // only the roots the watcher follows are current in its index; any other is refused, naming it
  const followed = new Set(h.watch.roots ?? []);
  const others = opts.roots.map(rootPath).filter((r) => !followed.has(r));
  if (others.length > 0) {
    throw new InputError(`--from-watch: the watcher (pid ${h.pid}) does not follow ${others.join(', ')}${h.watch.roots ? ` (it follows ${h.watch.roots.join(', ')})` : ' (a watcher from before 0.3.0 does not say which folders it follows: restart it)'}; audit without --from-watch`);
  }
  return opts.roots.map((dir) => {
    const root = rootPath(dir);
    const row = store.rootRow(root);
    if (!row || row.layout === null || row.last_complete_ms === null) throw new InputError(`--from-watch: ${root} is not one the watcher (pid ${h.pid}) has scanned; expected a folder it watches`);
    return {
      root,
      rootId: row.id,
      layout: layoutByName(row.layout),
      dirsListed: 0,
      dirsUnchanged: 0,
      files: 0,
      added: 0,
      removed: 0,
      changed: 0,
      problems: [`${root}: judged from the index vstor watch (pid ${h.pid}) keeps current, as of its last full pass ${Math.round(age / 1000)} s ago; not scanned`],
      unlisted: 0,
      newDirs: 0,
      foldGuesses: 0,
      listedByThreads: 0,
    };
  });
}

/** The recorder of a scanned root. */
export function recorderOf(opts: Pick<AuditOptions, 'recorders'>, root: string): string {
  return opts.recorders?.get(root) ?? root;
}

/**
 * The recorder a device folder names (Dahua NAS: `<device>/YYYY-MM-DD/...`), for the root's recorder it
 * lies under: the folder's name, unless roots of two recorders hold a device folder of that name ("IPC" is
 * a default): then each is its root's, `<root or NAME>/<device>`. Two roots are two recorders unless NAME=PATH
 * gives them one name.
 */
function deviceRecorders(queries: Map<string, AuditQueries>): (group: string, device: string) => string {
  const holders = new Map<string, Set<string>>();
  for (const [name, q] of queries) {
    for (const c of q.channels()) {
      const device = splitChannelKey(c.name).recorder;
      if (device !== undefined) holders.set(device, (holders.get(device) ?? new Set()).add(name));
    }
  }
  return (group, device) => ((holders.get(device)?.size ?? 0) > 1 ? `${group}/${device}` : device);
}

/** Scans grouped by recorder, in the order their roots were given. */
function byRecorder(scans: ScanResult[], opts: Pick<AuditOptions, 'recorders'>): Map<string, ScanResult[]> {
  const groups = new Map<string, ScanResult[]>();
  for (const s of scans) {
    const name = recorderOf(opts, s.root);
    groups.set(name, [...(groups.get(name) ?? []), s]);
  }
  return groups;
}


/**
 * Probes what decides the verdicts and judges every channel of the scanned roots, recorder by recorder.
 * `record` keeps the run in the index's history (an audit does; a watcher re-judging after each change does not).
 */
export async function judgeArchive(store: Store, scans: ScanResult[], opts: AuditOptions & { record?: boolean; sessions?: Map<string, DeviceSession> }, startedWall = Date.now()): Promise<AuditResult> {
  const wanted = opts.channels?.map((c) => c.normalize('NFC'));
  const verdicts: AuditedChannel[] = [];
  const probeErrors = { count: 0, first: undefined as string | undefined };
  let probed = 0;
  const skipped = { files: 0, examples: [] as string[] };
  const problems = rootProblems(scans, opts);
  // a root whose channels all belong to recorders its tree names (device folders) is not a recorder itself
  const treeNamed = new Set<string>();
  const hasOwnRecorders = (group: string) => treeNamed.has(group);
  const groups = byRecorder(scans, opts);
  // one set of queries a recorder, for the device names and for judging
  const queries = new Map([...groups].map(([name, group]) => [name, new AuditQueries(store.db, group.map((s) => s.rootId), opts.now)]));
  const deviceRecorder = deviceRecorders(queries);
  for (const [recorder, group] of groups) {
    const r = await judgeRecorder({ recorder, group, q: queries.get(recorder)!, wanted, deviceRecorder, alone: groups.size === 1 }, opts);
    verdicts.push(...r.verdicts);
    problems.push(...r.problems);
    probed += r.probed;
    probeErrors.count += r.toolErrors.count;
    probeErrors.first ??= r.toolErrors.first;
    if (r.treeNamed) treeNamed.add(recorder);
    skipped.files += r.skipped.files;
    skipped.examples.push(...r.skipped.examples.slice(0, Math.max(0, 10 - skipped.examples.length)));
  }
  const count = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
  const indicators = computeIndicators(verdicts);
  const storage = storageOf(scans.map((s) => s.root));
  const summary: Summary = { channels: verdicts.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: count('pending'), unverified: count('unverified') };
  if (opts.record !== false) recordRun(store, scans, opts, { startedWall, summary, indicators, storage, verdicts });
  return {
    now: opts.now,
    policy: opts.policy,
    rules: opts.rules ? [...new Map([opts.rules.default, ...opts.rules.entries.map((e) => e.rule)].map((r) => [r.name, r])).values()] : undefined,
    layouts: [...new Set(scans.map((s) => s.layout?.name).filter((n): n is string => Boolean(n)))],
    scans,
    // the roots' recorders and those the trees name (device folders), in the order they were met
    recorders: [...new Set([...verdicts.map((v) => v.recorder), ...[...groups.keys()].filter((g) => !verdicts.some((v) => v.recorder === g) && !hasOwnRecorders(g))])],
    channels: verdicts,
    skipped,
    probed,
    probeErrors,
    problems,
    summary,
    indicators,
    storage,
    watchEvents: eventCounts(store.db, ['removed-early', 'damaged']).filter((e) => verdicts.some((v) => v.recorder === e.recorder)),
    durationMs: Date.now() - startedWall,
    zone: opts.zone,
  };
}

/** The scans' own problems, and why a root gave nothing: nothing that looks like footage, or nothing its layout reads. */
function rootProblems(scans: ScanResult[], opts: Pick<AuditOptions, 'fromWatch'>): string[] {
  const problems = scans.flatMap((s) => s.problems).map(shownPath);
  for (const s of scans) {
    if (!s.layout) problems.push(`${s.root}: no media files found (${[...MEDIA_EXTENSIONS].map((e) => `.${e}`).join(' ')}); layouts known: ${LAYOUTS.map((l) => l.name).join(', ')}`);
    // judged from the watcher's index, a root was not listed now: that says nothing of its files
    else if (!opts.fromWatch && s.files === 0 && s.dirsUnchanged === 0 && s.added === 0) problems.push(`${s.root}: no file matches the ${s.layout.name} layout`);
  }
  return problems;
}

/** The run kept in the index's history (index/history.ts): its summary, indicators, storage and every channel. */
function recordRun(store: Store, scans: ScanResult[], opts: AuditOptions, run: { startedWall: number; summary: Summary; indicators: AuditResult['indicators']; storage: AuditResult['storage']; verdicts: AuditedChannel[] }): void {
  saveRun(store.db, {
    nowMs: opts.now,
    wallMs: run.startedWall,
    durationMs: Date.now() - run.startedWall,
    roots: scans.map((s) => s.root),
    policy: opts.policy,
    summary: run.summary,
    indicators: run.indicators,
    capacityBytes: run.storage?.capacity ?? null,
    usedBytes: run.storage?.used ?? null,
    channels: run.verdicts.map((v) => ({
      recorder: v.recorder,
      channel: v.channel,
      verdict: v.verdict,
      reasons: v.reasons,
      rule: v.rule?.name,
      segments: v.segments,
      damaged: v.damaged,
      retainedDays: v.retainedDays,
      coverage: v.coverage,
      biggestGapSeconds: v.biggestGapSeconds,
      bitrateBps: v.bitrateBps,
      bytesPerDay: bytesPerDay(v, v.rule?.retentionDays ?? opts.policy.retentionDays),
    })),
  });
}

/**
 * What the channel writes a day: its bitrate over the share of time it records, measured over the days it
 * holds footage (a channel with 30 days of a 90-day window wrote 30 days' bytes, not 90 days' worth / 3).
 */
function bytesPerDay(v: ChannelVerdict, windowDays: number): number | null {
  if (v.bitrateBps === null) return null;
  const heldDays = Math.min(windowDays, v.retainedDays);
  const recorded = heldDays > 0 ? Math.min(1, (v.coverage * windowDays) / heldDays) : 0;
  return Math.round((v.bitrateBps / 8) * 86_400 * recorded);
}








