import { noteText } from '../../src/report/i18n.ts';
/**
 * No false pass (issue 10): each case is a tree named exactly as the recorder names its files (MediaMTX's
 * `%path/%Y-%m-%d_%H-%M-%S-%f` from bluenviron/mediamtx internal/recordstore/path.go; Dahua's
 * `YYYY-MM-DD/001/dav/HH/HH.MM.SS-HH.MM.SS[R][0@0][0].mp4`), of real media, each file last written when its
 * recording ended, audited the way the CLI does, with the real probe.
 */
import { appendFileSync, chmodSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { vstor } from '../helpers/cli.ts';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClipShelf, continuous, writeRecordings, type Recording } from '../../src/samples/recorder.ts';
import { openIndex } from '../../src/index/open.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-28T08:00:00Z');

let shelf: ClipShelf;
beforeAll(() => {
  shelf = new ClipShelf(join(tempDir(), 'clips'));
});

const hourly = (fromDaysAgo: number, toMsAgo = 0) => continuous(NOW - fromDaysAgo * D, NOW - toMsAgo, H);

describe('the oldest readable footage, however much damage comes first', () => {
  it('finds it behind 72 damaged hours by a galloping search, and fails retention-short', async () => {
    const root = join(tempDir(), 'mtx');
    // 12 days of hours; the oldest 72 never finished (no index, a normal size: only a probe can tell)
    const recs = hourly(12).map((r, i): Recording => (i < 72 ? { ...r, kind: 'unfinished' } : r));
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', recs, shelf);
    const result = await auditLib([root], { now: NOW, days: 10 });
    const gate = channelOf(result, 'gate');
    expect(gate.verdict).toBe('fail');
    // the damaged hours reach a day into the window
    expect(gate.reasons).toEqual(['retention-short', 'damaged']);
    expect(gate.retainedDays).toBe(9);
    expect(gate.oldestStart).toBe(NOW - 9 * D);
    // a few dozen probes, not 72
    expect(result.probed).toBeLessThan(30);
    // and --deep agrees
    const deep = channelOf(await auditLib([root], { now: NOW, days: 10, deep: true }), 'gate');
    expect(deep.oldestStart).toBe(gate.oldestStart);
    expect(deep.reasons).toEqual(gate.reasons);
  });

  it('says unverified, not pass or damaged, when the probe tool crashes; the CLI exits 3 when nothing could be judged', async () => {
    const root = join(tempDir(), 'mtx');
    // Matroska: no in-process reader, every probe goes to ffprobe
    const mkv = new ClipShelf(join(tempDir(), 'clips'), { format: 'mkv' });
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', hourly(11), mkv, 'mkv');
    // a probe tool that dies by a signal, as the bundled ffprobe does on some files (a fake: a real one cannot crash on demand)
    const fake = join(tempDir(), 'crashing-ffprobe');
    writeFileSync(fake, '#!/bin/sh\nkill -SEGV $$\n');
    chmodSync(fake, 0o755);
    const layout = '{channel}/{YYYY}-{MM}-{DD}_{hh}-{mm}-{ss}-{fff}.mkv';
    const gate = channelOf(await auditLib([root], { now: NOW, days: 10, ffprobe: fake, layout }), 'gate');
    expect(gate.verdict).toBe('unverified');
    expect(gate.reasons).toEqual(['probe-error']);
    expect(gate.damaged).toBe(0);
    const cli = vstor(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', new Date(NOW).toISOString(), '--days', '10', '--layout', layout, '--json'], { env: { VSTOR_FFPROBE: fake } });
    expect(cli.code).toBe(3);
    expect(cli.stderr).toMatch(/the probe tool failed on every segment it was given, so nothing could be judged: .*ffprobe crashed \(SIGSEGV\)/);
    expect(JSON.parse(cli.stdout).summary).toMatchObject({ channels: 1, unverified: 1, pass: 0 });
    // a real ffprobe judges the same tree
    expect(channelOf(await auditLib([root], { now: NOW, days: 10, layout }), 'gate').verdict).toBe('pass');
  });
});

describe('the first probing pass', () => {
  it('probes the newest two segments of a flat (MediaMTX) folder, not one', async () => {
    const root = join(tempDir(), 'mtx');
    // on the real clock: a folder written to this minute is open, and its segments are rows, not packs
    const now = Date.now();
    // the recorder writes unreadable files: the newest may be the one being written, the one before is not
    const recs = continuous(now - 11 * D, now, H).map((r, i, all): Recording => (i >= all.length - 2 ? { ...r, kind: 'unfinished' } : r));
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', recs, shelf);
    const gate = channelOf(await auditLib([root], { now, days: 10 }), 'gate');
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons).toContain('damaged');
    expect(gate.damaged).toBe(1);
  });
});

