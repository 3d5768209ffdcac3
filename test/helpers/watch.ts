/** A watcher on a real Frigate sample archive and a real index file, for the watch tests. */
import { join } from 'node:path';
import { resolveZone } from '../../src/archive/time.ts';
import { DEFAULT_POLICY } from '../../src/audit/policy.ts';
import type { WatchEvent } from '../../src/app/watch/events.ts';
import { ArchiveWatcher } from '../../src/app/watch/watcher.ts';
import { openIndex, type DB } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { ffmpegPath, ffprobePath } from '../../src/probe/binary.ts';
import { checkSegment } from '../../src/probe/run.ts';
import { makeSampleArchive } from '../../src/samples/generate.ts';
import { tempDir } from './media.ts';

export interface WatchedArchive {
  root: string;
  now: number;
  db: DB;
  events: WatchEvent[];
  watcher: ArchiveWatcher;
  sample: ReturnType<typeof makeSampleArchive>;
  /** stops the watcher and closes the index */
  stop: () => Promise<void>;
}

export function watchedArchive(o: { days: number; rescanEveryMs: number }): WatchedArchive {
  const root = join(tempDir(), 'archive');
  const now = Date.now();
  const sample = makeSampleArchive({ dir: root, layout: 'frigate', now, days: o.days, zone: 'UTC' });
  const db = openIndex(join(tempDir(), 'index.db'));
  const events: WatchEvent[] = [];
  const tools = { ffprobe: ffprobePath(), ffmpeg: ffmpegPath() };
  const watcher = new ArchiveWatcher(new Store(db), {
    roots: [root],
    policy: { ...DEFAULT_POLICY, retentionDays: o.days },
    zone: resolveZone('UTC'),
    jobs: 2,
    deep: false,
    prober: (p, depth) => checkSegment(tools, p, depth),
    dbFile: ':memory:',
    rescanEveryMs: o.rescanEveryMs,
    poll: false,
    // verdicts follow within half a second here, not the 5 s a busy archive is given
    judgeEveryMs: 500,
    emit: (e) => events.push(e),
  });
  return {
    root,
    now,
    db,
    events,
    watcher,
    sample,
    stop: async () => {
      await watcher.stop();
      db.close();
    },
  };
}

/** Waits until `check` holds, polling every 50 ms; fails after `ms`. */
export async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
