/**
 * The retention verdict of one channel (ARCHITECTURE.md, "Verdict"). Pure: segments sorted by start, the
 * rule and `now` in, verdict out. It reads the segments once as a stream and keeps only running totals and
 * the gaps that break the rule, so a channel of millions of segments costs no memory per segment.
 *
 * No false pass: the default audit probes only the segments that decide the verdict, so everything else is
 * judged on evidence that costs nothing (the name, the file's mtime, its size). Whatever the verdict rests
 * on that was not checked makes the channel `unverified` instead of `pass`: a probe that could not run, a
 * search for the oldest readable footage stopped by its budget, a stream requirement nothing measured.
 */
import { DAY_MS } from '../archive/time.ts';
import type { ProbeStatus } from '../probe/result.ts';
import { note, type Note } from './notes.ts';
import { checkStream, type MeasuredStream, type StreamRequirements } from './stream-check.ts';
import type { Policy } from './policy.ts';
import { TimelineFold } from './timeline.ts';

export { endFromMtime } from './timeline.ts';

/** A segment's probe result (probe/result.ts), or null when it was not probed. */
export type SegmentStatus = ProbeStatus | null;

export interface AuditSegment {
  start: number;
  /** known end: from the file name, or start + probed duration */
  end?: number;
  /** the file's mtime: when the recorder last wrote it, i.e. the end, when it is plausible */
  mtime?: number;
  status: SegmentStatus;
  size: number;
  path: string;
  detail?: string | null;
  /** how much of it was decoded (probe/result.ts DecodeDepth), and when (wall clock) */
  decoded?: number | null;
  checkedMs?: number | null;
}

/** How much of the window's footage was decoded so far (by the verdict's probes, the scrub, or --deep). */
export interface WindowVerified {
  /** segments of the window that count as footage (unprobed ones included) */
  segments: number;
  /** of them, those a frame of which was decoded */
  decoded: number;
  share: number;
  /** when the longest-ago decode still counted was made (wall clock), null when none */
  since: number | null;
}

/** What breaks the rule. */
export type FailReason = 'retention-short' | 'gap' | 'stale' | 'damaged' | 'no-segments' | 'resolution' | 'frame-rate' | 'codec'
  /** merged evidence (vstor merge): the channel's recorder sent no audit recent enough, or none at all */
  | 'no-evidence'
  /** merged evidence: the node audited by a rule weaker than the fleet's (fewer days) */
  | 'weaker-rule';
/** What the audit could not check although the verdict rests on it. */
export type UnverifiedReason = 'probe-budget' | 'probe-error' | 'unreadable-folder' | 'stream-unmeasured' | 'index-behind' | 'unread-recorder' | 'unread-footage' | 'device-unreachable' | 'device-auth' | 'device-answer' | 'device-clock' | 'device-no-history';
export type Reason = FailReason | UnverifiedReason;

export const FAIL_REASONS: readonly FailReason[] = ['retention-short', 'gap', 'stale', 'damaged', 'no-segments', 'resolution', 'frame-rate', 'codec', 'no-evidence', 'weaker-rule'];
export const UNVERIFIED_REASONS: readonly UnverifiedReason[] = ['probe-budget', 'probe-error', 'unreadable-folder', 'stream-unmeasured', 'index-behind', 'unread-recorder', 'unread-footage', 'device-unreachable', 'device-auth', 'device-answer', 'device-clock', 'device-no-history'];

/**
 * pending: a channel installed less than the retention period ago whose footage reaches back to its
 * installation; unverified: nothing found breaks the rule, but something it rests on was not checked.
 */
export type Verdict = 'pass' | 'warn' | 'fail' | 'pending' | 'unverified';

/** Worst first: the order of tables, the TUI and summaries. */
export const VERDICT_ORDER: Record<Verdict, number> = { fail: 0, unverified: 1, warn: 2, pending: 3, pass: 4 };

export interface Gap {
  start: number;
  end: number;
  seconds: number;
}

