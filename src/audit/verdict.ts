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
export type UnverifiedReason = 'probe-budget' | 'probe-error' | 'unreadable-folder' | 'stream-unmeasured' | 'index-behind' | 'unread-recorder' | 'unread-footage' | 'device-unreachable' | 'device-auth' | 'device-answer';
export type Reason = FailReason | UnverifiedReason;

export const FAIL_REASONS: readonly FailReason[] = ['retention-short', 'gap', 'stale', 'damaged', 'no-segments', 'resolution', 'frame-rate', 'codec', 'no-evidence', 'weaker-rule'];
export const UNVERIFIED_REASONS: readonly UnverifiedReason[] = ['probe-budget', 'probe-error', 'unreadable-folder', 'stream-unmeasured', 'index-behind', 'unread-recorder', 'unread-footage', 'device-unreachable', 'device-auth', 'device-answer'];

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
/** An mtime this far before a segment's start is still read as its end (clocks of recorder and disk differ). */
const MTIME_EARLY_MS = 2_000;


/**
 * The end of a segment whose name and probe did not say: its mtime (when the recorder last wrote it) if that
 * falls inside [start, start + nominal + slack], never past start + nominal (a late mtime must not stretch
 * footage over a gap); else undefined (implausible: a copied archive, a file touched later).
 */
