/**
 * A channel's segments folded into its timeline, once, in start order: which count as footage (probed or on
 * their evidence), how far each runs (its name, its probe, a plausible mtime, else the usual length), the
 * runs of footage and the holes between them inside the retention window, the share of each day recorded,
 * damage by day, bytes for the bitrate. Only running totals and the gaps that break the rule are kept: a
 * channel of millions of segments costs no memory per segment. Pure; verdict.ts turns the totals into reasons.
 */
import { DAY_MS } from '../archive/time.ts';
import type { Policy } from './policy.ts';
import type { AuditSegment, ChannelVerdict, JudgeOptions } from './verdict.ts';

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

export class TimelineFold {
  readonly windowStart: number;
  private readonly maxGapMs: number;
  private readonly maxListed: number;
  private readonly dayCount: number;
  readonly dailyMs: number[];
  readonly dailyDamaged: number[];
  covered = 0;
  bitBytes = 0;
  bitMs = 0;
  damagedOutside = 0;
  emptyFiles = 0;
  /** the end of a last segment still being written: the recorder is alive, its footage not counted yet */
  incompleteEnd: number | null = null;
  private runStart: number | null = null;
  private runEnd = 0;

  constructor(
    /** the verdict whose counts, gaps, problems and times the fold fills */
    private readonly v: ChannelVerdict,
    policy: Policy,
    private readonly now: number,
    private readonly opts: JudgeOptions,
  ) {
    this.windowStart = now - policy.retentionDays * DAY_MS;
    this.maxGapMs = policy.maxGapSeconds * 1000;
    this.maxListed = opts.maxGapsListed ?? 200;
    this.dayCount = Math.min(policy.retentionDays, 3660);
    this.dailyMs = new Array<number>(this.dayCount).fill(0);
    this.dailyDamaged = new Array<number>(this.dayCount).fill(0);
  }

  /** Every segment, each settled once the next one's start is known (an unknown end stops at it). */
  fold(segments: Iterable<AuditSegment>): this {
    let held: AuditSegment | undefined;
    for (const seg of segments) {
      this.v.segments++;
      if (held) this.settle(held, seg.start, false);
      held = seg;
    }
    if (held) this.settle(held, undefined, true);
    if (this.runStart !== null) {
      this.addCovered(this.runStart, this.runEnd);
      this.v.newestEnd = this.runEnd;
    }
    return this;
  }

  private dayOf(t: number): number {
    return Math.min(this.dayCount - 1, Math.max(0, Math.floor((t - this.windowStart) / DAY_MS)));
  }

  private settle(seg: AuditSegment, nextStart: number | undefined, isLast: boolean): void {
    const status = this.statusOf(seg);
    // unprobed segments older than the oldest readable one the search found lie among damaged ones
    if (status === null && this.opts.readableFrom !== undefined && seg.start < this.opts.readableFrom) return;
    const end = this.endOf(seg, status, nextStart);
    const incomplete = isLast && status === 'damaged';
    this.count(seg, status, end, incomplete);
    if (incomplete) {
      this.incompleteEnd = Math.max(seg.start, Math.min(end, this.now));
      return;
    }
    if (status === 'damaged' || status === 'timeout') return;
    this.countFootage(seg, end);
    this.extendRun(seg.start, end);
  }

  /** Its probe's status; an empty file is not footage, probed or not (a recorder that died before writing anything). */
  private statusOf(seg: AuditSegment): AuditSegment['status'] {
    if (seg.status === null && seg.size === 0) {
      this.emptyFiles++;
      return 'damaged';
    }
    return seg.status;
  }

  private endOf(seg: AuditSegment, status: AuditSegment['status'], nextStart: number | undefined): number {
    let end = seg.end;
    if (end === undefined && !this.opts.ignoreMtimes) end = endFromMtime(seg.start, seg.mtime, this.opts.nominalMs);
    if (end === undefined) {
      const guess = seg.start + this.opts.nominalMs;
      end = Math.min(guess, nextStart ?? guess);
      if (status !== 'damaged') this.v.assumedEnds++;
    }
    return Math.min(end, Math.max(this.now, seg.start));
  }

  /** Probe outcomes counted; damage inside the window by day, and a few problems to show. */
  private count(seg: AuditSegment, status: AuditSegment['status'], end: number, incomplete: boolean): void {
    const v = this.v;
    if (status !== null) v.probed++;
    if (status === 'timeout') v.timeouts++;
    if (status === 'error') v.probeErrors++;
    if (status === 'damaged' && !incomplete) {
      v.damaged++;
      if (end > this.windowStart && seg.start < this.now) {
        v.damagedInWindow++;
        this.dailyDamaged[this.dayOf(seg.start)]!++;
      } else this.damagedOutside++;
    }
    if (((status === 'damaged' && !incomplete) || status === 'timeout') && v.problems.length < 10) {
      v.problems.push({ path: seg.path, status: status === 'timeout' ? 'probe-timeout' : 'damaged', detail: seg.detail ?? (seg.size === 0 ? 'empty file (0 bytes)' : '') });
    }
  }

  /** Footage: how much of the window's was decoded, its bytes and length for the bitrate. */
  private countFootage(seg: AuditSegment, end: number): void {
    const v = this.v;
    if (end > this.windowStart && seg.start < this.now) {
      v.verified.segments++;
      if ((seg.decoded ?? 0) >= 1) {
        v.verified.decoded++;
        if (seg.checkedMs != null) v.verified.since = Math.min(v.verified.since ?? Infinity, seg.checkedMs);
      }
    }
    v.bytes += seg.size;
    if (end > seg.start) {
      this.bitBytes += seg.size;
      this.bitMs += end - seg.start;
    }
  }

  /** The run of footage goes on, or a hole closes it and a new one begins. */
  private extendRun(start: number, end: number): void {
    if (this.runStart === null) {
      this.runStart = start;
      this.runEnd = end;
      this.v.oldestStart = start;
      return;
    }
    if (start > this.runEnd) {
      this.addCovered(this.runStart, this.runEnd);
      this.closeGap(this.runEnd, start);
      this.runStart = start;
    }
    this.runEnd = Math.max(this.runEnd, end);
  }

  /** Only the part inside the window counts; before the oldest footage is retention, not a gap. */
  private closeGap(from: number, to: number): void {
    const a = Math.max(from, this.windowStart);
    const b = Math.min(to, this.now);
    if (b - a <= 0) return;
    const v = this.v;
    const seconds = Math.round((b - a) / 1000);
    v.biggestGapSeconds = Math.max(v.biggestGapSeconds, seconds);
    if (b - a > this.maxGapMs) {
      if (v.gaps.length < this.maxListed) v.gaps.push({ start: a, end: b, seconds });
      else v.gapsNotListed++;
    }
  }

  private addCovered(a: number, b: number): void {
    const x = Math.max(a, this.windowStart);
    const y = Math.min(b, this.now);
    if (y <= x) return;
    this.covered += y - x;
    for (let d = this.dayOf(x); d < this.dayCount && this.windowStart + d * DAY_MS < y; d++) {
      const from = Math.max(x, this.windowStart + d * DAY_MS);
      const to = Math.min(y, this.windowStart + (d + 1) * DAY_MS);
      if (to > from) this.dailyMs[d]! += to - from;
    }
  }
}