export interface ChannelVerdict {
  channel: string;
  segments: number;
  probed: number;
  damaged: number;
  /** damaged segments inside the window (they fail the channel) */
  damagedInWindow: number;
  timeouts: number;
  /** segments whose probe failed as a tool (crash, cannot run): neither footage nor damage */
  probeErrors: number;
  /** segments whose end was taken from the channel's usual length: no name, probe or plausible mtime said */
  assumedEnds: number;
  oldestStart: number | null;
  newestEnd: number | null;
  retainedDays: number;
  coverage: number;
  gaps: Gap[];
  /** gaps over the limit that were not listed (a channel with thousands) */
  gapsNotListed: number;
  biggestGapSeconds: number;
  bitrateBps: number | null;
  bytes: number;
  verdict: Verdict;
  /** fail reasons, then unverified reasons */
  reasons: Reason[];
  /** new camera, footage back to its installation: not yet old enough to judge retention */
  pending?: boolean;
  /** what an operator should see without it breaking the rule (audit/notes.ts); any makes a pass a warn */
  notes: Note[];
  /** per day of the window, oldest first: the share of the day recorded, and damaged segments that day */
  daily: { covered: number[]; damaged: number[] };
  /** a few damaged or timed-out segments with what ffprobe said */
  problems: { path: string; status: string; detail: string }[];
  /** the lowest resolution and frame rate and the codecs the probes saw (when a rule asked) */
  stream?: StreamCheckMeasured;
  /** how much of the window's footage was decoded: the rest counts on its name, size and container */
  verified: WindowVerified;
}

type StreamCheckMeasured = ReturnType<typeof checkStream>['measured'];

export interface JudgeOptions {
  /** assumed length of a segment whose end is unknown (the channel's usual segment length) */
  nominalMs: number;
  maxGapsListed?: number;
  /** event (motion/alarm) recording: gaps are expected, coverage is reported, not judged */
  mode?: 'continuous' | 'event';
  /** event recording: a silence inside the window longer than this is noted (audit/recording-mode.ts) */
  silenceLimitMs?: number;
  /** when the channel was installed (epoch ms, a rule map's date), for the grace given to new cameras */
  installed?: number;
  /** the index's evidence instead: the channel was installed some time after this (its roots' last full scan without it) */
  installedAfter?: number;
  /**
   * Where the search for the oldest readable segment found it: unprobed segments before it lie among the
   * damaged ones it stepped over and are not counted as footage (probe-plan.ts).
   */
  readableFrom?: number;
  /** what the probe plan could not check for this channel */
  unverified?: UnverifiedReason[];
  /** file times are not recording times for this channel (a copied archive): ends come from the usual length */
  ignoreMtimes?: boolean;
  /** segments named after `now` + the stale window: not counted (a clock ahead, or a past date audited) */
  future?: number;
  /** the rule's stream requirements and what the probes measured */
  stream?: { requirements: StreamRequirements; probes: MeasuredStream[] };
}

/** Footage that starts within this of the installation date "reaches back to it". */
const INSTALL_SLACK_MS = DAY_MS;



/** A channel with nothing found yet: every count zero, no times, a pass until something says otherwise. */
export function emptyVerdict(channel: string): ChannelVerdict {
  return {
    channel,
    segments: 0,
    probed: 0,
    damaged: 0,
    damagedInWindow: 0,
    timeouts: 0,
    probeErrors: 0,
    assumedEnds: 0,
    oldestStart: null,
    newestEnd: null,
    retainedDays: 0,
    coverage: 0,
    gaps: [],
    gapsNotListed: 0,
    biggestGapSeconds: 0,
    bitrateBps: null,
    bytes: 0,
    verdict: 'pass',
    reasons: [],
    notes: [],
    problems: [],
    daily: { covered: [], damaged: [] },
    verified: { segments: 0, decoded: 0, share: 0, since: null },
  };
}

export function judgeChannel(channel: string, segments: Iterable<AuditSegment>, policy: Policy, now: number, opts: JudgeOptions): ChannelVerdict {
  const v: ChannelVerdict = emptyVerdict(channel);
  const t = new TimelineFold(v, policy, now, opts).fold(segments);
  measure(v, t, now);
  const fail = failReasons(v, t, policy, now, opts);
  notesOf(v, t, opts);
  if (opts.stream) {
    const check = checkStream(opts.stream.requirements, opts.stream.probes, v.bitrateBps);
    v.stream = check.measured;
    fail.push(...check.reasons);
    v.notes.push(...check.notes);
  }
  const unverified = unverifiedReasons(v, opts);
  if (fail.includes('retention-short') && isNewCamera(v.oldestStart, t.windowStart, opts)) {
    fail.splice(fail.indexOf('retention-short'), 1);
    v.pending = true;
  }
  v.reasons = [...fail, ...UNVERIFIED_REASONS.filter((r) => unverified.has(r))];
  return settleVerdict(v);
}

