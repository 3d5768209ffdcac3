/** Audit runs kept in the index: what `vstor history`, trend charts and `plan --from-audit` read. */
import type { DB } from './open.ts';

export interface RunRecord {
  nowMs: number;
  wallMs: number;
  durationMs: number;
  roots: string[];
  policy: unknown;
  summary: unknown;
  indicators: unknown;
  capacityBytes: number | null;
  usedBytes: number | null;
  channels: {
    recorder: string;
    channel: string;
    verdict: string;
    reasons: string[];
    rule?: string;
    segments: number;
    damaged: number;
    retainedDays: number;
    coverage: number;
    biggestGapSeconds: number;
    bitrateBps: number | null;
    bytesPerDay: number | null;
  }[];
}

export interface HistoryRow {
  run_id: number;
  now_ms: number;
  recorder: string;
  channel: string;
  verdict: string;
  reasons: string;
  rule: string | null;
  retained_days: number;
  coverage: number;
  biggest_gap_seconds: number;
  damaged: number;
  bitrate_bps: number | null;
  bytes_per_day: number | null;
}

export function saveRun(db: DB, run: RunRecord): number {
  const insertRun = db.prepare(
    'INSERT INTO audit_runs (now_ms, wall_ms, duration_ms, roots, policy, summary, indicators, capacity_bytes, used_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertChannel = db.prepare(
    'INSERT INTO audit_channels (run_id, recorder, channel, verdict, reasons, rule, segments, damaged, retained_days, coverage, biggest_gap_seconds, bitrate_bps, bytes_per_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return db.transaction(() => {
    const id = Number(
      insertRun.run(run.nowMs, run.wallMs, run.durationMs, JSON.stringify(run.roots), JSON.stringify(run.policy), JSON.stringify(run.summary), JSON.stringify(run.indicators), run.capacityBytes, run.usedBytes).lastInsertRowid,
    );
    for (const c of run.channels) {
      insertChannel.run(id, c.recorder, c.channel, c.verdict, c.reasons.join(' '), c.rule ?? null, c.segments, c.damaged, c.retainedDays, c.coverage, c.biggestGapSeconds, c.bitrateBps, c.bytesPerDay);
    }
    return id;
  })();
}

/** Per-channel results over time, oldest run first. */
export function channelHistory(db: DB, opts: { channel?: string; since?: number; roots?: string[] } = {}): HistoryRow[] {
  const where = ['1 = 1'];
  const args: (string | number)[] = [];
  if (opts.channel !== undefined) {
    where.push('c.channel = ?');
    args.push(opts.channel.normalize('NFC'));
  }
  if (opts.since !== undefined) {
    where.push('r.now_ms >= ?');
    args.push(opts.since);
  }
  if (opts.roots !== undefined) {
    where.push('r.roots = ?');
    args.push(JSON.stringify(opts.roots));
  }
  return db
    .prepare(
      `SELECT r.id AS run_id, r.now_ms, c.recorder, c.channel, c.verdict, c.reasons, c.rule, c.retained_days, c.coverage, c.biggest_gap_seconds, c.damaged, c.bitrate_bps, c.bytes_per_day
       FROM audit_channels c JOIN audit_runs r ON r.id = c.run_id WHERE ${where.join(' AND ')} ORDER BY r.now_ms, r.id, c.recorder, c.channel`,
    )
    .all(...args) as HistoryRow[];
}

export interface LastRun {
  id: number;
  now_ms: number;
  roots: string[];
  capacity_bytes: number | null;
  used_bytes: number | null;
  channels: HistoryRow[];
}

export function lastRun(db: DB): LastRun | undefined {
  const run = db.prepare('SELECT id, now_ms, roots, capacity_bytes, used_bytes FROM audit_runs ORDER BY id DESC LIMIT 1').get() as
    | { id: number; now_ms: number; roots: string; capacity_bytes: number | null; used_bytes: number | null }
    | undefined;
  if (!run) return undefined;
  const channels = db
    .prepare(`SELECT ? AS run_id, ? AS now_ms, recorder, channel, verdict, reasons, rule, retained_days, coverage, biggest_gap_seconds, damaged, bitrate_bps, bytes_per_day FROM audit_channels WHERE run_id = ? ORDER BY recorder, channel`)
    .all(run.id, run.now_ms, run.id) as HistoryRow[];
  return { ...run, roots: JSON.parse(run.roots) as string[], channels };
}

/** A channel is its recorder and its name: the key of its history. */
export function historyKey(recorder: string, channel: string): string {
  return `${recorder}\u0000${channel}`;
}