describe('segment ends from file times', () => {
  it('sees an outage where a stream dropped: a 5-minute segment, then 50 minutes of nothing', async () => {
    const root = join(tempDir(), 'mtx');
    const drop = NOW - 3 * D;
    const recs = hourly(11).flatMap((r): Recording[] => {
      if (r.start === drop) return [{ start: drop, end: drop + 5 * 60_000 }];
      if (r.start === drop + H) return [{ start: drop + 55 * 60_000, end: r.end }];
      return [r];
    });
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', recs, shelf);
    const gate = channelOf(await auditLib([root], { now: NOW, days: 10 }), 'gate');
    expect(gate.reasons).toEqual(['gap']);
    expect(gate.biggestGapSeconds).toBe(3000);
    expect(gate.gaps).toEqual([{ start: drop + 5 * 60_000, end: drop + 55 * 60_000, seconds: 3000 }]);
    const deep = channelOf(await auditLib([root], { now: NOW, days: 10, deep: true }), 'gate');
    expect(deep.gaps).toEqual(gate.gaps);
  });

  it('falls back to the usual length when file times are not recording times (a copy), and says so', async () => {
    const root = join(tempDir(), 'mtx');
    const written = writeRecordings(root, 'mediamtx', 'UTC', 'gate', hourly(11), shelf);
    // copied yesterday: every mtime is the time of the copy
    for (const s of written) utimesSync(s.path, (NOW - D) / 1000, (NOW - D) / 1000);
    const result = await auditLib([root], { now: NOW, days: 10 });
    const gate = channelOf(result, 'gate');
    expect(result.problems).toEqual([`${root}: the file times of 1 channel(s) are not recording times (a copied archive?): segment ends were taken from the usual segment length, so short outages may not show; --deep measures them`]);
    expect(gate.verdict).toBe('warn');
    expect(gate.assumedEnds).toBeGreaterThan(250);
    expect(gate.notes.map((n) => noteText('en', n)).join(' ')).toMatch(/assumed from the usual length/);
  });

  it('notices a growing newest segment on a rescan although its folder has not changed', async () => {
    const root = join(tempDir(), 'mtx');
    // real time, as the scan's "recently touched" is: three-hour segments (a raised recordSegmentDuration);
    // the newest was created two hours ago, which is the last time its folder changed
    const now = Date.now();
    const created = now - 2 * H;
    const recs: Recording[] = [...continuous(created - 11 * D, created, 3 * H), { start: created, end: now - 20 * 60_000 }];
    const written = writeRecordings(root, 'mediamtx', 'UTC', 'gate', recs, shelf);
    const newest = written[written.length - 1]!.path;
    const folder = join(newest, '..');
    utimesSync(folder, created / 1000, created / 1000);
    const db = join(tempDir(), 'index.db');
    const policy = { now, days: 10, db, staleAfterSeconds: 600 };
    expect(channelOf(await auditLib([root], policy), 'gate').reasons).toEqual(['stale']);
    // the recorder goes on writing the same file: its size and mtime move, its folder's does not
    appendFileSync(newest, Buffer.alloc(1000));
    utimesSync(newest, now / 1000, now / 1000);
    utimesSync(folder, created / 1000, created / 1000);
    const second = channelOf(await auditLib([root], policy), 'gate');
    // the file being written is not readable footage yet (an MP4's index comes last), but it shows the
    // recorder alive up to its mtime
    expect(second.reasons).toEqual([]);
    const index = openIndex(db);
    try {
      const row = index.prepare('SELECT size FROM segments WHERE name = ? AND packed = 0').get(newest.split('/').pop()) as { size: number } | undefined;
      expect(row?.size).toBe(statSync(newest).size);
    } finally {
      index.close();
    }
  });
});

