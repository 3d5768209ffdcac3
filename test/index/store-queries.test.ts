/**
 * The index on its own, without a scan: Store writes a root's folders (an open one as rows, a closed one
 * into packs) and AuditQueries reads a channel back as one stream in start order, on a real SQLite file.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/index/open.ts';
import { AuditQueries } from '../../src/index/queries.ts';
import { Store, type SegmentFile } from '../../src/index/store.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const NOW = T0 + 3 * 24 * H;
const hour = (i: number, channel = 'gate', size = 1000): SegmentFile => ({ name: `${String(i).padStart(3, '0')}.mp4`, channel, start: T0 + i * H, end: T0 + (i + 1) * H, size, mtimeMs: T0 + (i + 1) * H });

function indexWith(folders: { rel: string; files: SegmentFile[]; seal: boolean }[]) {
  const db = openIndex(join(tempDir(), 'index.db'));
  const store = new Store(db);
  const root = store.ensureRoot('/srv/nvr', NOW);
  store.begin();
  const dirs = folders.map((f) => {
    const id = store.insertDir(root.id, null, f.rel);
    store.syncDirSegments(root.id, id, f.rel, f.files, NOW, { neverListed: true, seal: f.seal });
    store.setDirMtime(id, NOW, f.seal);
    return id;
  });
  store.flushPacks();
  store.commit();
  return { db, store, rootId: root.id, dirs, q: () => new AuditQueries(db, [root.id], NOW) };
}

describe('Store and AuditQueries', () => {
  it('reads a channel back in start order across packed (closed) and row (open) folders, with its paths', () => {
    // day 1 closed (packed), day 2 open (rows) with a hole, each written out of order
    const day1 = Array.from({ length: 24 }, (_, i) => hour(23 - i));
    const ix = indexWith([
      { rel: 'day2', files: [hour(30), hour(24), hour(25), hour(26)], seal: false },
      { rel: 'day1', files: day1, seal: true },
    ]);
    const q = ix.q();
    const [gate] = q.channels();
    expect(gate!.name).toBe('gate');
    const starts = [...q.ascending(gate!.id)].map((s) => (s.start_ms - T0) / H);
    expect(starts).toEqual([...Array.from({ length: 24 }, (_, i) => i), 24, 25, 26, 30]);
    expect(q.pathOf(q.atOrAfter(gate!.id, T0 + 22.5 * H)!)).toBe('/srv/nvr/day1/023.mp4');
    expect(q.pathOf(q.atOrAfter(gate!.id, T0 + 27 * H)!)).toBe('/srv/nvr/day2/030.mp4');
    expect(q.newest(gate!.id, 2).map((s) => (s.start_ms - T0) / H)).toEqual([30, 26]);
    expect(q.countFrom(gate!.id, T0 + 20 * H)).toBe(8);
    // nothing probed: the usual length is the usual distance between starts, an hour
    expect(q.nominalMs(gate!.id)).toBe(H);
    ix.db.close();
  });

  it('keeps channels apart and counts what lies after a time (a clock ahead)', () => {
    const ix = indexWith([{ rel: 'open', files: [hour(1, 'gate'), hour(2, 'dock'), hour(3, 'gate'), hour(100, 'gate')], seal: false }]);
    const q = ix.q();
    const ids = Object.fromEntries(q.channels().map((c) => [c.name, c.id]));
    // up to now: the segment named 28 hours after it is not read, it is counted
    expect([...q.ascending(ids.gate!)].map((s) => q.named(s).name)).toEqual(['001.mp4', '003.mp4']);
    expect([...q.ascending(ids.dock!)].map((s) => q.named(s).name)).toEqual(['002.mp4']);
    expect(q.futureCount(ids.gate!, NOW)).toBe(1);
    ix.db.close();
  });

  it('says what left an open folder, and rewrites a closed one whole', () => {
    const ix = indexWith([
      { rel: 'open', files: [hour(1), hour(2), hour(3)], seal: false },
      { rel: 'closed', files: [hour(10), hour(11)], seal: true },
    ]);
    ix.store.begin();
    const open = ix.store.syncDirSegments(ix.rootId, ix.dirs[0]!, 'open', [hour(1), { ...hour(3), size: 2000 }, hour(4)], NOW);
    expect(open.added).toBe(1);
    expect(open.changed).toBe(1);
    expect(open.removed).toEqual([{ channel: 'gate', path: 'open/002.mp4', start: T0 + 2 * H }]);
    const closed = ix.store.syncDirSegments(ix.rootId, ix.dirs[1]!, 'closed', [hour(11)], NOW, { wasSealed: true, seal: true });
    expect(closed.removed.map((r) => r.path)).toEqual(['closed/010.mp4']);
    ix.store.flushPacks();
    ix.store.commit();
    const q = ix.q();
    const gate = q.channels()[0]!.id;
    expect([...q.ascending(gate)].map((s) => [q.named(s).name, s.size])).toEqual([['001.mp4', 1000], ['003.mp4', 2000], ['004.mp4', 1000], ['011.mp4', 1000]]);
    ix.db.close();
  });
});
