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
