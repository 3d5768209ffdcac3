import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { makeSampleArchive } from '../../src/samples/generate.ts';
import { changedFolders } from '../../src/app/folder-check.ts';
import { scanRoot } from '../../src/app/scan.ts';
import { tempDir } from '../helpers/media.ts';

const HOUR = 3_600_000;

describe('changed folders', () => {
  it('finds the same changed and vanished folders in one thread and in two', () => {
    const cwd = process.cwd();
    const root = join(tempDir(), 'archive');
    // a fixed clock: the archive as of three hours before the "real" time the checks run at
    const wall = Date.parse('2026-11-28T08:00:00Z');
    const now = wall - 3 * HOUR;
    const chdir = (dir: string) => process.chdir(dir);
    makeSampleArchive({ dir: root, layout: 'frigate', now, days: 3, zone: 'UTC' });
    utimesSync(root, now / 1000, now / 1000); // its README was written just now
    const db = openIndex(join(tempDir(), 'index.db'));
    try {
      const store = new Store(db);
      scanRoot(store, root, { zone: 'UTC', now, clock: () => wall, chdir });
      const rootId = store.ensureRoot(root, now).id;
      const all = db.prepare('SELECT COUNT(*) AS n FROM dirs').get() as { n: number };
      // nothing changed: each folder was listed closed, so nothing is to list again, in either way
      expect(changedFolders(db, rootId, root, wall, HOUR, { parallelMin: Infinity, chdir })).toEqual({ known: all.n, changed: [], problems: [], threads: 1 });
      // the worker thread answered (folder-check.worker.ts, the same rules)
      expect(changedFolders(db, rootId, root, wall, HOUR, 1)).toEqual({ known: all.n, changed: [], problems: [], threads: 2 });

      // one folder early in the tree and one late (one in each thread's half) change; one goes away
      const rels = (db.prepare("SELECT rel FROM dirs WHERE rel LIKE 'recordings/%/%/%' ORDER BY id").all() as { rel: string }[]).map((r) => r.rel);
      const [early, late, gone] = [rels[1]!, rels[rels.length - 2]!, rels[rels.length - 1]!];
      const t = (wall - 5 * HOUR) / 1000;
      utimesSync(join(root, early), t, t);
      utimesSync(join(root, late), t, t);
      rmSync(join(root, gone), { recursive: true });
      const one = changedFolders(db, rootId, root, wall, HOUR, { parallelMin: Infinity, chdir });
      const two = changedFolders(db, rootId, root, wall, HOUR, 1);
      const summary = (c: typeof one) => c.changed.map((d) => [d.rel, d.seen! < 0 ? 'gone' : d.seen]).sort();
      expect(summary(two)).toEqual(summary(one));
      expect(two.known).toBe(all.n);
      expect(two.threads).toBe(2);
      // the parent of the folder that went away changed too
      expect(summary(one).map((c) => c[0])).toEqual([early, late, gone, gone.slice(0, gone.lastIndexOf('/'))].sort());
      expect(summary(one).find((c) => c[0] === gone)![1]).toBe('gone');

      // an hour folder replaced by a file: the camera folders under it are gone (ENOTDIR), not errors
      const hour = early.slice(0, early.lastIndexOf('/'));
      const cams = rels.filter((r) => r.startsWith(`${hour}/`));
      rmSync(join(root, hour), { recursive: true });
      writeFileSync(join(root, hour), 'not a folder');
      for (const parallelMin of [Infinity, 1]) {
        const c = changedFolders(db, rootId, root, wall, HOUR, parallelMin);
        expect(c.problems).toEqual([]);
        for (const cam of cams) expect(c.changed.find((d) => d.rel === cam)?.seen).toBe(-1);
      }
      const scan = scanRoot(store, root, { zone: 'UTC', now, clock: () => wall, chdir });
      expect(scan.problems).toEqual([]);
      expect(scan.removed).toBeGreaterThan(0);
      expect(db.prepare('SELECT COUNT(*) AS n FROM dirs WHERE rel LIKE ?').get(`${hour}/%`)).toEqual({ n: 0 });
      // the working directory the lstat-by-name walk changed is put back
      expect(process.cwd()).toBe(cwd);
    } finally {
      db.close();
    }
  });
});
