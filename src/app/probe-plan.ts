/**
 * Which segments to probe (ARCHITECTURE.md, "What the default audit verifies"). Probing all of a large
 * archive takes hours, so by default the audit probes what decides the verdict:
 * - each channel's newest two segments (stale, incomplete) and one from the middle (bitrate, stream);
 * - the oldest readable segment, found by a galloping search over time from the oldest file: 1, 2, 4, 8 ...
 *   segment lengths ahead until one reads, then halving back to the first that does. Damaged footage at
 *   the old end of a channel (a recorder that overwrote half a file, a disk going bad) is a prefix of any
 *   length, and the search finds its end in a few dozen probes on any archive;
 * - segments far smaller than the channel's usual size: a stream cut mid-write, an empty or garbage file.
 * What a budget stops or a tool failure leaves unchecked is reported per channel, and the verdict turns
 * `unverified` on it. `deep` probes every segment not yet probed. Results go to the index as they come, so
 * an interrupted probe resumes where it stopped, and nothing is probed twice (cached by path, size, mtime).
 */
import type { UnverifiedReason } from '../audit/verdict.ts';
import type { ProbeRow } from '../index/store.ts';
import { READABLE_STATUSES, type DecodeDepth } from '../probe/result.ts';
import { pool } from '../probe/run.ts';
import { statSync } from 'node:fs';
import { byteRangeOf } from '../archive/hikvision/range-path.ts';
import { wallMsOf } from '../archive/time.ts';
import { fsPath } from '../archive/names.ts';
import { needsCheck, type AuditQueries, type SegmentRef } from '../index/queries.ts';

/**
 * Checks one segment: its container, and its frames decoded to `depth` (probe/run.ts checkSegment). A
 * prober that answers "reads" without having decoded as deep as asked is taken as a tool failure.
 */
export type Prober = ((path: string, depth: DecodeDepth) => Promise<ProbeRow>) & {
  /** many segments at once (a batch shares one decoder process): answers in the order asked */
  many?: (paths: string[], depth: DecodeDepth) => Promise<ProbeRow[]>;
};

/** segments a batch, when the prober takes batches */
const PROBE_BATCH = 16;

/** every check the plan makes decodes at least the first key frame: a container that reads is not footage */
export const DECISIVE_DEPTH: DecodeDepth = 1;
/** --deep: every segment's first key frame and last GOP */
export const DEEP_DEPTH: DecodeDepth = 2;

export interface ProbeProgress {
  probed: number;
  queued: number;
}

/** What the plan found out per channel, for the verdict. */
export interface ChannelPlan {
  /** start of the oldest readable segment the search confirmed; unprobed segments before it are not footage */
  readableFrom?: number;
  unverified: UnverifiedReason[];
}

export interface PlanResult {
  probed: number;
  /** probes that failed as a tool (crash, cannot run): the first one's words, and how many */
  toolErrors: { count: number; first?: string };
  channels: Map<number, ChannelPlan>;
}

/** What the plan needs to know of a channel besides its id. */
export interface PlanChannel {
  id: number;
  /** the channel's usual segment length, the search's first step */
  nominalMs: number;
  /** the start of the channel's retention window: small segments before it do not matter */
  windowStart: number;
  /** event recording: sizes vary by nature, so small segments are not suspects */
  event: boolean;
}

/**
 * The rolling scrub: besides what decides the verdict, each audit decodes a slice of every channel's window
 * that was never decoded, oldest first, so that damage in the middle of the window (which only `--deep`
 * found) is found within `cycle` audits, as ZFS and RAID controllers scrub a little at a time. The slice is
 * the window's segment count / cycle (30: once a month at nightly audits). Results stay in the index.
 */
export interface ScrubOptions {
  cycle: number;
}

/** a search that needs more probes than this for one channel stops: the channel is unverified */
const OLDEST_MAX_PROBES = 64;
/** small segments probed a channel an audit; the rest wait for the next audit (the channel is unverified) */
const SMALL_MAX_PROBES = 200;
/** a segment below this share of the channel's usual size is a suspect */
const SMALL_SHARE = 0.5;
const SAMPLE = 1;
/** the scrub's slice of one channel an audit, at most: 10-second segments would ask 26,000 a night */
const SCRUB_MAX = 2_000;
const FLUSH = 100;

export const needsProbe = (r: Pick<SegmentRef, 'probe_status' | 'decoded'>, depth: DecodeDepth = DECISIVE_DEPTH) => needsCheck(r, depth);

