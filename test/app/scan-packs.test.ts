/**
 * Closed folders of 10-second segments are kept as packs (one index row a channel and folder). These tests
 * run the real CLI on real clips and look into the index to prove the packs are there and are judged,
 * probed and rescanned as the segments they hold.
 */
import { writeSegment } from '../helpers/segments.ts';
import { mkdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeClip, truncatedCopy } from '../../src/samples/clip.ts';
import { MIGRATIONS } from '../../src/index/migrations.ts';
import { AuditQueries } from '../../src/index/queries.ts';
import { vstor } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const HOUR = 3_600_000;
// closed an hour and more before the real clock: a rescan treats these folders as closed
const NOW = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const iso = (t: number) => new Date(t).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');

let clip: string;
let broken: string;
beforeAll(() => {
  const dir = tempDir();
  clip = makeClip(join(dir, 'clip.mp4'), { seconds: 10, rate: '1' });
  broken = truncatedCopy(clip, join(dir, 'broken.mp4'), 0.5);
});

interface Cam {
  name: string;
  hours: number[];
  /** segment starts (ms) to leave out */
  skip?: (t: number) => boolean;
  damaged?: (t: number) => boolean;
}

/** A Frigate tree of 10-second segments, hours counted back from NOW (1 = the last hour), folders dated like a recorder's. */
function frigate(root: string, cams: Cam[]): void {
  const folders = new Map<string, number>();
  for (const cam of cams) {
    for (const h of cam.hours) {
      const hourStart = NOW - h * HOUR;
      const d = iso(hourStart);
      const dir = join(root, 'recordings', d.slice(0, 10), d.slice(11, 13), cam.name);
      mkdirSync(dir, { recursive: true });
      for (let s = 0; s < 3600; s += 10) {
        const t = hourStart + s * 1000;
        if (cam.skip?.(t)) continue;
        const file = join(dir, `${pad(Math.floor(s / 60))}.${pad(s % 60)}.mp4`);
        writeSegment(cam.damaged?.(t) ? broken : clip, file, t + 10_000);
      }
      folders.set(dir, hourStart + HOUR);
      folders.set(join(dir, '..'), Math.max(folders.get(join(dir, '..')) ?? 0, hourStart + HOUR));
      folders.set(join(dir, '..', '..'), Math.max(folders.get(join(dir, '..', '..')) ?? 0, hourStart + HOUR));
    }
  }
  const newest = Math.max(...folders.values());
  folders.set(join(root, 'recordings'), newest);
  folders.set(root, newest);
  for (const [dir, t] of [...folders].sort((a, b) => b[0].length - a[0].length)) utimesSync(dir, t / 1000, t / 1000);
}

function audit(roots: string[], db: string, extra: string[] = []) {
  const r = vstor(['audit', ...roots, '--db', db, '--now', iso(NOW), '--days', '1', '--tz', 'UTC', '--layout', 'frigate', '--json', '--scrub-cycle', '0', ...extra]);
  if (!r.stdout) throw new Error(`audit printed nothing: ${r.stderr}`);
  return { ...r, doc: JSON.parse(r.stdout) };
}

const channel = (doc: { channels: { channel: string }[] }, name: string) => doc.channels.find((c) => c.channel === name) as unknown as Record<string, unknown> & { reasons: string[] };

