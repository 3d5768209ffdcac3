/**
 * Read-side queries of the audit, over the roots being audited (a channel may span several roots: disks).
 * Segments carry their root id, so these are range reads on the (channel, start) index with no join.
 */
import type { DB } from '../index/open.ts';
import type { MeasuredStream } from '../audit/stream-check.ts';
import type { ProbeRow } from '../index/store.ts';

export interface SegmentRef {
  id: number;
  dir_id: number;
  name: string;
  start_ms: number;
  end_ms: number | null;
  duration_ms: number | null;
  probe_status: string | null;
  probe_detail: string | null;
  size: number;
}

export type StreamRow = [start: number, end: number | null, duration: number | null, status: string | null, size: number, id: number];

const COLUMNS = 's.id, s.dir_id, s.name, s.start_ms, s.end_ms, s.duration_ms, s.probe_status, s.probe_detail, s.size';

export class AuditQueries {
  private readonly stmts;

  constructor(private readonly db: DB, private readonly rootIds: number[], private readonly now: number) {
    const inRoots = `s.root_id IN (${rootIds.map(() => '?').join(',')})`;
    const seg = `SELECT ${COLUMNS} FROM segments s WHERE s.channel_id = ? AND ${inRoots} AND s.start_ms <= ?`;
    const dirRoots = `d.root_id IN (${rootIds.map(() => '?').join(',')})`;
    this.stmts = {
      channels: db.prepare(`SELECT c.id, c.name, c.first_seen_ms FROM channels c WHERE EXISTS (
          SELECT 1 FROM segments s WHERE s.channel_id = c.id AND ${inRoots}) ORDER BY c.name`),
      ascending: db.prepare(`${seg} ORDER BY s.start_ms LIMIT ? OFFSET ?`),
      atOrAfter: db.prepare(`${seg} AND s.start_ms >= ? ORDER BY s.start_ms LIMIT 1`),
      descending: db.prepare(`${seg} ORDER BY s.start_ms DESC LIMIT ?`),
      // raw rows of the few columns a verdict needs: objects with nine keys cost twice as much a row
      stream: db.prepare(`SELECT s.start_ms, s.end_ms, s.duration_ms, s.probe_status, s.size, s.id FROM segments s WHERE s.channel_id = ? AND ${inRoots} AND s.start_ms <= ? ORDER BY s.start_ms`).raw(true),
      byId: db.prepare(`SELECT ${COLUMNS} FROM segments s WHERE s.id = ?`),
      unprobed: db.prepare(`${seg} AND s.probe_status IS NULL AND s.id > ? ORDER BY s.id LIMIT ?`),
      probedStreams: db.prepare(`SELECT s.width, s.height, s.fps, s.codec FROM segments s WHERE s.channel_id = ? AND ${inRoots} AND s.probe_status IN ('ok', 'warning') AND s.start_ms <= ? LIMIT 500`),
      firstScan: db.prepare(`SELECT MIN(first_scan_ms) AS t FROM roots WHERE id IN (${rootIds.map(() => '?').join(',')})`),
      probedDurations: db.prepare(`SELECT s.duration_ms FROM segments s WHERE s.channel_id = ? AND ${inRoots} AND s.probe_status IN ('ok', 'warning') AND s.duration_ms > 0 LIMIT 200`),
      firstStarts: db.prepare(`SELECT s.start_ms FROM segments s WHERE s.channel_id = ? AND ${inRoots} ORDER BY s.start_ms LIMIT 501`),
      path: db.prepare(`SELECT r.path || '/' || CASE WHEN d.rel = '' THEN '' ELSE d.rel || '/' END AS prefix FROM dirs d JOIN roots r ON r.id = d.root_id WHERE d.id = ?`),
      skippedCount: db.prepare(`SELECT COUNT(*) AS n FROM skipped k JOIN dirs d ON d.id = k.dir_id WHERE ${dirRoots}`),
      skippedExamples: db.prepare(`SELECT d.rel, k.name, k.reason FROM skipped k JOIN dirs d ON d.id = k.dir_id WHERE ${dirRoots} ORDER BY d.rel, k.name LIMIT ?`),
      setProbe: db.prepare(
        'UPDATE segments SET probe_status = @probe_status, probe_detail = @probe_detail, duration_ms = @duration_ms, codec = @codec, width = @width, height = @height, fps = @fps, bit_rate = @bit_rate, creation_ms = @creation_ms WHERE id = @id',
      ),
    };
  }