/** A prober's answer as the index keeps it: a "reads" not decoded to `depth` is no answer (a tool failure). */
function asChecked(row: ProbeRow, depth: DecodeDepth, checkedMs: number): ProbeRow {
  if (READABLE_STATUSES.has(row.probe_status) && (row.decoded ?? 0) < Math.min(depth, row.depthLimit ?? depth)) {
    return { ...row, probe_status: 'error', probe_detail: `the probe did not decode the frames (asked for depth ${depth})`, decoded: null, checked_ms: null };
  }
  return { ...row, checked_ms: row.decoded ? checkedMs : null };
}

/**
 * A verdict on a file holds only for the bytes the scan saw: a file that vanished or changed (size, mtime)
 * since is not damaged, it is another matter, and a damage result cached for it would outlive its return
 * (issue 20). Such a probe is a tool-side failure: not stored as a verdict, checked again next time.
 */
function aboutTheseBytes(path: string, ref: SegmentRef, row: ProbeRow): ProbeRow {
  if (row.probe_status !== 'damaged' && row.probe_status !== 'timeout') return row;
  // a recording a device lists (isapi://...): its bytes are the device's answer, not a file here
  if (/^[a-z]+:\/\//.test(path)) return row;
  // a range of a container (Hikvision): the bytes are there while the container holds the range; a record
  // written over since is the index's to say, at the next scan
  const range = byteRangeOf(path);
  if (range) {
    const c = statSync(fsPath(range.file, ''), { throwIfNoEntry: false });
    return c && c.size >= range.end ? row : { ...row, probe_status: 'error', probe_detail: 'its container vanished or shrank while it was checked: checked again next time', decoded: null, checked_ms: null };
  }
  const st = statSync(fsPath(path, ''), { throwIfNoEntry: false });
  if (st && st.size === ref.size && st.mtimeMs === ref.mtime_ms) return row;
  return { ...row, probe_status: 'error', probe_detail: st ? 'the file changed while it was checked: checked again next time' : 'the file vanished while it was checked: checked again next time', decoded: null, checked_ms: null };
}

/** how far a recording's own clock may stand from the index's times: the index keeps whole seconds, and a
 * first key frame follows the record's start by up to a GOP */
const OWN_CLOCK_SLACK_MS = 120_000;

/**
 * A recording whose bytes name another time than the index does is not the recording the index names: a
 * container written round-robin holds newer footage where the index (a stale copy, a write the device did
 * not finish) still names old. Its frames decode, so only their own clock tells (probe/ps-reader.ts).
 * `zone` is the device's, in which the index's times were read.
 */
export function againstItsOwnClock(ref: Pick<SegmentRef, 'start_ms' | 'end_ms'>, row: ProbeRow, zone: string | undefined): ProbeRow {
  const own = row.ownClock;
  if (!own || !zone || !READABLE_STATUSES.has(row.probe_status)) return row;
  const start = wallMsOf(ref.start_ms, zone);
  const end = ref.end_ms === null ? undefined : wallMsOf(ref.end_ms, zone);
  const show = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  let problem: string | undefined;
  if (own.first !== undefined && Math.abs(own.first - start) > OWN_CLOCK_SLACK_MS) {
    problem = `its frames are dated ${show(own.first)} by the device's clock, the index says ${show(start)}`;
  } else if (own.last !== undefined && end !== undefined && own.last > end + OWN_CLOCK_SLACK_MS) {
    problem = `its last frames are dated ${show(own.last)} by the device's clock, after the index's end ${show(end)}`;
  } else if (own.ptsSpan !== undefined && end !== undefined && own.ptsSpan * 1000 > end - start + OWN_CLOCK_SLACK_MS) {
    problem = `its frames span ${Math.round(own.ptsSpan)} s, the index says ${Math.round((end - start) / 1000)} s`;
  }
  if (!problem) return row;
  return { ...row, probe_status: 'damaged', probe_detail: `${problem}: its bytes hold other footage (the container was written over)`, decoded: null };
}

/** Probes `refs` with `jobs` at once, stores each result, and writes it onto the ref for the caller. */
async function probeAll(q: AuditQueries, refs: SegmentRef[], prober: Prober, jobs: number, result: PlanResult, onProgress?: (p: ProbeProgress) => void, depth: DecodeDepth = DECISIVE_DEPTH, zone?: string): Promise<void> {
  let buffer: { ref: SegmentRef; row: ProbeRow }[] = [];
  const flush = () => {
    if (buffer.length > 0) q.setProbes(buffer);
    buffer = [];
  };
  try {
    const take = (ref: SegmentRef, answer: ProbeRow) => {
      // the recording's own clock is judged here and not kept
      const { ownClock: _, depthLimit: __, ...row } = aboutTheseBytes(q.pathOf(ref), ref, againstItsOwnClock(ref, asChecked(answer, depth, Date.now()), zone));
      if (row.probe_status === 'error') {
        result.toolErrors.count++;
        result.toolErrors.first ??= `${q.pathOf(ref)}: ${row.probe_detail}`;
      }
      ref.probe_status = row.probe_status;
      ref.probe_detail = row.probe_detail;
      ref.duration_ms = row.duration_ms;
      ref.decoded = row.decoded ?? null;
      ref.checked_ms = row.checked_ms ?? null;
      buffer.push({ ref, row });
      result.probed++;
      if (buffer.length >= FLUSH) flush();
      onProgress?.({ probed: result.probed, queued: refs.length });
    };
    const many = prober.many;
    if (many && refs.length > 1) {
      const batches: SegmentRef[][] = [];
      for (let i = 0; i < refs.length; i += PROBE_BATCH) batches.push(refs.slice(i, i + PROBE_BATCH));
      await pool(batches, jobs, (b) => many(b.map((ref) => q.pathOf(ref)), depth), (b, rows) => b.forEach((ref, i) => take(ref, rows[i]!)));
    } else {
      await pool(refs, jobs, (ref) => prober(q.pathOf(ref), depth), take);
    }
  } finally {
    flush();
  }
}

/** Identifies a segment: a row by its id, a packed segment by its folder and name (it has no row until probed). */
export function segmentKey(r: SegmentRef): string {
  return r.pack ? `${r.dir_id}/${r.name}` : `#${r.id}`;
}

/** The search for one channel's oldest readable segment, stepped one probe at a time. */
class OldestSearch {
  /** the newest damaged segment known in the old end, and the oldest readable one known */
  private lo: SegmentRef | undefined;
  private hi: number | undefined;
  private step: number;
  private probes = 0;
  done = false;
  readableFrom: number | undefined;
  unverified: UnverifiedReason | undefined;

  constructor(private readonly q: AuditQueries, private readonly channelId: number, nominalMs: number) {
    this.step = Math.max(1000, nominalMs);
  }

  /** The next segment to look at, or undefined when the search is over. */
  next(): SegmentRef | undefined {
    if (this.done) return undefined;
    let c: SegmentRef | undefined;
    if (!this.lo) {
      c = this.q.atOrAfter(this.channelId, -Infinity);
    } else if (this.hi === undefined) {
      c = this.q.atOrAfter(this.channelId, this.lo.start_ms + this.step);
      this.step *= 2;
      // past the newest segment: the newest one bounds the search
      if (!c) c = this.q.newest(this.channelId, 1)[0];
      if (c && c.start_ms <= this.lo.start_ms) c = undefined;
    } else {
      const mid = this.lo.start_ms + Math.floor((this.hi - this.lo.start_ms) / 2);
      c = this.q.atOrAfter(this.channelId, Math.max(mid, this.lo.start_ms + 1));
      if (!c || c.start_ms >= this.hi) c = this.q.atOrAfter(this.channelId, this.lo.start_ms + 1);
      if (!c || c.start_ms >= this.hi) return this.finish(this.hi);
    }
    // nothing readable anywhere: unprobed segments between damaged ones are not counted as footage
    if (!c) return this.finish(Infinity);
    return c;
  }

  /** Takes the answer for `c` (probed now or earlier). */
  learn(c: SegmentRef): void {
    if (c.probe_status === 'error') {
      // the tool failed: the search cannot go on; what was not checked is counted, and flagged
      this.unverified = 'probe-error';
      this.finish(this.lo ? this.lo.start_ms + 1 : undefined);
    } else if (READABLE_STATUSES.has(c.probe_status ?? '')) {
      if (!this.lo) this.finish(c.start_ms);
      else this.hi = c.start_ms;
    } else {
      this.lo = c;
    }
  }

  /** Counts a probe; true when the budget is spent. */
  spend(): boolean {
    if (++this.probes <= OLDEST_MAX_PROBES) return false;
    this.unverified = 'probe-budget';
    this.finish(this.lo ? this.lo.start_ms + 1 : undefined);
    return true;
  }

  private finish(readableFrom: number | undefined): undefined {
    this.done = true;
    this.readableFrom = readableFrom;
    return undefined;
  }
}

/**
 * The checks that decide the verdict (see the top). `zone` is the recorders' (`--tz`): a recording's own
 * clock is held against the index's times in it (againstItsOwnClock).
 */
export async function probeDecisive(q: AuditQueries, channels: PlanChannel[], prober: Prober, jobs: number, onProgress?: (p: ProbeProgress) => void, scrub?: ScrubOptions, zone?: string): Promise<PlanResult> {
  const result: PlanResult = { probed: 0, toolErrors: { count: 0 }, channels: new Map(channels.map((c) => [c.id, { unverified: [] }])) };
  const first: SegmentRef[] = [];
  const seen = new Set<string>();
  const add = (list: SegmentRef[], r: SegmentRef) => {
    const key = segmentKey(r);
    if (needsProbe(r) && !seen.has(key)) {
      seen.add(key);
      list.push(r);
    }
  };
  for (const { id } of channels) {
    const newest = q.newest(id, 2);
    for (const r of newest) add(first, r);
    const oldest = q.atOrAfter(id, -Infinity);
    if (oldest && newest[0]) {
      const span = newest[0].start_ms - oldest.start_ms;
      for (let k = 1; k <= SAMPLE; k++) {
        const r = q.atOrAfter(id, oldest.start_ms + Math.floor((span * k) / (SAMPLE + 1)));
        if (r) add(first, r);
      }
    }
  }
  await probeAll(q, first, prober, jobs, result, onProgress, DECISIVE_DEPTH, zone);

  // Oldest until one reads: a wave probes the next step of every channel's search, so the pool stays busy.
  const searches = channels.map((c) => ({ id: c.id, s: new OldestSearch(q, c.id, c.nominalMs) }));
  for (let open = searches; open.length > 0; open = open.filter((x) => !x.s.done)) {
    const wave: SegmentRef[] = [];
    const waiting: { s: OldestSearch; ref: SegmentRef }[] = [];
    for (const { s } of open) {
      // cached answers cost nothing: step on until the search needs a probe
      for (let c = s.next(); c; c = s.next()) {
        if (!needsProbe(c)) {
          s.learn(c);
          continue;
        }
        if (s.spend()) break;
        wave.push(c);
        waiting.push({ s, ref: c });
        break;
      }
    }
    if (wave.length === 0) break;
    await probeAll(q, wave, prober, jobs, result, onProgress, DECISIVE_DEPTH, zone);
    for (const { s, ref } of waiting) s.learn(ref);
  }
  for (const { id, s } of searches) {
    const plan = result.channels.get(id)!;
    plan.readableFrom = s.readableFrom;
    if (s.unverified) plan.unverified.push(s.unverified);
  }

  // Small segments: what a cut stream, an empty or a garbage file looks like from its size alone.
  const small: SegmentRef[] = [];
  for (const c of channels) {
    if (c.event) continue;
    const usual = q.usualSize(c.id);
    if (usual === undefined) continue;
    const found = q.smallUnprobed(c.id, Math.floor(usual * SMALL_SHARE), c.windowStart, SMALL_MAX_PROBES + 1);
    if (found.length > SMALL_MAX_PROBES) {
      found.length = SMALL_MAX_PROBES;
      result.channels.get(c.id)!.unverified.push('probe-budget');
    }
    for (const r of found) add(small, r);
  }
  await probeAll(q, small, prober, jobs, result, onProgress, DECISIVE_DEPTH, zone);
  if (scrub && scrub.cycle > 0) await probeAll(q, scrubSlice(q, channels, scrub.cycle, seen), prober, jobs, result, onProgress, DECISIVE_DEPTH, zone);
  return result;
}

/** Each channel's next slice of never-decoded window segments, oldest first (ScrubOptions). */
function scrubSlice(q: AuditQueries, channels: PlanChannel[], cycle: number, seen: Set<string>): SegmentRef[] {
  const slice: SegmentRef[] = [];
  for (const c of channels) {
    // from a segment's length before the window: one that starts before it and runs into it is in it
    const from = c.windowStart - c.nominalMs;
    // the slice's size from the index's counts; the walk stops once it has the slice (the verdict walks the window anyway)
    let take = Math.min(SCRUB_MAX, Math.ceil(q.countFrom(c.id, from) / cycle));
    if (take === 0) continue;
    for (const s of q.ascending(c.id, from)) {
      if (s.size === 0 || !needsProbe(s) || seen.has(segmentKey(s))) continue;
      seen.add(segmentKey(s));
      slice.push(s);
      if (--take === 0) break;
    }
  }
  return slice;
}

export async function probeDeep(q: AuditQueries, channelIds: number[], prober: Prober, jobs: number, onProgress?: (p: ProbeProgress) => void, zone?: string): Promise<PlanResult> {
  const result: PlanResult = { probed: 0, toolErrors: { count: 0 }, channels: new Map(channelIds.map((id) => [id, { unverified: [] }])) };
  for (const id of channelIds) {
    // each batch starts where the last one ended; a segment that failed as a tool stays unprobed, so the
    // ones at the batch's last start are skipped by key instead of being probed again in this run
    let from = -Infinity;
    let done = new Set<string>();
    for (;;) {
      const batch = q.unprobed(id, from, 2000, done, DEEP_DEPTH);
      if (batch.length === 0) break;
      from = batch[batch.length - 1]!.start_ms;
      done = new Set(batch.filter((r) => r.start_ms === from).map(segmentKey));
      await probeAll(q, batch, prober, jobs, result, onProgress, DEEP_DEPTH, zone);
    }
  }
  return result;
}
