/**
 * Issue 23: Hikvision shares audited as the device wrote them (src/samples/hikvision.ts writes them by the
 * index layout of index-file.ts), through the library as the CLI runs it: no pass on zeroed, missing or
 * unreadable recordings, the copy of the index that reads, --deep on a recording cut inside.
 */
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, parseIndex } from '../../src/archive/hikvision/index-file.ts';
import { rangeName } from '../../src/archive/hikvision/range-path.ts';
import { ffmpegPath, ffprobePath } from '../../src/probe/binary.ts';
import { checkSegment } from '../../src/probe/run.ts';
import { againstItsOwnClock } from '../../src/app/probe-plan.ts';
import { wallSeconds } from '../../src/samples/hikvision.ts';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { auditLib } from '../helpers/audit.ts';
import { auditDocument } from '../../src/report/audit/json.ts';

const now = Date.parse(SAMPLE_NOW);
const zone = 'Asia/Shanghai';
const wallOf = (t: number) => wallSeconds(t, zone);
const verdictOf = async (root: string, channel: string, deep = false) => {
  const r = await auditLib([root], { now, days: 10, zone, deep, channels: [channel] });
  return { channel: r.channels.find((c) => c.channel === channel), problems: r.problems };
};

describe('a Hikvision share', () => {
  it('does not pass on recordings whose bytes are zeros (the oldest three days)', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    const data = join(root, 'gate_north', 'datadir0');
    const index = parseIndex(readFileSync(join(data, 'index00.bin')));
    // gate_north holds 12 days: zero the first 3 days' bytes in their containers
    for (const s of index.segments.slice(0, 72)) {
      const fd = openSync(join(data, `hiv${String(s.container).padStart(5, '0')}.mp4`), 'r+');
      writeSync(fd, new Uint8Array(s.endOffset - s.startOffset), 0, s.endOffset - s.startOffset, s.startOffset);
      closeSync(fd);
    }
    const { channel } = await verdictOf(root, 'gate_north');
    expect(channel?.verdict).toBe('fail');
    expect(channel?.reasons).toContain('retention-short');
  });

  it('does not pass on recordings whose bytes were written over by newer footage (round-robin), aligned or not', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    const data = join(root, 'gate_north', 'datadir0');
    const index = parseIndex(readFileSync(join(data, 'index00.bin')));
    const container = (c: number) => join(data, `hiv${String(c).padStart(5, '0')}.mp4`);
    const newest = index.segments.at(-1)!;
    const newer = readFileSync(container(newest.container)).subarray(newest.startOffset, newest.endOffset);
    // the device rewrote the oldest three days' bytes with today's footage; the index copy still names the old
    // records. Day one: today's recording exactly where an old one began (its frames decode; its clock says
    // today). Days two and three: today's footage from 1000 bytes before each old start (the range begins
    // mid-stream)
    index.segments.slice(0, 72).forEach((s, i) => {
      const fd = openSync(container(s.container), 'r+');
      const at = i < 24 ? s.startOffset : s.startOffset - 1000;
      writeSync(fd, newer, 0, Math.min(newer.length, s.endOffset - at), Math.max(0, at));
      closeSync(fd);
    });
    const { channel, problems } = await verdictOf(root, 'gate_north');
    expect(channel?.verdict).toBe('fail');
    expect(channel?.reasons).toContain('retention-short');
    const tools = { ffprobe: ffprobePath(), ffmpeg: ffmpegPath() };
    const rangeOf = (s: (typeof index.segments)[number]) => join(data, rangeName(`hiv${String(s.container).padStart(5, '0')}.mp4`, s.startOffset, s.endOffset));
    // the aligned one decodes: only its own clock tells
    const aligned = await checkSegment(tools, rangeOf(index.segments[3]!), 1);
    expect(aligned.probe_status).toBe('ok');
    expect(aligned.ownClock?.first).toBe(newest.startWall * 1000);
    expect(againstItsOwnClock({ start_ms: now - 12 * 86_400_000, end_ms: now - 12 * 86_400_000 + 3_600_000 }, aligned, zone).probe_detail).toMatch(/its frames are dated .* by the device's clock, the index says .*: its bytes hold other footage/);
    expect((await checkSegment(tools, rangeOf(index.segments[30]!), 1)).probe_detail).toMatch(/do not begin a program stream/);
    expect(problems.join('\n')).not.toMatch(/gate_north.*missing/);
  });

  it("names each device folder on a NAS a recorder by its folder and info.bin's serial; a bad info.bin is said, and the share still read", async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    rmSync(join(root, 'lobby', 'info.bin'));
    writeFileSync(join(root, 'roof', 'info.bin'), Buffer.from('\u0001\u0002garbage'));
    const r = await auditLib([root], { now, days: 10, zone });
    const byName = new Map(r.channels.map((c) => [c.channel, c]));
    expect(byName.get('gate_north')!.recorder).toBe('gate_north (DS-2CD2T47G2-L20230101AAWRGATE_NORTH)');
    expect(byName.get('lobby')!.recorder).toBe('lobby');
    expect(byName.get('roof')!.recorder).toBe('roof');
    expect(byName.get('lobby')!.segments).toBeGreaterThan(0);
    const said = r.problems.join('\n');
    expect(said).toMatch(/lobby\/info\.bin: absent; the device's serial number is not known, the share is named by its folder/);
    expect(said).toMatch(/roof\/info\.bin: not a share's info \(9 bytes, expected 68 beginning with a serial number\)/);
    // one share audited as the root: the root is the recorder, its data folder alone too
    const one = await auditLib([join(root, 'gate_north')], { now, days: 10, zone });
    expect(one.recorders).toEqual([join(root, 'gate_north')]);
    expect(one.channels.map((c) => c.channel)).toEqual(['gate_north']);
    const alone = await auditLib([join(root, 'gate_north', 'datadir0')], { now, days: 10, zone });
    expect(alone.problems.join('\n')).not.toMatch(/info\.bin/);
    expect(alone.channels[0]!.segments).toBe(byName.get('gate_north')!.segments);
  });

  it('does not pass when a container is missing: its recordings are not footage, and the audit says so', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    rmSync(join(root, 'gate_north', 'datadir0', 'hiv00000.mp4'));
    const { channel, problems } = await verdictOf(root, 'gate_north');
    expect(channel?.verdict).toBe('fail');
    expect(problems.join('\n')).toMatch(/gate_north\/datadir0: hiv00000\.mp4 missing or shorter than the index says/);
  });

  it('reads the copy of the index that parses, and fails a share whose index cannot be read at all', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    writeFileSync(join(root, 'lobby', 'datadir0', 'index00.bin'), new Uint8Array(HEADER_BYTES));
    writeFileSync(join(root, 'roof', 'datadir0', 'index00.bin'), new Uint8Array(HEADER_BYTES));
    writeFileSync(join(root, 'roof', 'datadir0', 'index01.bin'), Buffer.from('garbage'));
    const r = await auditLib([root], { now, days: 10, zone });
    const lobby = r.channels.find((c) => c.channel === 'lobby')!;
    expect(lobby.verdict).toBe('fail');
    expect(lobby.reasons).toEqual(['retention-short']);
    expect(r.problems.join('\n')).toMatch(/lobby\/datadir0\/index00\.bin: its header is zeros \(a blank or wiped index\); its copy is used/);
    const roof = r.channels.find((c) => c.channel === 'roof')!;
    expect(roof.verdict).toBe('fail');
    expect(roof.reasons).toEqual(['no-segments']);
    expect(r.problems.join('\n')).toMatch(/roof\/datadir0: neither copy of the index can be read; no recording of it can be read/);
  });

  it('decodes a recording as the range of its container: its first key frame, and with --deep its last GOP', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    expect((await verdictOf(root, 'dock')).channel?.verdict).toBe('warn');
    const data = join(root, 'dock', 'datadir0');
    const index = parseIndex(readFileSync(join(data, 'index00.bin')));
    // the sample's dock recording in the middle of the window has its second half overwritten by noise
    const mid = index.segments.find((s) => s.startWall === wallOf(now - 5 * 86_400_000))!;
    const path = join(data, rangeName(`hiv${String(mid.container).padStart(5, '0')}.mp4`, mid.startOffset, mid.endOffset));
    const tools = { ffprobe: ffprobePath(), ffmpeg: ffmpegPath() };
    expect((await checkSegment(tools, path, 1)).probe_status).toBe('ok');
    const deep = await checkSegment(tools, path, 2);
    expect(deep.probe_status).toBe('damaged');
    const good = index.segments.find((s) => s.startWall === wallOf(now - 4 * 86_400_000))!;
    expect((await checkSegment(tools, join(data, rangeName(`hiv${String(good.container).padStart(5, '0')}.mp4`, good.startOffset, good.endOffset)), 2)).probe_status).toBe('ok');
  });

  it('reads the SQLite index of newer firmware (record_db_index00) as it reads the binary one, without writing beside it', async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    const data = join(root, 'gate_north', 'datadir0');
    const before = await verdictOf(root, 'gate_north');
    const index = parseIndex(readFileSync(join(data, 'index00.bin')));
    // the table and columns libHikvision's getSegmentsSQL reads
    const db = new Database(join(data, 'record_db_index00'));
    db.exec('CREATE TABLE record_segment_idx_tb (file_no INTEGER, start_offset INTEGER, end_offset INTEGER, start_time_tv_sec INTEGER, end_time_tv_sec INTEGER, record_type INTEGER)');
    const insert = db.prepare('INSERT INTO record_segment_idx_tb VALUES (?, ?, ?, ?, ?, 1)');
    for (const x of index.segments) insert.run(x.container, x.startOffset, x.endOffset, x.startWall, x.endWall);
    db.close();
    rmSync(join(data, 'index00.bin'));
    rmSync(join(data, 'index01.bin'));
    const listed = readdirSync(data).sort();
    const after = await verdictOf(root, 'gate_north');
    expect(after.channel?.verdict).toBe(before.channel?.verdict);
    expect(after.channel?.segments).toBe(before.channel?.segments);
    expect(after.channel?.oldestStart).toBe(before.channel?.oldestStart);
    expect(readdirSync(data).sort()).toEqual(listed);
  });

  it("counts a share's pictures (index00p.bin, the video index's layout) and when they were taken, with no verdict on them", async () => {
    const { root } = sampleArchive('hikvision-share', { zone });
    const data = join(root, 'gate_north', 'datadir0');
    // a picture index in the same layout: one picture a recording here
    copyFileSync(join(data, 'index00.bin'), join(data, 'index00p.bin'));
    const r = await auditLib([root], { now, days: 10, zone, channels: ['gate_north'] });
    const gate = r.channels.find((c) => c.channel === 'gate_north')!;
    expect(r.scans[0]!.pictures).toEqual([{ folder: data, count: gate.segments, first: gate.oldestStart, last: gate.newestEnd! - 3_600_000 }]);
    expect(auditDocument(r).scan.roots[0]!.pictures![0]).toMatchObject({ count: gate.segments, first: new Date(gate.oldestStart!).toISOString() });
  });
});

