/**
 * `plan --from-audit` reads what each channel writes a day from the last audit. A channel with less footage
 * than the window (installed 30 days ago under a 90-day rule) writes a full day's bytes every day it has
 * recorded, not the window's bytes spread over 90 days (issue 11).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ClipShelf, continuous, writeRecordings } from '../../src/samples/recorder.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-28T08:00:00Z');

describe('bytes a day from an audit', () => {
  it('are measured over the days a channel holds footage, not over the whole window', async () => {
    const root = join(tempDir(), 'mtx');
    const shelf = new ClipShelf(join(tempDir(), 'clips'));
    writeRecordings(root, 'mediamtx', 'UTC', 'young', continuous(NOW - 30 * D, NOW, H), shelf);
    writeRecordings(root, 'mediamtx', 'UTC', 'old', continuous(NOW - 91 * D, NOW, H), shelf);
    const db = join(tempDir(), 'index.db');
    const result = await auditLib([root], { now: NOW, days: 90, db });
    const index = new Database(db, { readonly: true });
    try {
      const rows = index.prepare('SELECT channel, bitrate_bps, bytes_per_day FROM audit_channels ORDER BY channel').all() as { channel: string; bitrate_bps: number; bytes_per_day: number }[];
      for (const r of rows) {
        // both record around the clock: a day's bytes are the bitrate over 86 400 s, whatever their age
        // (e.g. 23 bit/s / 8 x 86 400 s = 248 400 B, within rounding of the bitrate)
        expect(r.bytes_per_day, r.channel).toBeCloseTo((r.bitrate_bps / 8) * 86_400, -3);
      }
      expect(channelOf(result, 'young').coverage).toBeCloseTo(30 / 90, 2);
    } finally {
      index.close();
    }
  });
});
