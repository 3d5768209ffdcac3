/**
 * No false pass, round three (issue 19): trees written as the recorders write them, each file last written
 * when its recording ended.
 * - Shinobi: `videos/<groupKey>/<monitorId>/YYYY-MM-DDTHH-MM-SS.mp4` in the server's local time
 *   (ShinobiSystems/Shinobi camera.js, the segment muxer's strftime name; src/archive/layouts/shinobi.ts).
 * - Dahua NAS / FTP upload: `<device>/YYYY-MM-DD/<ch3>/dav/HH/HH.MM.SS-HH.MM.SS[R][0@0][0].mp4`
 *   (src/archive/layouts/dahua.ts); "IPC" is the device name many Dahua cameras upload under.
 * - ZoneMinder Medium: `<monitorId>/YYYY-MM-DD/<eventId>/<eventId>-video.mp4` (1.32-1.36: zm_event.cpp at tag
 *   1.34.26 line 203, 1.36.33 line 685) and `...-video.h264.mp4` since, fragmented MP4 with an empty moov
 *   (`frag_keyframe+empty_moov`, zm_videostore.cpp at 1.36.33 line 524), the event's start its end (mtime)
 *   less its length.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipShelf, continuous, writeRecordings, type Recording } from '../../src/samples/recorder.ts';
import { segmentPath } from '../../src/samples/names.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';
import { clipShelf, D, H, NOW } from '../helpers/recorded.ts';
import { vstorIn } from '../helpers/cli.ts';

const clips = clipShelf();

describe('continuous recording under an event-recording layout', () => {
  it('a Shinobi monitor recording back to back with a 15-day hole fails on the gap, judged continuous from its files', async () => {
    const root = join(tempDir(), 'shinobi');
    // the tree: 90 days with a 30-day hole; here 31 with a 15-day hole, the same shape
    const recs = [...continuous(NOW - 31 * D, NOW - 25 * D, H), ...continuous(NOW - 10 * D, NOW, H)];
    writeRecordings(root, 'shinobi', 'UTC', 'grp/gate', recs, clips.shelf);
    const result = await auditLib([root], { now: NOW, days: 30, layout: 'shinobi' });
    const gate = channelOf(result, 'grp/gate');
    expect(gate.recording).toEqual({ mode: 'continuous', source: 'files', backToBack: expect.closeTo(1, 2) });
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons).toEqual(['gap']);
    expect(gate.gaps).toEqual([{ start: NOW - 25 * D, end: NOW - 10 * D, seconds: 15 * 86_400 }]);
    expect(result.problems.join('\n')).toMatch(/1 channel\(s\) of an event-recording layout record continuously/);
  });

  it('a rule still decides: with mode event the same tree is judged as events, the hole not a failure', async () => {
    const root = join(tempDir(), 'shinobi');
    writeRecordings(root, 'shinobi', 'UTC', 'grp/gate', [...continuous(NOW - 46 * D, NOW - 30 * D, H), ...continuous(NOW - 15 * D, NOW - 2 * H, H)], clips.shelf);
    const { loadRuleMap } = await import('../../src/rules/presets.ts');
    const rules = loadRuleMap('event-recording');
    const gate = channelOf(await auditLib([root], { now: NOW, days: 30, layout: 'shinobi', rules }), 'grp/gate');
    expect(gate.recording).toMatchObject({ mode: 'event', source: 'rule' });
    expect(gate.reasons).not.toContain('gap');
    expect(gate.gaps.length).toBeGreaterThan(0);
  });

  it('an event channel silent far longer than its usual quiet spells warns (long-silence), and does not fail', async () => {
    const root = join(tempDir(), 'shinobi');
    // 5-minute events every 3 hours; then nothing for 12 days; then events again
    const events: Recording[] = [];
    for (let t = NOW - 44 * D; t < NOW - 13 * D; t += 3 * H) events.push({ start: t, end: t + 5 * 60_000 });
    for (let t = NOW - D; t < NOW - H; t += 3 * H) events.push({ start: t, end: t + 5 * 60_000 });
    writeRecordings(root, 'shinobi', 'UTC', 'grp/yard', events, clips.shelf);
    const yard = channelOf(await auditLib([root], { now: NOW, days: 40, layout: 'shinobi' }), 'grp/yard');
    expect(yard.recording).toMatchObject({ mode: 'event', source: 'layout' });
    expect(yard.verdict).toBe('warn');
    expect(yard.notes.map((n) => n.code)).toContain('long-silence');
  });
});

describe('two Dahua NAS shares whose devices share a folder name', () => {
  it('are two recorders, not one channel and a crash', async () => {
    const a = join(tempDir(), 'nas-a');
    const b = join(tempDir(), 'nas-b');
    const ipc = (root: string) => (channel: string, start: number, end: number) => `IPC/${segmentPath('dahua', channel, start, end, 'UTC')}`;
    writeRecordings(a, ipc(a), 'UTC', '001', continuous(NOW - 4 * D, NOW, H), clips.shelf);
    // the second camera stopped two days ago
    writeRecordings(b, ipc(b), 'UTC', '001', continuous(NOW - 4 * D, NOW - 2 * D, H), clips.shelf);
    const result = await auditLib([a, b], { now: NOW, days: 3 });
    expect(result.channels.map((c) => [c.recorder, c.channel, c.verdict])).toEqual([
      [`${a}/IPC`, '001', 'pass'],
      [`${b}/IPC`, '001', 'fail'],
    ]);
    // and through the CLI, with history saved: no UNIQUE constraint failure
    const cli = (await vstorIn(['audit', a, b, '--db', join(tempDir(), 'i.db'), '--now', new Date(NOW).toISOString(), '--days', '3', '--json']));
    expect(cli.stderr).not.toMatch(/UNIQUE/);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout).recorders).toEqual(expect.arrayContaining([`${a}/IPC`, `${b}/IPC`]));
  });

  it('given one name (NAME=PATH) they are one recorder\'s disks', async () => {
    const a = join(tempDir(), 'nas-a');
    const b = join(tempDir(), 'nas-b');
    const ipc = (channel: string, start: number, end: number) => `IPC/${segmentPath('dahua', channel, start, end, 'UTC')}`;
    writeRecordings(a, ipc, 'UTC', '001', continuous(NOW - 4 * D, NOW - 2 * D, H), clips.shelf);
    writeRecordings(b, ipc, 'UTC', '001', continuous(NOW - 2 * D, NOW, H), clips.shelf);
    const result = await auditLib([a, b], { now: NOW, days: 3, recorders: new Map([[a, 'nvr'], [b, 'nvr']]) });
    expect(result.channels.map((c) => [c.recorder, c.channel, c.verdict])).toEqual([['IPC', '001', 'pass']]);
  });
});

describe('ZoneMinder as it writes', () => {
  it('reads fragmented MP4 events under both names of an upgraded archive (Medium scheme): 11 days, a pass', async () => {
    const root = join(tempDir(), 'zm');
    const frag = new ClipShelf(join(tempDir(), 'frag-clips'), { fragmented: true, rate: '1/60' });
    const id = (t: number) => String(Math.floor(t / H));
    const day = (t: number) => new Date(t).toISOString().slice(0, 10);
    // the older half under 1.36's name, the newer under 1.38's
    const older = (_c: string, start: number) => `3/${day(start)}/${id(start)}/${id(start)}-video.mp4`;
    const newer = (_c: string, start: number) => `3/${day(start)}/${id(start)}/${id(start)}-video.h264.mp4`;
    writeRecordings(root, older, 'UTC', '3', continuous(NOW - 11 * D, NOW - 5 * D, H), frag);
    writeRecordings(root, newer, 'UTC', '3', continuous(NOW - 5 * D, NOW, H), frag);
    const ch = channelOf(await auditLib([root], { now: NOW, days: 10, layout: 'zoneminder' }), '3');
    expect(ch).toMatchObject({ verdict: 'pass', oldestStart: NOW - 11 * D, newestEnd: NOW, segments: 264 });
    expect(ch.retainedDays).toBe(11);
  });
});

/**
 * Writes recordings under names that are not UTF-8: each `text` of the path as the given bytes (a Chinese
 * NVR's GBK, a European NAS's Windows-1252). Returns how many files it wrote.
 */