describe('Dahua names', () => {
  it('does not stretch a file named 02.50.00-02.50.00 over a day: the 6-hour outage after it shows', async () => {
    const root = join(tempDir(), 'dahua');
    const day = NOW - 3 * D; // 2026-11-25T08:00Z
    const odd = Date.parse('2026-11-25T02:50:00Z');
    const recs = continuous(NOW - 11 * D, NOW, H).filter((r) => r.end <= odd || r.start >= odd + 6 * H + 10_000);
    const written = writeRecordings(root, 'dahua', 'UTC', '001', recs, shelf);
    // the odd name: start and end alike (a clock change, or a file closed at once); 10 seconds of footage
    writeRecordings(root, () => '2026-11-25/001/dav/02/02.50.00-02.50.00[R][0@0][0].mp4', 'UTC', '001', [{ start: odd, end: odd + 10_000 }], shelf);
    expect(written.length).toBeGreaterThan(200);
    expect(day).toBeGreaterThan(odd);
    const ch = channelOf(await auditLib([root], { now: NOW, days: 10, layout: 'dahua' }), '001');
    expect(ch.reasons).toEqual(['gap']);
    expect(ch.biggestGapSeconds).toBeGreaterThanOrEqual(6 * 3600);
  });

  it('wraps an end past midnight only for a short segment (23.00.00-00.10.00)', async () => {
    const { dahua } = await import('../../src/archive/layouts/dahua.ts');
    const wrap = dahua.parse(['2026-11-25', '001', 'dav', '23', '23.00.00-00.10.00[R][0@0][0].dav'], 'UTC')!;
    expect(wrap.end! - wrap.start).toBe(70 * 60_000);
    const odd = dahua.parse(['2026-11-25', '001', 'dav', '02', '02.50.00-02.50.00[R][0@0][0].dav'], 'UTC')!;
    expect(odd.end).toBeUndefined();
    const backwards = dahua.parse(['2026-11-25', '001', 'dav', '05', '05.00.00-04.00.00[R][0@0][0].dav'], 'UTC')!;
    expect(backwards.end).toBeUndefined();
  });
});

describe('recorders', () => {
  it('keeps channel 001 of two camera folders apart: one passes, the other fails', async () => {
    const good = join(tempDir(), 'cam-gate');
    const bad = join(tempDir(), 'cam-lobby');
    writeRecordings(good, 'dahua', 'UTC', '001', hourly(11), shelf);
    writeRecordings(bad, 'dahua', 'UTC', '001', continuous(NOW - 5 * D, NOW - 5 * H, H), shelf);
    const result = await auditLib([good, bad], { now: NOW, days: 10, layout: 'dahua' });
    expect(result.recorders).toEqual([good, bad]);
    expect(result.summary).toMatchObject({ channels: 2, pass: 1, fail: 1 });
    expect(channelOf(result, '001', good).verdict).toBe('pass');
    expect(channelOf(result, '001', bad).reasons).toEqual(['retention-short', 'stale']);
    // named as one recorder's two disks, they are one channel
    const merged = await auditLib([good, bad], { now: NOW, days: 10, layout: 'dahua', recorders: new Map([[good, 'nvr'], [bad, 'nvr']]) });
    expect(merged.channels.map((c) => [c.recorder, c.channel])).toEqual([['nvr', '001']]);
  });
});

describe('MPEG-TS segments (MediaMTX recordFormat: mpegts)', () => {
  it('reads them as footage, a segment cut mid-write included, by default and with --deep', async () => {
    const root = join(tempDir(), 'mtx');
    // ffmpeg's MPEG-TS muxer writes an SDT, on which the bundled ffprobe dies: read in-process
    const ts = new ClipShelf(join(tempDir(), 'clips'), { format: 'ts' });
    const written = writeRecordings(root, 'mediamtx', 'UTC', 'gate', hourly(11), ts, 'ts');
    // the recorder died 24 minutes ago, in the middle of the newest segment: its whole packets still read
    const cut = written[written.length - 1]!;
    const data = readFileSync(cut.path);
    writeFileSync(cut.path, data.subarray(0, Math.floor(data.length * 0.6) + 77));
    utimesSync(cut.path, (cut.start + 36 * 60_000) / 1000, (cut.start + 36 * 60_000) / 1000);
    for (const deep of [false, true]) {
      const gate = channelOf(await auditLib([root], { now: NOW, days: 10, deep }), 'gate');
      expect(gate.verdict).toBe('pass');
      expect(gate.damaged).toBe(0);
      expect(gate.probeErrors).toBe(0);
      // the footage up to the cut: about 0.6 of the hour by its timestamps
      expect(gate.newestEnd).toBeGreaterThan(NOW - 40 * 60_000);
    }
  });
});