function count(db: string, sql: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(sql).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

describe('closed folders kept as packs', () => {
  it('judges packed segments as segments: coverage, a gap inside a folder, counts', () => {
    const root = join(tempDir(), 'nvr');
    frigate(root, [
      { name: 'cam_a', hours: [1, 2, 3] },
      // ten minutes missing in the middle of the second hour
      { name: 'cam_b', hours: [1, 2, 3], skip: (t) => t >= NOW - 2 * HOUR + 20 * 60_000 && t < NOW - 2 * HOUR + 30 * 60_000 },
    ]);
    const db = join(tempDir(), 'index.db');
    const { doc } = audit([root], db);
    const a = channel(doc, 'cam_a');
    const b = channel(doc, 'cam_b');
    expect(a).toMatchObject({ segments: 1080, biggestGapSeconds: 0, reasons: ['retention-short'], newestEnd: iso(NOW) });
    expect(b).toMatchObject({ segments: 1020, biggestGapSeconds: 600 });
    expect(b.reasons).toContain('gap');
    // one pack a channel and UTC day (the three hours may straddle midnight); no file has a row of its own
    // except the few probed
    const days = new Set([1, 2, 3].map((h) => Math.floor((NOW - h * HOUR) / 86_400_000))).size;
    expect(count(db, 'SELECT COUNT(*) AS n FROM packs')).toBe(2 * days);
    expect(count(db, 'SELECT SUM(count) AS n FROM packs')).toBe(2100);
    expect(count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 0')).toBe(0);
    const overlays = count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 1');
    expect(overlays).toBe(doc.scan.probed);
    expect(overlays).toBeGreaterThan(0);

    // a second audit lists nothing and probes nothing, and says the same
    const again = audit([root], db).doc;
    expect(again.scan.roots[0].dirsListed).toBe(0);
    expect(again.scan.probed).toBe(0);
    expect(again.channels).toEqual(doc.channels);
  });

  it('--deep finds a damaged segment inside a pack and does not probe it again', () => {
    const root = join(tempDir(), 'nvr');
    const bad = NOW - HOUR + 30 * 60_000;
    // one folder of 30 segments: the five minutes before NOW - 30 min, one of them cut in half
    frigate(root, [{ name: 'cam_c', hours: [1], skip: (t) => t < bad - 150_000 || t >= bad + 150_000, damaged: (t) => t === bad }]);
    const db = join(tempDir(), 'index.db');
    const deep = audit([root], db, ['--deep']).doc;
    const c = channel(deep, 'cam_c');
    expect(c).toMatchObject({ segments: 30, damaged: 1 });
    expect(c.reasons).toContain('damaged');
    expect((c.problems as { path: string }[])[0]!.path).toBe(join(root, 'recordings', iso(bad).slice(0, 10), iso(bad).slice(11, 13), 'cam_c', '30.00.mp4'));
    expect(deep.scan.probed).toBe(30);
    expect(count(db, 'SELECT COUNT(*) AS n FROM packs')).toBe(1);
    expect(count(db, "SELECT COUNT(*) AS n FROM segments WHERE packed = 1 AND probe_status = 'damaged'")).toBe(1);
    const again = audit([root], db, ['--deep']).doc;
    expect(again.scan.probed).toBe(0);
    expect(channel(again, 'cam_c')).toMatchObject({ damaged: 1, segments: 30 });
  });

  it('opens a pack when its folder changes, reports what went, and packs it again once closed, keeping probe results', () => {
    const root = join(tempDir(), 'nvr');
    frigate(root, [{ name: 'cam_a', hours: [1, 2] }]);
    const db = join(tempDir(), 'index.db');
    const first = audit([root], db).doc;
    const probed = count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 1');
    const folder = join(root, 'recordings', iso(NOW - 2 * HOUR).slice(0, 10), iso(NOW - 2 * HOUR).slice(11, 13), 'cam_a');
    // someone deletes a minute of footage: the folder's mtime becomes now, so it is open again
    for (const name of ['30.00.mp4', '30.10.mp4', '30.20.mp4', '30.30.mp4', '30.40.mp4', '30.50.mp4']) rmSync(join(folder, name));
    const changed = audit([root], db).doc;
    expect(changed.scan.roots[0]).toMatchObject({ dirsListed: 1, removed: 6 });
    expect(channel(changed, 'cam_a')).toMatchObject({ segments: 714, biggestGapSeconds: 60 });
    expect(count(db, 'SELECT SUM(count) AS n FROM packs')).toBe(360);
    expect(count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 0')).toBe(354);
    // an hour later the folder is closed: packed again, the probe results still there, nothing probed twice
    const later = (Date.now() - 2 * HOUR) / 1000;
    utimesSync(folder, later, later);
    const closed = audit([root], db).doc;
    expect(closed.scan.roots[0]).toMatchObject({ dirsListed: 1, removed: 0, added: 0 });
    expect(closed.scan.probed).toBe(0);
    expect(count(db, 'SELECT SUM(count) AS n FROM packs')).toBe(714);
    expect(count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 0')).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM segments WHERE packed = 1')).toBe(probed);
    expect(channel(closed, 'cam_a')).toMatchObject({ segments: 714, biggestGapSeconds: 60 });
    expect(first.channels[0].segments).toBe(720);
  });

  it('merges packs from two disks in time order: hours split across roots leave no gap', () => {
    const disk1 = join(tempDir(), 'disk1');
    const disk2 = join(tempDir(), 'disk2');
    const slot = (t: number) => Math.floor((t - NOW) / 10_000) % 2 === 0;
    // hours 1 and 3 on the first disk; hour 2 split between the disks, segment by segment (packs that overlap)
    frigate(disk1, [{ name: 'cam_a', hours: [1, 3] }, { name: 'cam_b', hours: [2], skip: slot }]);
    frigate(disk2, [{ name: 'cam_a', hours: [2] }, { name: 'cam_b', hours: [2], skip: (t) => !slot(t) }]);
    const db = join(tempDir(), 'index.db');
    // two disks of one recorder (NAME=PATH): one channel each, merged across the disks
    const { doc } = audit([`nvr=${disk1}`, `nvr=${disk2}`], db);
    expect(channel(doc, 'cam_a')).toMatchObject({ segments: 1080, biggestGapSeconds: 0 });
    expect(channel(doc, 'cam_b')).toMatchObject({ segments: 360, biggestGapSeconds: 0 });

    const index = new Database(db, { readonly: true });
    try {
      const roots = (index.prepare('SELECT id FROM roots').all() as { id: number }[]).map((r) => r.id);
      const q = new AuditQueries(index, roots, NOW);
      for (const { id } of q.channels()) {
        const starts = [...q.ascending(id)].map((s) => s.start_ms);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        // from a time inside the overlap: only what starts at or after it
        const mid = NOW - 2 * HOUR + 30 * 60_000;
        expect([...q.ascending(id, mid)].map((s) => s.start_ms)).toEqual(starts.filter((t) => t >= mid));
        expect(q.newest(id, 2).map((s) => s.start_ms)).toEqual(starts.slice(-2).reverse());
        // the scrub's count from the index equals the walk's, wherever the bound cuts a pack
        for (const from of [-Infinity, mid, NOW - 3 * HOUR + 1, NOW - HOUR - 5_000, NOW + 1]) expect(q.countFrom(id, from), `from ${from}`).toBe(starts.filter((t) => t >= from).length);
      }
    } finally {
      index.close();
    }
  });

  it('opens an index made before packs (schema 4) and scans into it', () => {
    const db = join(tempDir(), 'index.db');
    const old = new Database(db);
    for (const m of MIGRATIONS.slice(0, 4)) old.exec(m);
    old.pragma('user_version = 4');
    old.close();
    const root = join(tempDir(), 'nvr');
    frigate(root, [{ name: 'cam_a', hours: [1] }]);
    expect(channel(audit([root], db).doc, 'cam_a')).toMatchObject({ segments: 360 });
    expect(count(db, 'SELECT user_version AS n FROM pragma_user_version')).toBe(MIGRATIONS.length);
    expect(count(db, 'SELECT COUNT(*) AS n FROM packs')).toBe(1);
  });
});