function writeEncoded(root: string, rel: (start: number, end: number) => string, bytes: Record<string, Buffer>, recs: Recording[], clip: Buffer): number {
  for (const r of recs) {
    const parts = rel(r.start, r.end).split('/').map((p) => {
      const chunks: Buffer[] = [];
      let rest = p;
      while (rest.length > 0) {
        const hit = Object.keys(bytes).find((t) => rest.startsWith(t));
        chunks.push(hit ? bytes[hit]! : Buffer.from(rest[0]!));
        rest = rest.slice(hit ? hit.length : 1);
      }
      return Buffer.concat(chunks);
    });
    const dir = Buffer.concat([Buffer.from(root), ...parts.slice(0, -1).flatMap((p) => [Buffer.from('/'), p])]);
    mkdirSync(dir, { recursive: true });
    const file = Buffer.concat([dir, Buffer.from('/'), parts[parts.length - 1]!]);
    writeFileSync(file, clip);
    utimesSync(file, r.end / 1000, r.end / 1000);
  }
  return recs.length;
}

describe('names that are not UTF-8', () => {
  it('two Dahua NAS device folders named in Windows-1252 are two recorders: one passes, the stale one fails', async () => {
    const root = join(tempDir(), 'nas');
    const clip = clips.shelf.bytes(3600, 'good');
    const cp1252 = { 'Cámara Nº1': Buffer.from('43e16d617261204eba31', 'hex'), 'Cámara Nº2': Buffer.from('43e16d617261204eba32', 'hex') };
    writeEncoded(root, (s, e) => `Cámara Nº1/${segmentPath('dahua', '001', s, e, 'UTC')}`, cp1252, continuous(NOW - 4 * D, NOW, H), clip);
    writeEncoded(root, (s, e) => `Cámara Nº2/${segmentPath('dahua', '001', s, e, 'UTC')}`, cp1252, continuous(NOW - 4 * D, NOW - 2 * D, H), clip);
    const result = await auditLib([root], { now: NOW, days: 3, layout: 'dahua' });
    expect(result.channels.map((c) => [c.recorder, c.channel, c.verdict, c.segments])).toEqual([
      ['Cámara Nº1〔CP1252〕', '001', 'pass', 96],
      ['Cámara Nº2〔CP1252〕', '001', 'fail', 48],
    ]);
    expect(JSON.stringify(result.channels)).not.toContain('\ufffd');
  });

  it('reads span exports whose folder and file names are GBK: the channel, its extension and its times', async () => {
    const root = join(tempDir(), 'span');
    const gbk = { 大门: Buffer.from('b4f3c3c5', 'hex') };
    writeEncoded(root, (s, e) => segmentPath('span', '大门', s, e, 'UTC'), gbk, continuous(NOW - 4 * D, NOW, H), clips.shelf.bytes(3600, 'good'));
    // and a UTF-8 大门 beside it: another camera
    writeRecordings(root, 'span', 'UTC', '大门', continuous(NOW - D, NOW, H), clips.shelf);
    const result = await auditLib([root], { now: NOW, days: 3, layout: 'span' });
    expect(result.channels.map((c) => [c.channel, c.segments, c.verdict])).toEqual([
      ['大门', 24, 'fail'],
      ['大门〔GB18030〕', 96, 'pass'],
    ]);
    expect(result.skipped.files).toBe(0);
  });

  it('reads a path in one encoding: a Windows-1252 span folder whose file names happen to be valid GB18030', async () => {
    const root = join(tempDir(), 'span');
    // "Docké" ends in a lone 0xe9 (not GB18030); "Docké_2026..." pairs 0xe9 with "_" (valid GB18030)
    writeEncoded(root, (s, e) => segmentPath('span', 'Docké', s, e, 'UTC'), { Docké: Buffer.from('446f636be9', 'hex') }, continuous(NOW - 4 * D, NOW, H), clips.shelf.bytes(3600, 'good'));
    const result = await auditLib([root], { now: NOW, days: 3, layout: 'span' });
    expect(result.channels.map((c) => [c.channel, c.segments, c.verdict])).toEqual([['Docké〔CP1252〕', 96, 'pass']]);
  });
});