export function endFromMtime(start: number, mtime: number | undefined, nominalMs: number): number | undefined {
  if (mtime === undefined || !Number.isFinite(mtime)) return undefined;
  const slack = Math.max(60_000, nominalMs * 0.25);
  if (mtime < start - MTIME_EARLY_MS || mtime > start + nominalMs + slack) return undefined;
  return Math.min(Math.max(mtime, start), start + nominalMs);
}

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
  const windowStart = now - policy.retentionDays * DAY_MS;
  const maxGapMs = policy.maxGapSeconds * 1000;
  const maxListed = opts.maxGapsListed ?? 200;
  const v: ChannelVerdict = emptyVerdict(channel);
  const dayCount = Math.min(policy.retentionDays, 3660);
  const dailyMs = new Array<number>(dayCount).fill(0);
  const dailyDamaged = new Array<number>(dayCount).fill(0);
  const dayOf = (t: number) => Math.min(dayCount - 1, Math.max(0, Math.floor((t - windowStart) / DAY_MS)));
  let covered = 0;
  let runStart: number | null = null;
  let runEnd = 0;
  let bitBytes = 0;
  let bitMs = 0;
  let damagedOutside = 0;
  let emptyFiles = 0;
  let incompleteEnd: number | null = null;

  const closeGap = (from: number, to: number) => {
    // only the part inside the window counts; before the oldest footage is retention, not a gap
    const a = Math.max(from, windowStart);
    const b = Math.min(to, now);
    if (b - a <= 0) return;
    const seconds = Math.round((b - a) / 1000);
    v.biggestGapSeconds = Math.max(v.biggestGapSeconds, seconds);
    if (b - a > maxGapMs) {
      if (v.gaps.length < maxListed) v.gaps.push({ start: a, end: b, seconds });
      else v.gapsNotListed++;
    }
  };
  const addCovered = (a: number, b: number) => {
    const x = Math.max(a, windowStart);
    const y = Math.min(b, now);
    if (y <= x) return;
    covered += y - x;
    for (let d = dayOf(x); d < dayCount && windowStart + d * DAY_MS < y; d++) {
      const from = Math.max(x, windowStart + d * DAY_MS);
      const to = Math.min(y, windowStart + (d + 1) * DAY_MS);
      if (to > from) dailyMs[d]! += to - from;
    }
  };

  const settle = (seg: AuditSegment, nextStart: number | undefined, isLast: boolean) => {
    // an empty file is not footage, probed or not (a recorder that died before writing anything)
    let status = seg.status;
    if (status === null && seg.size === 0) {
      status = 'damaged';
      emptyFiles++;
    }
    // unprobed segments older than the oldest readable one the search found lie among damaged ones
    if (status === null && opts.readableFrom !== undefined && seg.start < opts.readableFrom) return;
    let end = seg.end;
    if (end === undefined && !opts.ignoreMtimes) end = endFromMtime(seg.start, seg.mtime, opts.nominalMs);
    if (end === undefined) {
      const guess = seg.start + opts.nominalMs;
      end = Math.min(guess, nextStart ?? guess);
      if (status !== 'damaged') v.assumedEnds++;
    }
    end = Math.min(end, Math.max(now, seg.start));
    const incomplete = isLast && status === 'damaged';
    const readable = status !== 'damaged' && status !== 'timeout';
    if (status !== null) v.probed++;
    if (status === 'timeout') v.timeouts++;
    if (status === 'error') v.probeErrors++;
    if (status === 'damaged' && !incomplete) {
      v.damaged++;
      if (end > windowStart && seg.start < now) {
        v.damagedInWindow++;
        dailyDamaged[dayOf(seg.start)]!++;
      } else damagedOutside++;
    }
    if ((status === 'damaged' && !incomplete) || status === 'timeout') {
      if (v.problems.length < 10) v.problems.push({ path: seg.path, status: status === 'timeout' ? 'probe-timeout' : 'damaged', detail: seg.detail ?? (seg.size === 0 ? 'empty file (0 bytes)' : '') });
    }
    if (incomplete) {
      // being written: shows the recorder is alive, but is no footage to count yet
      incompleteEnd = Math.max(seg.start, Math.min(end, now));
      return;
    }
    if (!readable) return;
    if (end > windowStart && seg.start < now) {
      v.verified.segments++;
      if ((seg.decoded ?? 0) >= 1) {
        v.verified.decoded++;
        if (seg.checkedMs != null) v.verified.since = Math.min(v.verified.since ?? Infinity, seg.checkedMs);
      }
    }
    v.bytes += seg.size;
    if (end > seg.start) {
      bitBytes += seg.size;
      bitMs += end - seg.start;
    }
    if (runStart === null) {
      runStart = seg.start;
      runEnd = end;
      v.oldestStart = seg.start;
      return;
    }
    if (seg.start > runEnd) {
      addCovered(runStart, runEnd);
      closeGap(runEnd, seg.start);
      runStart = seg.start;
    }
    runEnd = Math.max(runEnd, end);
  };

  let held: AuditSegment | undefined;
  for (const seg of segments) {
    v.segments++;
    if (held) settle(held, seg.start, false);
    held = seg;
  }
  if (held) settle(held, undefined, true);
  if (runStart !== null) {
    addCovered(runStart, runEnd);
    v.newestEnd = runEnd;
  }

  const fail: FailReason[] = [];
  if (v.oldestStart === null) {
    fail.push('no-segments');
  } else {
    v.retainedDays = Math.round(((now - v.oldestStart) / DAY_MS) * 100) / 100;
    if (v.oldestStart > windowStart) fail.push('retention-short');
    if (v.gaps.length > 0 && opts.mode !== 'event') fail.push('gap');
    if (Math.max(v.newestEnd!, incompleteEnd ?? 0) < now - policy.staleAfterSeconds * 1000) fail.push('stale');
  }
  if (v.damagedInWindow > 0) fail.push('damaged');
  if (opts.mode === 'event' && opts.silenceLimitMs !== undefined && v.biggestGapSeconds * 1000 > opts.silenceLimitMs) {
    v.notes.push(note('long-silence', { hours: Math.round(v.biggestGapSeconds / 360) / 10, usual: Math.round(opts.silenceLimitMs / 36_000) / 100 }));
  }
  if (damagedOutside > 0) v.notes.push(note('damaged-outside', { n: damagedOutside }));
  if (emptyFiles > 0) v.notes.push(note('empty-files', { n: emptyFiles }));
  if (v.timeouts > 0) v.notes.push(note('probe-timeouts', { n: v.timeouts }));
  if (opts.future) v.notes.push(note('future', { n: opts.future }));
  if (v.assumedEnds > 0) v.notes.push(note('assumed-ends', { n: v.assumedEnds }));
  v.coverage = Math.round((covered / (now - windowStart)) * 10000) / 10000;
  v.verified.share = v.verified.segments > 0 ? Math.round((v.verified.decoded / v.verified.segments) * 10000) / 10000 : 0;
  v.daily = { covered: dailyMs.map((ms) => Math.round((ms / DAY_MS) * 1000) / 1000), damaged: dailyDamaged };
  v.bitrateBps = bitMs > 0 ? Math.round((bitBytes * 8 * 1000) / bitMs) : null;

  if (opts.stream) {
    const check = checkStream(opts.stream.requirements, opts.stream.probes, v.bitrateBps);
    v.stream = check.measured;
    fail.push(...check.reasons);
    v.notes.push(...check.notes);
  }
  const unverified = new Set<UnverifiedReason>(opts.unverified ?? []);
  // a device that would not give its footage already says so (unread-footage): its fetches are not a tool's failure
  if (v.probeErrors > 0 && !unverified.has('unread-footage')) {
    unverified.add('probe-error');
    v.notes.push(note('probe-errors', { n: v.probeErrors }));
  }
  if (opts.stream && streamUnmeasured(opts.stream.requirements, v.stream!)) unverified.add('stream-unmeasured');

  // a new camera: footage reaches back to its installation (within a day), and not past it; with the index's
  // evidence only, footage must not be older than the last look that did not find the channel
  const oldest = v.oldestStart;
  const isNew =
    oldest !== null &&
    ((opts.installed !== undefined && opts.installed > windowStart && Math.abs(oldest - opts.installed) <= INSTALL_SLACK_MS) ||
      (opts.installed === undefined && opts.installedAfter !== undefined && opts.installedAfter > windowStart && oldest >= opts.installedAfter - INSTALL_SLACK_MS));
  if (fail.includes('retention-short') && isNew) {
    fail.splice(fail.indexOf('retention-short'), 1);
    v.pending = true;
  }
  v.reasons = [...fail, ...UNVERIFIED_REASONS.filter((r) => unverified.has(r))];
  return settleVerdict(v);
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
