/**
 * What real recorders write (issue 12), named as each recorder's source names it: MediaMTX
 * (internal/recordstore/path.go, its test vectors from path_test.go verbatim), Dahua NVR and NAS trees
 * (expertisesolutions/gst-dmsssrc quotes an NVR's disk path), Shinobi (camera.js), motionEye (config.py)
 * and motion (its default movie_filename), ZoneMinder (src/zm_event.cpp Event::SetPath).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectLayout, layoutByName, parsePath } from '../../src/archive/layouts/index.ts';
import { ClipShelf, continuous, writeRecordings } from '../../src/samples/recorder.ts';
import { SAMPLE_DEVICE, segmentPath } from '../../src/samples/names.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const parse = (layout: string, path: string, zone = 'UTC') => parsePath(layoutByName(layout)!, path.split('/'), zone);
const at = (text: string) => Date.parse(text);

describe('MediaMTX', () => {
  // bluenviron/mediamtx internal/recordstore/path_test.go: pathCases, verbatim
  it.each([
    ['standard', '%path/%Y-%m-%d_%H-%M-%S-%f', 'mypath/2008-11-07_11-22-04-123456.mp4', 'Asia/Shanghai', '2008-11-07T03:22:04.123Z'],
    ['unix seconds', '%path/%s', 'mypath/1638447323.mp4', 'Asia/Shanghai', '2021-12-02T12:15:23.000Z'],
    ['unix microseconds', '%path/%s.%f', 'mypath/1638447323.567324.mp4', 'Asia/Shanghai', '2021-12-02T12:15:23.567Z'],
  ])('reads the %s test vector (%s)', (_name, recordPath, path, zone, start) => {
    expect(parse(`mediamtx:${recordPath}`, path, zone)).toEqual({ channel: 'mypath', start: at(start) });
  });

  it.each([
    ['cam/2026-11-28_08-00-00-000000_Z.mp4', '2026-11-28T08:00:00Z'],
    ['cam/2026-11-28_10-00-00-000000_+0200.mp4', '2026-11-28T08:00:00Z'],
    ['cam/2026-11-28_04-30-00-000000_-0330.mp4', '2026-11-28T08:00:00Z'],
    ['cam/2026-11-28_13-45-00-000000_+0545.ts', '2026-11-28T08:00:00Z'],
  ])('reads the offset MediaMTX writes for %%z (timeLocationEncode), whatever --tz says: %s', (path, start) => {
    expect(parse('mediamtx', path, 'America/New_York')).toEqual({ channel: 'cam', start: at(start) });
  });

  it('reads a custom recordPath whose %path holds slashes', () => {
    const layout = 'mediamtx:./recordings/%path/%Y/%m/%d/%H-%M-%S-%f_%z';
    expect(parse(layout, 'recordings/site1/cam/main/2026/11/28/16-00-00-500000_+0800.mp4')).toEqual({ channel: 'site1/cam/main', start: at('2026-11-28T08:00:00.500Z') });
    expect(parse(layout, 'site1/cam/main/2026/11/28/16-00-00-500000_+0800.mkv')).toBeUndefined();
    expect(() => layoutByName('mediamtx:%Y/%m')).toThrow(/needs %path/);
  });
});

describe('templates', () => {
  it('read two-digit years, offsets, epochs with a fraction, and channels over several folders', () => {
    expect(parse('{channel}/{YY}{MM}{DD}/{hh}{mm}{ss}{z}.mp4', 'gate/261128/160000+0800.mp4')).toEqual({ channel: 'gate', start: at('2026-11-28T08:00:00Z') });
    expect(parse('{channel}/{epoch}.mp4', 'gate/1638447323.567324.mp4')).toEqual({ channel: 'gate', start: at('2021-12-02T12:15:23.567Z') });
    expect(parse('{channel+}/{YYYY}-{MM}-{DD}/{hh}.{mm}.{ss}.mp4', 'site/a/cam/2026-11-28/08.00.00.mp4')).toEqual({ channel: 'site/a/cam', start: at('2026-11-28T08:00:00Z') });
    expect(parse('{recorder}/{channel}/{YYYY}{MM}{DD}{hh}{mm}{ss}.mp4', 'nvr7/gate/20261128080000.mp4')).toEqual({ channel: 'gate', recorder: 'nvr7', start: at('2026-11-28T08:00:00Z') });
  });
});

describe('Dahua NVR, NAS and FTP trees', () => {
  it('reads a device folder as the recorder, and an NVR disk path with more levels', () => {
    expect(parse('dahua', `${SAMPLE_DEVICE}/2026-11-28/001/dav/16/16.00.00-17.00.00[R][0@0][0].dav`, 'Asia/Shanghai')).toEqual({
      channel: '001',
      recorder: SAMPLE_DEVICE,
      start: at('2026-11-28T08:00:00Z'),
      end: at('2026-11-28T09:00:00Z'),
    });
    // the device response quoted in expertisesolutions/gst-dmsssrc src/gstdmsssrc.c
    expect(parse('dahua', 'mnt/dvr/2018-09-22/000/dav/11/1/1/589005/11.00.00-12.00.00[R][0@0][0].dav'.split('/').slice(2).join('/'), 'UTC')).toEqual({
      channel: '000',
      start: at('2018-09-22T11:00:00Z'),
      end: at('2018-09-22T12:00:00Z'),
    });
    expect(parse('dahua', '2018-09-22/000/dav/11/1/x/589005/11.00.00-12.00.00[R][0@0][0].dav')).toBeUndefined();
  });
});

describe('Shinobi, motionEye, motion, ZoneMinder', () => {
  it.each([
    ['shinobi', 'videos/a1b2c3d4e5/Xk3pRw9/2026-11-28T16-00-00.mp4', { channel: 'a1b2c3d4e5/Xk3pRw9', start: at('2026-11-28T08:00:00Z') }],
    ['motioneye', 'Camera1/2026-11-28/16-00-00.mp4', { channel: 'Camera1', start: at('2026-11-28T08:00:00Z') }],
    ['motion', 'cam1/07-20261128160000.mkv', { channel: 'cam1', start: at('2026-11-28T08:00:00Z') }],
    ['zoneminder', '3/26/11/28/16/00/00/41234-video.h264.mp4', { channel: '3', start: at('2026-11-28T08:00:00Z') }],
  ])('%s: %s in Asia/Shanghai', (layout, path, expected) => {
    expect(parse(layout, path, 'Asia/Shanghai')).toEqual(expected);
  });

  it('reads ZoneMinder Medium as a day whose start the file must give', () => {
    expect(parse('zoneminder', '3/2026-11-28/41234/41234-video.h264.mp4', 'Asia/Shanghai')).toEqual({ channel: '3', start: at('2026-11-27T16:00:00Z'), startFromLength: true });
    // the event folder and the file name the same event, or it is not ZoneMinder's
    expect(parse('zoneminder', '3/2026-11-28/41234/99-video.h264.mp4')).toBeUndefined();
  });

  it('names both layouts and asks for --layout where two read a sample alike', () => {
    const sample = ['cam1/07-20261128160000.mp4', 'cam1/08-20261128170000.mp4', 'cam2/2026-11-28/16-00-00.mp4', 'cam2/2026-11-28/17-00-00.mp4'].map((p) => p.split('/'));
    expect(() => detectLayout(sample, 'UTC')).toThrow(/^layout: motioneye and motion both read 2 of 4 sampled files; name one with --layout$/);
  });
});

describe('audits of these trees', () => {
  const H = 3_600_000;
  const D = 24 * H;
  const NOW = Date.parse('2026-11-28T08:00:00Z');
  let shelf: ClipShelf;
  beforeAll(() => {
    shelf = new ClipShelf(join(tempDir(), 'clips'));
  });

  it('judges a Dahua NAS upload: each device folder its own recorder, both called 001', async () => {
    const root = join(tempDir(), 'nas');
    // a NAS folder a device, holding what a Dahua SD card holds
    const device = (name: string) => (channel: string, start: number, end: number) => `${name}/${segmentPath('dahua', channel, start, end, 'UTC')}`;
    writeRecordings(root, device('4H02A0EPAZ00001'), 'UTC', '001', continuous(NOW - 11 * D, NOW, H), shelf);
    writeRecordings(root, device('4H02A0EPAZ00002'), 'UTC', '001', continuous(NOW - 5 * D, NOW, H), shelf);
    const result = await auditLib([root], { now: NOW, days: 10 });
    expect(result.layouts).toEqual(['dahua']);
    expect(result.channels.map((c) => [c.recorder, c.channel, c.verdict]).sort()).toEqual([
      ['4H02A0EPAZ00001', '001', 'pass'],
      ['4H02A0EPAZ00002', '001', 'fail'],
    ]);
    expect(result.recorders.sort()).toEqual(['4H02A0EPAZ00001', '4H02A0EPAZ00002']);
  });

  it('judges a Shinobi monitor whose files run back to back as continuous (issue 19: its hole fails), as events only under a rule that says so', async () => {
    const root = join(tempDir(), 'shinobi');
    const recs = continuous(NOW - 11 * D, NOW, H).filter((r) => r.start < NOW - 3 * D || r.start >= NOW - 3 * D + 6 * H);
    writeRecordings(root, 'shinobi', 'UTC', 'grp/mon1', recs, shelf);
    const byDefault = channelOf(await auditLib([root], { now: NOW, days: 10 }), 'grp/mon1');
    expect(byDefault).toMatchObject({ verdict: 'fail', reasons: ['gap'], recording: { mode: 'continuous', source: 'files' } });
    expect(byDefault.gaps).toHaveLength(1);
    const rules = { default: { name: 'events', retentionDays: 10, maxGapSeconds: 300, staleAfterSeconds: 86_400, mode: 'event' as const, stream: {} }, entries: [] };
    const asEvents = channelOf(await auditLib([root], { now: NOW, days: 10, rules }), 'grp/mon1');
    expect(asEvents).toMatchObject({ verdict: 'pass', reasons: [], recording: { mode: 'event', source: 'rule' } });
  });

  it('judges ZoneMinder Medium events from their length and mtime', async () => {
    const root = join(tempDir(), 'zm');
    writeRecordings(root, 'zoneminder-medium', 'UTC', '3', continuous(NOW - 11 * D, NOW, H), shelf);
    const ch = channelOf(await auditLib([root], { now: NOW, days: 10 }), '3');
    expect(ch).toMatchObject({ verdict: 'pass', oldestStart: NOW - 11 * D, newestEnd: NOW, segments: 264 });
  });
});
