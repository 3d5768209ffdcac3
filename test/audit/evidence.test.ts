/**
 * Issue 20, the archive side: a probe of a file that vanished is not a verdict on it (item 8); names that
 * differ only in Unicode form are two channels (item 7). MediaMTX's `%path/%Y-%m-%d_%H-%M-%S-%f` names
 * (bluenviron/mediamtx internal/recordstore/path.go), each file last written when its recording ended.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/app/audit.ts';
import { layoutByName } from '../../src/archive/layouts/index.ts';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { ffmpegPath, ffprobePath } from '../../src/probe/binary.ts';
import { checkSegment } from '../../src/probe/run.ts';
import { continuous, writeRecordings } from '../../src/samples/recorder.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';
import { clipShelf, D, H, NOW } from '../helpers/recorded.ts';

const clips = clipShelf();

describe('a file that vanishes between the scan and its probe', () => {
  it('is not cached as damaged: once it is back, the next audit passes the channel', async () => {
    const root = join(tempDir(), 'mtx');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 2.5 * D, NOW, H), clips.shelf);
    const dbFile = join(tempDir(), 'i.db');
    const tools = { ffprobe: ffprobePath(), ffmpeg: ffmpegPath() };
    const away: string[] = [];
    const audit = async (vanish: boolean) => {
      const db = openIndex(dbFile);
      try {
        return await runAudit(new Store(db), {
          roots: [root], policy: { retentionDays: 2, maxGapSeconds: 300, staleAfterSeconds: 3600 }, now: NOW, zone: 'UTC', layout: layoutByName('mediamtx'),
          jobs: 1, deep: true, dbFile,
          // the recorder's disk drops the files for a moment, right as they are probed (a 3-day move, a remount)
          prober: async (path, depth) => {
            if (vanish) {
              renameSync(path, `${path}.away`);
              away.push(path);
            }
            return checkSegment(tools, path, depth);
          },
        });
      } finally {
        db.close();
      }
    };
    const during = channelOf(await audit(true), 'gate');
    // the disk is back
    for (const p of away) renameSync(`${p}.away`, p);
    expect(during.damaged).toBe(0);
    expect(during.verdict).toBe('unverified');
    expect(during.reasons).toContain('probe-error');
    const after = channelOf(await audit(false), 'gate');
    expect(after).toMatchObject({ verdict: 'pass', damaged: 0, probeErrors: 0 });
  });
});

describe('names that differ only in Unicode form', () => {
  it('are two channels, shown apart: café (NFC) with 5 days and café (NFD) with 1', async () => {
    const root = join(tempDir(), 'mtx');
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    writeRecordings(root, 'mediamtx', 'UTC', nfc, continuous(NOW - 5 * D, NOW, H), clips.shelf);
    writeRecordings(root, 'mediamtx', 'UTC', nfd, continuous(NOW - D, NOW, H), clips.shelf);
    const result = await auditLib([root], { now: NOW, days: 3, layout: 'mediamtx' });
    expect(result.channels.map((c) => [c.channel, c.verdict, c.segments])).toEqual([
      [`${nfd}〔NFD〕`, 'fail', 24],
      [nfc, 'pass', 120],
    ]);
  });
});

describe('bad input names itself (issue 20, robustness)', () => {
  it("refuses --now 2026-02-30, an empty folder argument and an empty --db, with exit 2 and one line", async () => {
    const { vstorIn } = await import('../helpers/cli.ts');
    const root = join(tempDir(), 'mtx');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - D, NOW, H), clips.shelf);
    const db = join(tempDir(), 'i.db');
    const feb = (await vstorIn(['audit', root, '--db', db, '--now', '2026-02-30T00:00:00Z']));
    expect([feb.code, feb.stderr.trim()]).toEqual([2, 'vstor: --now: expected a date that exists (no 30 February), got "2026-02-30T00:00:00Z"']);
    const empty = (await vstorIn(['audit', '', '--db', db]));
    expect([empty.code, empty.stderr.trim()]).toEqual([2, "vstor: an empty archive folder argument (''); expected a folder or NAME=PATH"]);
    const noDb = (await vstorIn(['audit', root, '--db', '']));
    expect([noDb.code, noDb.stderr.trim()]).toEqual([2, 'vstor: --db: expected the path of an index file, got an empty string']);
  });
});
