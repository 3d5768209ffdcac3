/** What a watcher saw happen, kept in the index (migration 4, 6): early removals, damage, verdict changes. */
import type { DB } from './open.ts';

export interface EventRecord {
  atMs: number;
  type: string;
  recorder: string | null;
  channel: string | null;
  path: string | null;
  startMs: number | null;
  detail: string | null;
}

/** A writer of event rows, its statement prepared once. */
export function eventWriter(db: DB): (e: EventRecord) => void {
  const insert = db.prepare('INSERT INTO events (at_ms, type, recorder, channel, path, start_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return (e) => void insert.run(e.atMs, e.type, e.recorder, e.channel, e.path, e.startMs, e.detail);
}

export interface EventCount {
  type: string;
  recorder: string;
  channel: string;
  count: number;
  lastAtMs: number;
}

/** How many events of these types a watcher recorded for each channel, since the index began. */
export function eventCounts(db: DB, types: string[]): EventCount[] {
  if (types.length === 0) return [];
  const rows = db
    .prepare(`SELECT type, recorder, channel, COUNT(*) AS n, MAX(at_ms) AS last FROM events WHERE type IN (${types.map(() => '?').join(',')}) AND channel IS NOT NULL GROUP BY type, recorder, channel ORDER BY recorder, channel, type`)
    .all(...types) as { type: string; recorder: string | null; channel: string; n: number; last: number }[];
  return rows.map((r) => ({ type: r.type, recorder: r.recorder ?? '', channel: r.channel, count: r.n, lastAtMs: r.last }));
}