  channels(): { id: number; name: string; first_seen_ms: number }[] {
    return this.stmts.channels.all(...this.rootIds) as { id: number; name: string; first_seen_ms: number }[];
  }

  oldest(channelId: number, limit: number, offset: number): SegmentRef[] {
    return this.stmts.ascending.all(channelId, ...this.rootIds, this.now, limit, offset) as SegmentRef[];
  }

  /** The first segment starting at or after `t`: samples spread over time, without counting rows. */
  atOrAfter(channelId: number, t: number): SegmentRef | undefined {
    return this.stmts.atOrAfter.get(channelId, ...this.rootIds, this.now, t) as SegmentRef | undefined;
  }

  newest(channelId: number, limit: number): SegmentRef[] {
    return this.stmts.descending.all(channelId, ...this.rootIds, this.now, limit) as SegmentRef[];
  }

  /**
   * Streams a channel's segments in time order as [start, end, duration, status, size, id] rows
   * (better-sqlite3 iterates without loading them all).
   */
  stream(channelId: number): IterableIterator<StreamRow> {
    return this.stmts.stream.iterate(channelId, ...this.rootIds, this.now) as IterableIterator<StreamRow>;
  }

  segment(id: number): SegmentRef {
    return this.stmts.byId.get(id) as SegmentRef;
  }

  unprobed(channelId: number, afterId: number, limit: number): SegmentRef[] {
    return this.stmts.unprobed.all(channelId, ...this.rootIds, this.now, afterId, limit) as SegmentRef[];
  }

  /** The absolute path of a segment; looked up only for the few that are probed or reported. */
  pathOf(ref: Pick<SegmentRef, 'dir_id' | 'name'>): string {
    return (this.stmts.path.get(ref.dir_id) as { prefix: string }).prefix + ref.name;
  }

  /** What the probes measured of the channel's video (the few segments probed, or all with --deep). */
  probedStreams(channelId: number): MeasuredStream[] {
    return this.stmts.probedStreams.all(channelId, ...this.rootIds, this.now) as MeasuredStream[];
  }

  /** When the index first scanned these roots. */
  firstScan(): number {
    return (this.stmts.firstScan.get(...this.rootIds) as { t: number }).t;
  }

  /** The channel's usual segment length: the median probed duration, else the median gap between starts. */
  nominalMs(channelId: number): number {
    const durations = (this.stmts.probedDurations.all(channelId, ...this.rootIds) as { duration_ms: number }[]).map((r) => r.duration_ms);
    if (durations.length > 0) return median(durations);
    const starts = (this.stmts.firstStarts.all(channelId, ...this.rootIds) as { start_ms: number }[]).map((r) => r.start_ms);
    const deltas = starts.slice(1).map((s, i) => s - starts[i]!).filter((d) => d > 0);
    return deltas.length > 0 ? median(deltas) : 3_600_000;
  }

  skipped(examples = 10): { files: number; examples: string[] } {
    const files = (this.stmts.skippedCount.get(...this.rootIds) as { n: number }).n;
    const rows = this.stmts.skippedExamples.all(...this.rootIds, examples) as { rel: string; name: string; reason: string }[];
    return { files, examples: rows.map((r) => `${r.rel ? `${r.rel}/` : ''}${r.name} (${r.reason})`) };
  }

  setProbes(results: { id: number; row: ProbeRow }[]): void {
    this.db.transaction(() => {
      for (const r of results) this.stmts.setProbe.run({ id: r.id, ...r.row });
    })();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
