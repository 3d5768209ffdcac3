/**
 * One recorder's channels judged: their jobs worked out once (channel-jobs.ts), what decides the verdicts
 * probed (probe-plan.ts), then each channel judged from the index (audit/verdict.ts), with what the recorder's
 * folders, foreign storage and device session add. Three named steps, as runAudit's scan, probe and judge.
 */
import { statSync } from 'node:fs';
import { fsPath, shownPath } from '../archive/names.ts';
import { splitChannelKey } from '../archive/layouts/types.ts';
import { UNREAD_REASON } from '../archive/layouts/unread.ts';
import { note } from '../audit/notes.ts';
import type { Policy } from '../audit/policy.ts';
import { silenceLimitMs } from '../audit/recording-mode.ts';
import { endFromMtime, judgeChannel, settleVerdict, type AuditSegment, type JudgeOptions, type SegmentStatus, type UnverifiedReason } from '../audit/verdict.ts';
import { InputError } from '../errors.ts';
import type { AuditQueries } from '../index/queries.ts';
import { ruleFor } from '../rules/match.ts';
import type { Rule } from '../rules/model.ts';
import type { AuditedChannel } from '../result/audit-result.ts';
import type { ScanResult } from './scan.ts';
import { channelJobs, type ChannelJob } from './channel-jobs.ts';
import type { DeviceSession } from './device-scan.ts';
import { probeDecisive, probeDeep, type PlanResult } from './probe-plan.ts';
import type { AuditOptions } from './audit-options.ts';

export interface RecorderJudged {
  verdicts: AuditedChannel[];
  probed: number;
  toolErrors: PlanResult['toolErrors'];
  problems: string[];
  skipped: { files: number; examples: string[] };
  /** a channel of it belongs to a recorder its tree names (a device folder) */
  treeNamed: boolean;
}

export interface RecorderContext {
  recorder: string;
  group: ScanResult[];
  q: AuditQueries;
  /** channel names asked for (NFC), or all */
  wanted?: string[];
  /** the recorder a device folder names, under this one (audit.ts deviceRecorders) */
  deviceRecorder: (group: string, device: string) => string;
  /** the only recorder audited: a name asked for and not found is judged as a channel without footage */
  alone: boolean;
}

type JudgeRecorderOptions = AuditOptions & { sessions?: Map<string, DeviceSession> };

export async function judgeRecorder(ctx: RecorderContext, opts: JudgeRecorderOptions): Promise<RecorderJudged> {
  const { recorder, group, q, wanted } = ctx;
  const problems: string[] = [];
  // step 1: the jobs (a name asked for matches a channel by its name alone, or by its key)
  const channels = q.channels().filter((c) => !wanted || wanted.includes(c.name) || wanted.includes(splitChannelKey(c.name).channel));
  const jobs = channelJobs(q, channels, group.some((s) => s.layout?.mode === 'event'), opts);
  const fromFiles = jobs.filter((j) => j.modeSource === 'files').length;
  if (fromFiles > 0) problems.push(`${recorder}: ${fromFiles} channel(s) of an event-recording layout record continuously (their segments run back to back): judged as continuous recording; a rule with mode: event says otherwise`);
  // step 2: refused before anything is probed; then what decides the verdicts probed
  const foreign = unreadRecorders(q, recorder, opts, problems);
  const plan: PlanResult = opts.deep
    ? await probeDeep(q, jobs.map((j) => j.id), opts.prober, opts.jobs, opts.onProbeProgress, opts.zone)
    : await probeDecisive(q, jobs, opts.prober, opts.jobs, opts.onProbeProgress, opts.scrubCycle ? { cycle: opts.scrubCycle } : undefined, opts.zone);
  // step 3: each channel judged
  const shared: SharedFacts = {
    // a folder that could not be listed may hold any channel's footage: none of this recorder's can pass
    unreadable: group.some((s) => s.unlisted > 0),
    foreign,
    session: group.length === 1 ? opts.sessions?.get(group[0]!.root) : undefined,
  };
  const judged = jobs.map((job) => judgeOne(q, job, plan, shared, ctx, opts));
  const verdicts = [...judged.map((j) => j.audited), ...missingWanted(ctx, channels, opts)];
  const copied = judged.filter((j) => j.copied).length;
  if (copied > 0) problems.push(`${recorder}: the file times of ${copied} channel(s) are not recording times (a copied archive?): segment ends were taken from the usual segment length, so short outages may not show; --deep measures them`);
  return { verdicts, probed: plan.probed, toolErrors: plan.toolErrors, problems, skipped: q.skipped(), treeNamed: judged.some((j) => j.treeNamed) };
}

/** What holds for every channel of the recorder. */
interface SharedFacts {
  unreadable: boolean;
  foreign: boolean;
  session?: DeviceSession;
}

