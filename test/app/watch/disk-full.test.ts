/**
 * Issue 20: with the index's disk full, the watcher said nothing while new segments went unrecorded. The
 * full disk is SQLite's own (`PRAGMA max_page_count` at the file's size: every write then fails with
 * SQLITE_FULL, "database or disk is full", as on a full file system).
 */
import { linkSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until, watchedArchive } from '../../helpers/watch.ts';

const HOUR = 3_600_000;


let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('ArchiveWatcher with its index full', () => {
  it('warns, reports the new segments once, and records them when the index has room again', async () => {
    const w = watchedArchive({ days: 2, rescanEveryMs: 60_000 });
    stop = w.stop;
    const { root, now, db, events, watcher } = w;
    await watcher.start();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);

    const d = new Date(Math.floor(now / HOUR) * HOUR).toISOString();
    const live = join(root, 'recordings', d.slice(0, 10), d.slice(11, 13), 'new_cam');
    mkdirSync(live, { recursive: true });
    const clip = join(root, '.sources', 'hour.mp4');
    for (let i = 0; i < 300; i++) linkSync(clip, join(live, `${String(Math.floor(i / 60)).padStart(2, '0')}.${String(i % 60).padStart(2, '0')}.mp4`));
    await until(() => events.some((e) => e.type === 'warning'));
    const warning = events.find((e) => e.type === 'warning')!;
    expect(warning.detail).toMatch(/^the index cannot be written \(database or disk is full\): changes in \d+ folder\(s\) are held/);
    // nothing is reported as seen while it is not in the index: a rolled-back batch is news again later
    expect(events.filter((e) => e.type === 'added')).toHaveLength(0);

    db.pragma('max_page_count = 1073741823');
    await until(() => events.filter((e) => e.type === 'added').length >= 300);
    await new Promise((r) => setTimeout(r, 500));
    const added = events.filter((e) => e.type === 'added').map((e) => e.path);
    expect(added).toHaveLength(300);
    expect(new Set(added).size).toBe(300);
    expect(events.some((e) => e.type === 'warning' && /written again/.test(e.detail ?? ''))).toBe(true);
    const n = db.prepare("SELECT COUNT(*) AS n FROM segments s JOIN channels c ON c.id = s.channel_id WHERE c.name = 'new_cam'").get() as { n: number };
    expect(n.n).toBe(300);
  }, 60_000);
});