/** The totals as the verdict shows them: days held, coverage, each day's share, the bitrate, the share decoded. */
function measure(v: ChannelVerdict, t: TimelineFold, now: number): void {
  if (v.oldestStart !== null) v.retainedDays = Math.round(((now - v.oldestStart) / DAY_MS) * 100) / 100;
  v.coverage = Math.round((t.covered / (now - t.windowStart)) * 10000) / 10000;
  v.verified.share = v.verified.segments > 0 ? Math.round((v.verified.decoded / v.verified.segments) * 10000) / 10000 : 0;
  v.daily = { covered: t.dailyMs.map((ms) => Math.round((ms / DAY_MS) * 1000) / 1000), damaged: t.dailyDamaged };
  v.bitrateBps = t.bitMs > 0 ? Math.round((t.bitBytes * 8 * 1000) / t.bitMs) : null;
}

/** What breaks the rule: no footage, too little kept, holes (not for event recording), silence, damage. */
function failReasons(v: ChannelVerdict, t: TimelineFold, policy: Policy, now: number, opts: JudgeOptions): FailReason[] {
  const fail: FailReason[] = [];
  if (v.oldestStart === null) fail.push('no-segments');
  else {
    if (v.oldestStart > t.windowStart) fail.push('retention-short');
    if (v.gaps.length > 0 && opts.mode !== 'event') fail.push('gap');
    if (Math.max(v.newestEnd!, t.incompleteEnd ?? 0) < now - policy.staleAfterSeconds * 1000) fail.push('stale');
  }
  if (v.damagedInWindow > 0) fail.push('damaged');
  return fail;
}

/** What an operator should see without it breaking the rule. */
function notesOf(v: ChannelVerdict, t: TimelineFold, opts: JudgeOptions): void {
  if (opts.mode === 'event' && opts.silenceLimitMs !== undefined && v.biggestGapSeconds * 1000 > opts.silenceLimitMs) {
    v.notes.push(note('long-silence', { hours: Math.round(v.biggestGapSeconds / 360) / 10, usual: Math.round(opts.silenceLimitMs / 36_000) / 100 }));
  }
  if (t.damagedOutside > 0) v.notes.push(note('damaged-outside', { n: t.damagedOutside }));
  if (t.emptyFiles > 0) v.notes.push(note('empty-files', { n: t.emptyFiles }));
  if (v.timeouts > 0) v.notes.push(note('probe-timeouts', { n: v.timeouts }));
  if (opts.future) v.notes.push(note('future', { n: opts.future }));
  if (v.assumedEnds > 0) v.notes.push(note('assumed-ends', { n: v.assumedEnds }));
}

/** What the verdict rests on that was not checked: the plan's, a probe tool's failures, a stream nothing measured. */
function unverifiedReasons(v: ChannelVerdict, opts: JudgeOptions): Set<UnverifiedReason> {
  const unverified = new Set<UnverifiedReason>(opts.unverified ?? []);
  // a device that would not give its footage already says so (unread-footage): its fetches are not a tool's failure
  if (v.probeErrors > 0 && !unverified.has('unread-footage')) {
    unverified.add('probe-error');
    v.notes.push(note('probe-errors', { n: v.probeErrors }));
  }
  if (opts.stream && streamUnmeasured(opts.stream.requirements, v.stream!)) unverified.add('stream-unmeasured');
  // the probe plan's own probe-error for the same fetches, likewise
  if (unverified.has('unread-footage')) unverified.delete('probe-error');
  return unverified;
}

/**
 * A new camera: footage reaches back to its installation (within a day), and not past it; with the index's
 * evidence only, footage must not be older than the last look that did not find the channel.
 */
function isNewCamera(oldest: number | null, windowStart: number, opts: JudgeOptions): boolean {
  if (oldest === null) return false;
  if (opts.installed !== undefined) return opts.installed > windowStart && Math.abs(oldest - opts.installed) <= INSTALL_SLACK_MS;
  return opts.installedAfter !== undefined && opts.installedAfter > windowStart && oldest >= opts.installedAfter - INSTALL_SLACK_MS;
}

/** A rule asked for a resolution, frame rate or codec and no probe measured it. */
function streamUnmeasured(req: StreamRequirements, measured: StreamCheckMeasured): boolean {
  return (
    (req.minWidth !== undefined && measured.width === null) ||
    (req.minFps !== undefined && measured.fps === null) ||
    (req.codecs !== undefined && measured.codecs.length === 0)
  );
}

export function isUnverifiedReason(r: string): r is UnverifiedReason {
  return (UNVERIFIED_REASONS as readonly string[]).includes(r);
}

/** The verdict from the reasons and warnings: a failure is certain, so it outranks what was not checked. */
export function settleVerdict(v: ChannelVerdict): ChannelVerdict {
  const fails = v.reasons.some((r) => !isUnverifiedReason(r));
  v.verdict = fails ? 'fail' : v.reasons.length > 0 ? 'unverified' : v.pending ? 'pending' : v.notes.length > 0 ? 'warn' : 'pass';
  return v;
}