function judgeOne(q: AuditQueries, job: ChannelJob, plan: PlanResult, shared: SharedFacts, ctx: RecorderContext, opts: JudgeRecorderOptions): { audited: AuditedChannel; copied: boolean; treeNamed: boolean } {
  const installedAfter = job.installed === undefined ? q.installedAfter(job.id) : undefined;
  const probedChannel = plan.channels.get(job.id);
  const unverified: UnverifiedReason[] = [
    ...(probedChannel?.unverified ?? []),
    ...(shared.unreadable ? (['unreadable-folder'] as const) : []),
    ...(shared.foreign ? (['unread-recorder'] as const) : []),
    ...(shared.session ? deviceReasons(shared.session, job.key, job.policy) : []),
  ];
  if (opts.fromWatch && indexBehind(q, job.id, probedChannel?.readableFrom, job.windowStart)) unverified.push('index-behind');
  const judgeOpts: JudgeOptions = {
    // a copied archive's file times say nothing of recording: known from the newest segments at once,
    // so the channel is read once
    ignoreMtimes: mtimesUnusable(q.newest(job.id, 33).slice(1), job.nominalMs),
    nominalMs: job.nominalMs,
    mode: job.mode,
    silenceLimitMs: job.mode === 'event' ? silenceLimitMs(job.pattern) : undefined,
    installed: job.installed,
    installedAfter,
    readableFrom: probedChannel?.readableFrom,
    unverified,
    future: q.futureCount(job.id, opts.now + job.policy.staleAfterSeconds * 1000),
    stream: job.rule ? { requirements: job.rule.stream, probes: q.probedStreams(job.id) } : undefined,
  };
  const { recorder: inTree, channel: name } = splitChannelKey(job.key);
  let v = judgeChannel(name, segmentsOf(q, job.id), job.policy, opts.now, judgeOpts);
  // most file times are not recording times (a copied archive): the few that look like ends are chance
  if (!judgeOpts.ignoreMtimes && v.assumedEnds > v.segments / 2 && v.segments > 1) v = judgeChannel(name, segmentsOf(q, job.id), job.policy, opts.now, { ...judgeOpts, ignoreMtimes: true });
  // a recorder the tree names (a device folder) is the channel's; else the root's
  const audited: AuditedChannel = { ...v, recorder: inTree === undefined ? ctx.recorder : ctx.deviceRecorder(ctx.recorder, inTree) };
  const installed = job.installed ?? installedAfter;
  if (installed !== undefined) audited.installed = installed;
  audited.recording = { mode: job.mode, source: job.modeSource, backToBack: job.pattern && job.pattern.pairs > 0 ? Math.round((job.pattern.backToBack / job.pattern.pairs) * 1000) / 1000 : null };
  if (job.rule) audited.rule = ruleSummary(job.rule);
  if (shared.session) deviceNotes(audited, shared.session, job.policy);
  return { audited, copied: v.assumedEnds > v.segments / 2 && v.segments > 1, treeNamed: inTree !== undefined };
}

/** A channel asked for by name that the only recorder audited does not have: judged as one without footage. */
function missingWanted(ctx: RecorderContext, channels: { name: string }[], opts: JudgeRecorderOptions): AuditedChannel[] {
  if (!ctx.alone) return [];
  const missing = (ctx.wanted ?? []).filter((name) => !channels.some((c) => c.name === name || splitChannelKey(c.name).channel === name));
  return missing.map((name) => {
    const rule = opts.rules ? ruleFor(splitChannelKey(name).channel, opts.rules).rule : undefined;
    const audited: AuditedChannel = { ...judgeChannel(name, [], rule ?? opts.policy, opts.now, { nominalMs: 0 }), recorder: ctx.recorder };
    if (rule) audited.rule = ruleSummary(rule);
    return audited;
  });
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
function deviceReasons(s: DeviceSession, channel: string, policy: Policy): UnverifiedReason[] {
  if (s.failure) return [s.failure.kind];
  const reasons: UnverifiedReason[] = [];
  if (s.unreadFootage.has(channel) && !s.device.acceptDeviceList) reasons.push('unread-footage');
  // its recordings' times are its clock's: off by more than the stale window, they cannot be held against ours
  if (s.clockSkewMs !== undefined && Math.abs(s.clockSkewMs) > policy.staleAfterSeconds * 1000) reasons.push('device-clock');
  if (s.gapsUnknown.has(channel)) reasons.push('device-no-history');
  return reasons;
}

/**
 * What a device's session changes in a verdict: a device that could not be asked leaves only its reason (what
 * the index held of it is not what it holds now, so neither a failure nor a pass rests on it); disks in error
 * and a clock off by more than the gap warn; the evidence is said. (Footage it would not give is said as such,
 * not as a tool failure, by the verdict itself: audit/verdict.ts unverifiedReasons.)
 */
function deviceNotes(v: AuditedChannel, s: DeviceSession, policy: Policy): void {
  v.evidence = s.device.acceptDeviceList ? 'device-list' : 'footage';
  // a list without sizes tells no bitrate
  if (!s.api.sizes) v.bitrateBps = null;
  if (s.failure) v.reasons = [s.failure.kind];
  if (s.badDisks.length > 0) v.notes.push(note('device-disk', { disks: s.badDisks.map((d) => `${d.name} (${d.status})`).join(', ') }));
  if (s.clockSkewMs !== undefined && Math.abs(s.clockSkewMs) > policy.maxGapSeconds * 1000) v.notes.push(note('device-clock', { seconds: Math.round(s.clockSkewMs / 1000) }));
  if (s.deepHeads > 0 && !s.failure) v.notes.push(note('device-deep-head', { n: v.probed }));
  settleVerdict(v);
}
