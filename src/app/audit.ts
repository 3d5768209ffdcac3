/** An audit: scan the roots, probe what decides the verdicts, judge every channel from the index. */
import { DAY_MS as DAY } from '../archive/time.ts';
import { statfsSync, statSync } from 'node:fs';
import { fsPath, shownPath } from '../archive/names.ts';
import { layoutByName, LAYOUTS, type Layout } from '../archive/layouts/index.ts';
import { MEDIA_EXTENSIONS, splitChannelKey } from '../archive/layouts/types.ts';
import { computeIndicators } from '../audit/indicators.ts';
import { saveRun } from '../index/history.ts';
import { endFromMtime, judgeChannel, settleVerdict, type AuditSegment, type JudgeOptions, type ChannelVerdict, type SegmentStatus, type UnverifiedReason, type Verdict } from '../audit/verdict.ts';
import { ruleFor } from '../rules/match.ts';
import { eventCounts } from '../index/events.ts';
import type { Rule, RuleMap } from '../rules/model.ts';
import type { Policy } from '../audit/policy.ts';
import { IndexInUse, lockIndex, readHolder } from '../index/lock.ts';
import type { RemovedSegment, Store } from '../index/store.ts';
import { probeDecisive, probeDeep, type PlanChannel, type PlanResult, type ProbeProgress, type Prober } from './probe-plan.ts';
import { AuditQueries } from '../index/queries.ts';
import { rootPath, scanRoot, type ScanResult } from './scan.ts';
import { askDevices, withDevices } from './devices-asked.ts';
import { InputError } from '../errors.ts';
import type { AuditedChannel, AuditResult, Summary } from '../result/audit-result.ts';

export type { AuditedChannel, AuditResult, Summary } from '../result/audit-result.ts';
import { UNREAD_REASON } from '../archive/layouts/unread.ts';
import { decideMode, recordingPattern, silenceLimitMs } from '../audit/recording-mode.ts';
import { note } from '../audit/notes.ts';
import type { Device } from '../devices/devices-file.ts';
import type { DeviceSession } from './device-scan.ts';

export interface AuditOptions {
  roots: string[];
  /**
   * The recorder each root belongs to (absolute root path -> name). A channel is a recorder and a name: the
   * same channel number on two recorders is two cameras. Roots not listed are recorders of their own,
   * named by their path; roots given the same name are one recorder's disks.
   */
  recorders?: Map<string, string>;
  policy: Policy;
  now: number;
  zone: string;
  layout?: Layout;
  jobs: number;
  deep: boolean;
  /** rules by channel (`--rule`); without, `policy` applies to every channel as a continuous rule */
  rules?: RuleMap;
  /** only these channels (names as the layout reads them) */
  channels?: string[];
  prober: Prober;
  /** path of the index file, for the lock (':memory:' for none) */
  dbFile: string;
  /** --stale-after was given: it holds for event-recording layouts too (their default is a day) */
  staleAfterGiven?: boolean;
  /** changes the process's working directory, where the caller allows it: see ScanOptions.chdir */
  chdir?: (dir: string) => void;
  /** see ScanOptions.listThreadsFrom */
  listThreadsFrom?: number;
  /** judge from the index a running `vstor watch` keeps current, without scanning (watchedScans) */
  fromWatch?: boolean;
  /**
   * A root holding a recorder's storage vstor does not read (archive/layouts/unread.ts) is refused (exit 2),
   * naming it; with this, the audit goes on and that recorder's channels are unverified (unread-recorder).
   */
  unreadAsUnverified?: boolean;
  /** the rolling scrub (probe-plan.ts ScrubOptions): audits to decode each window once; 0 or absent: none */
  scrubCycle?: number;
  onScanProgress?: (p: { root: string; dirs: number; files: number }) => void;
  onProbeProgress?: (p: ProbeProgress) => void;
  onRemoved?: (root: string, removed: RemovedSegment[]) => void;
  /** recorders reached over their APIs (`--devices`), scanned next to the roots (app/device-scan.ts) */
  devices?: Device[];
}




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

/**
 * `--from-watch` judges from an index as of the watcher's last full pass, and a recorder recycling early
 * deletes the oldest footage first, in folders the watcher does not follow live. The files the retention
 * claim rests on are looked at now: the oldest readable segment and the first one of the window. Either
 * gone or changed (size, mtime) means the index is behind the archive: the channel is unverified, not passed.
 */