describe('a recorder\'s tree that vstor does not read, beside one it reads', () => {
  it('a Dahua device tree and a Hikvision datadir0 on one root: exit 2 naming it; with --unread-as-unverified, unverified', async () => {
    const root = join(tempDir(), 'nas');
    writeRecordings(root, (c, s, e) => `IPC/${segmentPath('dahua', c, s, e, 'UTC')}`, 'UTC', '001', continuous(NOW - 4 * D, NOW, H), clips.shelf);
    // a Hikvision camera's share beside it, as it writes one (yrambler2001/hikvision-ezviz-sdcard-video-extractor README)
    mkdirSync(join(root, 'hik', 'datadir0'), { recursive: true });
    for (const f of ['info.bin', 'datadir0/index00.bin', 'datadir0/index01.bin', 'datadir0/hiv00000.mp4', 'datadir0/hiv00001.mp4']) writeFileSync(join(root, 'hik', f), Buffer.alloc(1024));
    const args = ['audit', root, '--now', new Date(NOW).toISOString(), '--days', '3', '--json'];
    const refused = (await vstorIn([...args, '--db', join(tempDir(), 'i.db')]));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds storage of a recorder vstor does not read \(Hikvision storage .*: 5 file\(s\), e\.g\. hik\/(datadir0\/\w+|info)\.\w+\)/);
    const flagged = (await vstorIn([...args, '--db', join(tempDir(), 'i.db'), '--unread-as-unverified']));
    expect(flagged.code).toBe(1);
    const doc = JSON.parse(flagged.stdout);
    expect(doc.channels.map((c: { channel: string; verdict: string; reasons: string[] }) => [c.channel, c.verdict, c.reasons])).toEqual([['001', 'unverified', ['unread-recorder']]]);
    expect(doc.scan.problems.join('\n')).toMatch(/its channels are unverified \(unread-recorder\)/);
  });

  it('iSpy recordings beside a MediaMTX tree are named (ispysoftware/iSpy CameraWindow.cs: <id>_YYYY-MM-DD_HH-mm-ss.mp4)', async () => {
    const root = join(tempDir(), 'mixed');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 4 * D, NOW, H), clips.shelf);
    mkdirSync(join(root, 'video', 'cam1'), { recursive: true });
    writeFileSync(join(root, 'video', 'cam1', '3_2026-11-27_12-00-00.mp4'), clips.shelf.bytes(3600, 'good'));
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--layout', 'mediamtx', '--now', new Date(NOW).toISOString(), '--days', '3', '--json']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/iSpy recordings .*: 1 file\(s\), e\.g\. video\/cam1\/3_2026-11-27_12-00-00\.mp4/);
  });

  it('a Blue Iris clip in a Frigate tree is named too, on a warm rescan as on the first', async () => {
    const root = join(tempDir(), 'frigate');
    writeRecordings(root, 'frigate', 'UTC', 'gate', continuous(NOW - 4 * D, NOW, H), clips.shelf);
    writeFileSync(join(root, 'Cam1.20261127_120000.bvr'), Buffer.alloc(2048));
    const db = join(tempDir(), 'i.db');
    const args = ['audit', root, '--db', db, '--now', new Date(NOW).toISOString(), '--days', '3', '--json'];
    for (const run of [await vstorIn(args), await vstorIn(args)]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Blue Iris clips \(\.bvr\): 1 file\(s\), e\.g\. Cam1\.20261127_120000\.bvr/);
    }
  });
});

describe('continuous recording in a copied archive', () => {
  it('a copied Shinobi archive (every mtime the copy\'s) whose files run back to back is still judged continuous', async () => {
    const root = join(tempDir(), 'shinobi');
    const written = writeRecordings(root, 'shinobi', 'UTC', 'grp/gate', [...continuous(NOW - 46 * D, NOW - 30 * D, H), ...continuous(NOW - 15 * D, NOW, H)], clips.shelf);
    // copied yesterday: one mtime for all, far from any segment's end
    for (const w of written) utimesSync(w.path, (NOW - D / 2) / 1000, (NOW - D / 2) / 1000);
    const gate = channelOf(await auditLib([root], { now: NOW, days: 45, layout: 'shinobi' }), 'grp/gate');
    expect(gate.recording).toMatchObject({ mode: 'continuous', source: 'files' });
    expect(gate.reasons).toContain('gap');
  });
});
