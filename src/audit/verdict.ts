/**
 * The retention verdict of one channel (design.md). Pure: segments sorted by start, the policy and `now`
 * in, verdict out. It reads the segments once as a stream and keeps only running totals and the gaps that
 * break the rule, so a channel of millions of segments costs no memory per segment.
 */
import type { Policy } from './policy.ts';

export type SegmentStatus = 'ok' | 'warning' | 'damaged' | 'timeout' | null;

export interface AuditSegment {
  start: number;
  /** known end: from the file name, or start + probed duration */
  end?: number;
  status: SegmentStatus;
  size: number;
  path: string;
  detail?: string | null;
}

export type Reason = 'retention-short' | 'gap' | 'stale' | 'damaged' | 'no-segments' | 'resolution' | 'frame-rate' | 'codec';
/** pending: a channel installed less than the retention period ago whose footage reaches back to its installation */
export type Verdict = 'pass' | 'warn' | 'fail' | 'pending';

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
  reasons: Reason[];
  /** new camera, footage back to its installation: not yet old enough to judge retention */
  pending?: boolean;
  warnings: string[];
  /** per day of the window, oldest first: the share of the day recorded, and damaged segments that day */
  daily: { covered: number[]; damaged: number[] };
  /** a few damaged or timed-out segments with what ffprobe said */
  problems: { path: string; status: string; detail: string }[];
}

export interface JudgeOptions {
  /** assumed length of a segment whose end is unknown (the channel's usual segment length) */
  nominalMs: number;
  maxGapsListed?: number;
  /** event (motion/alarm) recording: gaps are expected, coverage is reported, not judged */
  mode?: 'continuous' | 'event';
  /** when the channel was installed (epoch ms), for the grace given to new cameras */
  installed?: number;
}

/** Footage that starts within this of the installation date "reaches back to it". */
const INSTALL_SLACK_MS = 86_400_000;

const DAY = 86_400_000;

export function judgeChannel(channel: string, segments: Iterable<AuditSegment>, policy: Policy, now: number, opts: JudgeOptions): ChannelVerdict {
  const windowStart = now - policy.retentionDays * DAY;
  const maxGapMs = policy.maxGapSeconds * 1000;
  const maxListed = opts.maxGapsListed ?? 200;
  const v: ChannelVerdict = {
    channel,
    segments: 0,
    probed: 0,
    damaged: 0,
    damagedInWindow: 0,
    timeouts: 0,
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
    warnings: [],
    problems: [],
    daily: { covered: [], damaged: [] },
  };
  const dayCount = Math.min(policy.retentionDays, 3660);
  const dailyMs = new Array<number>(dayCount).fill(0);
  const dailyDamaged = new Array<number>(dayCount).fill(0);
  const dayOf = (t: number) => Math.min(dayCount - 1, Math.max(0, Math.floor((t - windowStart) / DAY)));
  let covered = 0;
  let runStart: number | null = null;
  let runEnd = 0;
  let bitBytes = 0;
  let bitMs = 0;
  let damagedOutside = 0;
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
    for (let d = dayOf(x); d < dayCount && windowStart + d * DAY < y; d++) {
      const from = Math.max(x, windowStart + d * DAY);
      const to = Math.min(y, windowStart + (d + 1) * DAY);
      if (to > from) dailyMs[d]! += to - from;
    }
  };

  let pending: AuditSegment | undefined;
  const settle = (seg: AuditSegment, nextStart: number | undefined, isLast: boolean) => {
    const guess = seg.start + opts.nominalMs;
    const end = seg.end ?? Math.min(guess, nextStart ?? guess, Math.max(now, seg.start));
    const incomplete = isLast && seg.status === 'damaged';
    const readable = seg.status !== 'damaged' && seg.status !== 'timeout';
    if (seg.status !== null) v.probed++;
    if (seg.status === 'timeout') v.timeouts++;
    if (seg.status === 'damaged' && !incomplete) {
      v.damaged++;
      if (end > windowStart && seg.start < now) {
        v.damagedInWindow++;
        dailyDamaged[dayOf(seg.start)]!++;
      }
      else damagedOutside++;
    }
    if ((seg.status === 'damaged' && !incomplete) || seg.status === 'timeout') {
      if (v.problems.length < 10) v.problems.push({ path: seg.path, status: seg.status === 'timeout' ? 'probe-timeout' : 'damaged', detail: seg.detail ?? '' });
    }
    if (incomplete) {
      // being written: shows the recorder is alive, but is no footage to count yet
      incompleteEnd = Math.max(seg.start, Math.min(end, now));
      return;
    }
    if (!readable) return;
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

  for (const seg of segments) {
    v.segments++;
    if (pending) settle(pending, seg.start, false);
    pending = seg;
  }
  if (pending) settle(pending, undefined, true);
  if (runStart !== null) {
    addCovered(runStart, runEnd);
    v.newestEnd = runEnd;
  }

  if (v.oldestStart === null) {
    v.reasons.push('no-segments');
  } else {
    v.retainedDays = Math.round(((now - v.oldestStart) / DAY) * 100) / 100;
    if (v.oldestStart > windowStart) v.reasons.push('retention-short');
    if (v.gaps.length > 0 && opts.mode !== 'event') v.reasons.push('gap');
    if (Math.max(v.newestEnd!, incompleteEnd ?? 0) < now - policy.staleAfterSeconds * 1000) v.reasons.push('stale');
  }
  if (v.damagedInWindow > 0) v.reasons.push('damaged');
  if (damagedOutside > 0) v.warnings.push(`${damagedOutside} damaged segment(s) outside the window`);
  if (v.timeouts > 0) v.warnings.push(`${v.timeouts} segment(s) gave no probe answer in time (probe-timeout)`);
  v.coverage = Math.round((covered / (now - windowStart)) * 10000) / 10000;
  v.daily = { covered: dailyMs.map((ms) => Math.round((ms / DAY) * 1000) / 1000), damaged: dailyDamaged };
  v.bitrateBps = bitMs > 0 ? Math.round((bitBytes * 8 * 1000) / bitMs) : null;
  if (v.reasons.includes('retention-short') && opts.installed !== undefined && opts.installed > windowStart && v.oldestStart! <= opts.installed + INSTALL_SLACK_MS) {
    v.reasons = v.reasons.filter((r) => r !== 'retention-short');
    v.pending = true;
  }
  return settleVerdict(v);
}

/** The verdict from the reasons and warnings found so far (called again when more checks add to them). */
export function settleVerdict(v: ChannelVerdict): ChannelVerdict {
  v.verdict = v.reasons.length > 0 ? 'fail' : v.pending ? 'pending' : v.warnings.length > 0 ? 'warn' : 'pass';
  return v;
}