function indexBehind(q: AuditQueries, channelId: number, readableFrom: number | undefined, windowStart: number): boolean {
  const seen = new Set<string>();
  for (const ref of [q.atOrAfter(channelId, readableFrom ?? -Infinity), q.atOrAfter(channelId, windowStart)]) {
    if (!ref) continue;
    const path = q.pathOf(ref);
    if (seen.has(path)) continue;
    seen.add(path);
    const st = statSync(fsPath(path, ''), { throwIfNoEntry: false });
    if (!st || st.size !== ref.size || st.mtimeMs !== ref.mtime_ms) return true;
  }
  return false;
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
  const problems = scans.flatMap((s) => s.problems).map(shownPath);
  // a root whose channels all belong to recorders its tree names (device folders) is not a recorder itself
  const treeNamed = new Set<string>();
  const hasOwnRecorders = (group: string) => treeNamed.has(group);
  // an empty result says why: nothing that looks like footage, or nothing the layout reads
  for (const s of scans) {
    if (!s.layout) problems.push(`${s.root}: no media files found (${[...MEDIA_EXTENSIONS].map((e) => `.${e}`).join(' ')}); layouts known: ${LAYOUTS.map((l) => l.name).join(', ')}`);
    // judged from the watcher's index, a root was not listed now: that says nothing of its files
    else if (!opts.fromWatch && s.files === 0 && s.dirsUnchanged === 0 && s.added === 0) problems.push(`${s.root}: no file matches the ${s.layout.name} layout`);
  }
  const groups = byRecorder(scans, opts);
  // one set of queries a recorder, for the device names and for judging
  const queries = new Map([...groups].map(([name, group]) => [name, new AuditQueries(store.db, group.map((s) => s.rootId), opts.now)]));
  const deviceRecorder = deviceRecorders(queries);
  for (const [recorder, group] of groups) {
    const q = queries.get(recorder)!;
    // a name asked for matches a channel by its name alone, or by its index key (recorder and name)
    const channels = q.channels().filter((c) => !wanted || wanted.includes(c.name) || wanted.includes(splitChannelKey(c.name).channel));
    const ruleOf = (key: string) => (opts.rules ? ruleFor(splitChannelKey(key).channel, opts.rules) : { rule: undefined, installed: undefined });
    // recorders that record events by nature (the layout says): gaps expected, and a day without footage is
    // what is stale there, unless a rule or --stale-after says otherwise
    const eventLayout = group.some((s) => s.layout?.mode === 'event');
    const defaultPolicy: Policy = eventLayout && !opts.staleAfterGiven ? { ...opts.policy, staleAfterSeconds: Math.max(opts.policy.staleAfterSeconds, 86_400) } : opts.policy;
    // the mode each channel is judged in: its rule's, else what its files show, else the layout's
    const recording = new Map(channels.map((c) => {
      const nominalMs = q.nominalMs(c.id);
      const ruleMode = ruleOf(c.name).rule?.mode;
      const pattern = eventLayout && !ruleMode ? patternOf(q, c.id, nominalMs) : undefined;
      return [c.id, { nominalMs, pattern, ...decideMode(eventLayout ? 'event' : 'continuous', ruleMode, pattern) }];
    }));
    const modeOf = (id: number) => recording.get(id)!.mode;
    // an event layout's relaxed staleness is for channels judged as events
    const policyOf = (c: { id: number; name: string }): Policy => ruleOf(c.name).rule ?? (modeOf(c.id) === 'event' ? defaultPolicy : opts.policy);
    const planChannels: PlanChannel[] = channels.map((c) => {
      const rule = policyOf(c);
      return { id: c.id, nominalMs: recording.get(c.id)!.nominalMs, windowStart: opts.now - rule.retentionDays * DAY, event: modeOf(c.id) === 'event' };
    });
    const fromFiles = channels.filter((c) => recording.get(c.id)!.source === 'files').length;
    if (fromFiles > 0) problems.push(`${recorder}: ${fromFiles} channel(s) of an event-recording layout record continuously (their segments run back to back): judged as continuous recording; a rule with mode: event says otherwise`);
    // refused before anything is probed
    const foreign = unreadRecorders(q, recorder, opts, problems);
    const plan: PlanResult = opts.deep
      ? await probeDeep(q, channels.map((c) => c.id), opts.prober, opts.jobs, opts.onProbeProgress, opts.zone)
      : await probeDecisive(q, planChannels, opts.prober, opts.jobs, opts.onProbeProgress, opts.scrubCycle ? { cycle: opts.scrubCycle } : undefined, opts.zone);
    probed += plan.probed;
    probeErrors.count += plan.toolErrors.count;
    probeErrors.first ??= plan.toolErrors.first;
    // a folder that could not be listed may hold any channel's footage: none of this recorder's can pass
    const unreadable = group.some((s) => s.unlisted > 0);
    let copied = 0;
    for (const c of channels) {
      const { rule, installed: mapped } = ruleOf(c.name);
      const installedAfter = mapped === undefined ? q.installedAfter(c.id) : undefined;
      const installed = mapped ?? installedAfter;
      const session = group.length === 1 ? opts.sessions?.get(group[0]!.root) : undefined;
      const unverified: UnverifiedReason[] = [...(plan.channels.get(c.id)?.unverified ?? []), ...(unreadable ? (['unreadable-folder'] as const) : []), ...(foreign ? (['unread-recorder'] as const) : []), ...(session ? deviceReasons(session, c.name) : [])];
      if (opts.fromWatch && indexBehind(q, c.id, plan.channels.get(c.id)?.readableFrom, opts.now - policyOf(c).retentionDays * DAY)) unverified.push('index-behind');
      const nominalMs = planChannels.find((p) => p.id === c.id)!.nominalMs;
      const judgeOpts: JudgeOptions = {
        // a copied archive's file times say nothing of recording: known from the newest segments at once,
        // so the channel is read once
        ignoreMtimes: mtimesUnusable(q.newest(c.id, 33).slice(1), nominalMs),
        nominalMs,
        mode: modeOf(c.id),
        silenceLimitMs: modeOf(c.id) === 'event' ? silenceLimitMs(recording.get(c.id)!.pattern) : undefined,
        installed: mapped,
        installedAfter,
        readableFrom: plan.channels.get(c.id)?.readableFrom,
        unverified,
        future: q.futureCount(c.id, opts.now + policyOf(c).staleAfterSeconds * 1000),
        stream: rule ? { requirements: rule.stream, probes: q.probedStreams(c.id) } : undefined,
      };
      const { recorder: inTree, channel: name } = splitChannelKey(c.name);
      let v = judgeChannel(name, segmentsOf(q, c.id), policyOf(c), opts.now, judgeOpts);
      // most file times are not recording times (a copied archive): the few that look like ends are chance
      if (!judgeOpts.ignoreMtimes && v.assumedEnds > v.segments / 2 && v.segments > 1) {
        v = judgeChannel(name, segmentsOf(q, c.id), policyOf(c), opts.now, { ...judgeOpts, ignoreMtimes: true });
      }
      if (v.assumedEnds > v.segments / 2 && v.segments > 1) copied++;
      // a recorder the tree names (a device folder) is the channel's; else the root's
      const audited: AuditedChannel = { ...v, recorder: inTree === undefined ? recorder : deviceRecorder(recorder, inTree) };
      if (inTree !== undefined) treeNamed.add(recorder);
      if (installed !== undefined) audited.installed = installed;
      const rec = recording.get(c.id)!;
      audited.recording = { mode: rec.mode, source: rec.source, backToBack: rec.pattern && rec.pattern.pairs > 0 ? Math.round((rec.pattern.backToBack / rec.pattern.pairs) * 1000) / 1000 : null };
      if (rule) audited.rule = ruleSummary(rule);
      if (session) deviceNotes(audited, session, policyOf(c));
      verdicts.push(audited);
    }
    for (const name of wanted ?? []) {
      if (!channels.some((c) => c.name === name || splitChannelKey(c.name).channel === name) && groups.size === 1) {
        const rule = ruleOf(name).rule;
        const audited: AuditedChannel = { ...judgeChannel(name, [], rule ?? opts.policy, opts.now, { nominalMs: 0 }), recorder };
        if (rule) audited.rule = ruleSummary(rule);
        verdicts.push(audited);
      }
    }
    if (copied > 0) {
      problems.push(`${recorder}: the file times of ${copied} channel(s) are not recording times (a copied archive?): segment ends were taken from the usual segment length, so short outages may not show; --deep measures them`);
    }
    const sk = q.skipped();
    skipped.files += sk.files;
    skipped.examples.push(...sk.examples.slice(0, Math.max(0, 10 - skipped.examples.length)));
  }
  const count = (v: Verdict) => verdicts.filter((x) => x.verdict === v).length;
  const indicators = computeIndicators(verdicts);
  const storage = storageOf(scans.map((s) => s.root));
  const summary: Summary = { channels: verdicts.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: count('pending'), unverified: count('unverified') };
  if (opts.record !== false) saveRun(store.db, {
    nowMs: opts.now,
    wallMs: startedWall,
    durationMs: Date.now() - startedWall,
    roots: scans.map((s) => s.root),
    policy: opts.policy,
    summary,
    indicators,
    capacityBytes: storage?.capacity ?? null,
    usedBytes: storage?.used ?? null,
    channels: verdicts.map((v) => ({
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

/** Whether most of these segments' mtimes fall outside [start, start + usual length + slack]. */
function mtimesUnusable(sample: { start_ms: number; mtime_ms: number; end_ms: number | null }[], nominalMs: number): boolean {
  const judged = sample.filter((s) => s.end_ms === null);
  if (judged.length < 4) return false;
  const bad = judged.filter((s) => endFromMtime(s.start_ms, s.mtime_ms, nominalMs) === undefined).length;
  return bad > judged.length / 2;
}

/**
 * Storage of recorders vstor does not read, found under a recorder's roots: refused (InputError, exit 2)
 * naming each kind with a path, or with `unreadAsUnverified` said in the problems; true when there is any.
 */
function unreadRecorders(q: AuditQueries, recorder: string, opts: Pick<AuditOptions, 'unreadAsUnverified'>, problems: string[]): boolean {
  const found = q.unreadRecorders(UNREAD_REASON);
  if (found.length === 0) return false;
  const what = found.map((f) => `${f.kind}: ${f.files} file(s), e.g. ${f.example}`).join('; ');
  if (!opts.unreadAsUnverified) {
    throw new InputError(`${recorder}: holds storage of a recorder vstor does not read (${what}); audit that recorder another way, or pass --unread-as-unverified to audit the rest with this recorder's channels unverified`);
  }
  problems.push(`${recorder}: holds storage of a recorder vstor does not read (${what}): its channels are unverified (unread-recorder)`);
  return true;
}

/** Where a channel's segments start and end, as far as names, probes and plausible mtimes say: for its recording pattern. */
function patternOf(q: AuditQueries, channelId: number, nominalMs: number) {
  const spans = function* () {
    let n = 0;
    for (const s of q.ascending(channelId)) {
      // a sample of a channel's history is enough to tell its pattern
      if (++n > PATTERN_SAMPLE) return;
      // an end nothing says is the usual length's, as the verdict assumes: a copied archive's back-to-back
      // files still read as back to back, and a hole as a hole
      yield { start: s.start_ms, end: s.end_ms ?? (s.duration_ms ? s.start_ms + s.duration_ms : endFromMtime(s.start_ms, s.mtime_ms, nominalMs) ?? s.start_ms + nominalMs) };
    }
  };
  return recordingPattern(spans());
}

const PATTERN_SAMPLE = 20_000;

function* segmentsOf(q: AuditQueries, channelId: number): Generator<AuditSegment> {
  for (const s of q.ascending(channelId)) {
    // a path costs a lookup: only segments the verdict may report get one
    const reportable = s.probe_status === 'damaged' || s.probe_status === 'timeout' || s.size === 0;
    if (reportable) q.named(s);
    yield {
      start: s.start_ms,
      // a probed duration is an end only for footage that read: a damaged file's header may be stale
      end: s.end_ms ?? (s.duration_ms && (s.probe_status === 'ok' || s.probe_status === 'warning') ? s.start_ms + s.duration_ms : undefined),
      mtime: s.mtime_ms,
      status: s.probe_status as SegmentStatus,
      size: s.size,
      path: reportable ? shownPath(q.pathOf(s)) : '',
      detail: s.probe_detail,
      decoded: s.decoded,
      checkedMs: s.checked_ms,
    };
  }
}

function ruleSummary(rule: Rule): NonNullable<AuditedChannel['rule']> {
  return { name: rule.name, title: rule.title, source: rule.source, clause: rule.clause, mode: rule.mode, retentionDays: rule.retentionDays };
}

/** What a device's session says of one of its channels' evidence (app/device-scan.ts). */
function deviceReasons(s: DeviceSession, channel: string): UnverifiedReason[] {
  if (s.failure) return [s.failure.kind];
  return s.unreadFootage.has(channel) && !s.device.acceptDeviceList ? ['unread-footage'] : [];
}

/**
 * What a device's session changes in a verdict: a device that could not be asked leaves only its reason (what
 * the index held of it is not what it holds now, so neither a failure nor a pass rests on it); footage it
 * would not give is said as such, not as a tool failure; disks in error and a clock off by more than the gap
 * warn; the evidence is said.
 */
function deviceNotes(v: AuditedChannel, s: DeviceSession, policy: Policy): void {
  v.evidence = s.device.acceptDeviceList ? 'device-list' : 'footage';
  // a list without sizes tells no bitrate
  if (!s.api.sizes) v.bitrateBps = null;
  if (s.failure) v.reasons = [s.failure.kind];
  else if (v.reasons.includes('unread-footage')) v.reasons = v.reasons.filter((r) => r !== 'probe-error');
  if (s.badDisks.length > 0) v.notes.push(note('device-disk', { disks: s.badDisks.map((d) => `${d.name} (${d.status})`).join(', ') }));
  if (s.clockSkewMs !== undefined && Math.abs(s.clockSkewMs) > policy.maxGapSeconds * 1000) v.notes.push(note('device-clock', { seconds: Math.round(s.clockSkewMs / 1000) }));
  settleVerdict(v);
}
