import { describe, expect, it } from 'vitest';
import { detectLayout, folderParser, layoutByName, parsePath } from '../../src/archive/layouts/index.ts';
import { resolveZone, wallToInstant } from '../../src/archive/time.ts';
import { layoutOfSample, segmentPath, SAMPLE_LAYOUTS } from '../../src/samples/names.ts';

const parse = (layout: string, path: string, zone = 'UTC') => parsePath(layoutByName(layout)!, path.split('/'), zone);
const at = (isoText: string) => Date.parse(isoText);

describe('frigate', () => {
  it.each([
    ['recordings/2024-03-05/07/gate_north/12.30.mp4', 'gate_north', '2024-03-05T07:12:30Z'],
    ['2024-03-05/23/back yard/59.50.mp4', 'back yard', '2024-03-05T23:59:50Z'],
    ['2024-12-31/00/门口/00.00.mp4', '门口', '2024-12-31T00:00:00Z'],
  ])('%s -> %s at %s (UTC whatever --tz says)', (path, channel, start) => {
    expect(parse('frigate', path, 'Asia/Shanghai')).toEqual({ channel, start: at(start) });
  });

  it.each(['2024-03-05/07/gate/12.30.mkv', '2024-03-05/7/gate/12.30.mp4', '2024-02-30/07/gate/12.30.mp4', '2024-03-05/07/12.30.mp4', '2024-03-05/24/gate/00.00.mp4', 'clips/gate-1.mp4'])(
    'refuses %s',
    (path) => {
      expect(parse('frigate', path)).toBeUndefined();
    },
  );

  it('keeps a channel name as written, marking one not in NFC (issue 20: two folders, two cameras)', () => {
    const decomposed = 'cafe\u0301';
    expect(parse('frigate', `2024-03-05/07/${decomposed}/00.00.mp4`)!.channel).toBe(`${decomposed}〔NFD〕`);
    expect(parse('frigate', '2024-03-05/07/caf\u00e9/00.00.mp4')!.channel).toBe('caf\u00e9');
  });
});

describe('frigate-legacy', () => {
  it('reads local time in --tz', () => {
    expect(parse('frigate-legacy', 'recordings/2024-03/05/07/gate/12.30.mp4', 'Asia/Shanghai')).toEqual({ channel: 'gate', start: at('2024-03-04T23:12:30Z') });
    expect(parse('frigate-legacy', '2024-03/05/07/gate/12.30.mp4', 'UTC')!.start).toBe(at('2024-03-05T07:12:30Z'));
  });
});

describe('mediamtx', () => {
  it.each([
    ['recordings/cam1/2024-03-05_07-12-30-123456.mp4', 'Asia/Shanghai', 'cam1', '2024-03-04T23:12:30.123Z'],
    ['live/gate/2024-03-05_07-12-30-000000.ts', 'UTC', 'live/gate', '2024-03-05T07:12:30Z'],
    ['cam1/2024-03-05_07-12-30-000000+0800.mp4', 'UTC', 'cam1', '2024-03-04T23:12:30Z'],
    ['cam1/2024-03-05_07-12-30-000000-05:00.mp4', 'Asia/Shanghai', 'cam1', '2024-03-05T12:12:30Z'],
    ['cam1/1709622750.mp4', 'Asia/Shanghai', 'cam1', '2024-03-05T07:12:30Z'],
  ])('%s in %s -> %s at %s', (path, zone, channel, start) => {
    expect(parse('mediamtx', path, zone)).toEqual({ channel, start: at(start) });
  });

  it('refuses a file at the root and foreign names', () => {
    expect(parse('mediamtx', '2024-03-05_07-12-30-000000.mp4')).toBeUndefined();
    expect(parse('mediamtx', 'cam1/notes.mp4')).toBeUndefined();
  });
});

describe('dahua', () => {
  it('reads channel, start and end, in local time', () => {
    expect(parse('dahua', '2024-03-05/001/dav/07/07.00.00-08.00.00[R][0@0][0].dav', 'Asia/Shanghai')).toEqual({
      channel: '001',
      start: at('2024-03-04T23:00:00Z'),
      end: at('2024-03-05T00:00:00Z'),
    });
    expect(parse('dahua', '2024-03-05/002/dav/10/10.15.00-10.20.00[M][0@0][0].mp4')!.end).toBe(at('2024-03-05T10:20:00Z'));
  });

  it('wraps an end past midnight to the next day', () => {
    const seg = parse('dahua', '2024-03-05/001/dav/23/23.30.00-00.30.00[R][0@0][0].dav')!;
    expect(seg.start).toBe(at('2024-03-05T23:30:00Z'));
    expect(seg.end).toBe(at('2024-03-06T00:30:00Z'));
  });

  it('refuses other shapes', () => {
    expect(parse('dahua', '2024-03-05/1/dav/07/07.00.00-08.00.00[R][0@0][0].dav')).toBeUndefined();
    expect(parse('dahua', '2024-03-05/001/jpg/07/07.00.00-08.00.00[R][0@0][0].dav')).toBeUndefined();
  });
});

describe('span (and its alias hikvision)', () => {
  it('reads start and end from exported clip names', () => {
    for (const name of ['span', 'hikvision']) {
      expect(parse(name, 'ch01/ch01_20240305071230_20240305081230.mp4', 'UTC')).toEqual({ channel: 'ch01', start: at('2024-03-05T07:12:30Z'), end: at('2024-03-05T08:12:30Z') });
    }
  });

  it('needs the folder and the name to agree', () => {
    expect(parse('span', 'ch02/ch01_20240305071230_20240305081230.mp4')).toBeUndefined();
  });
});

describe('template', () => {
  it('reads a user pattern in --tz', () => {
    const layout = layoutByName('{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4')!;
    expect(parsePath(layout, 'gate/20240305/071230.mp4'.split('/'), 'Asia/Shanghai')).toEqual({ channel: 'gate', start: at('2024-03-04T23:12:30Z') });
    expect(parsePath(layout, 'gate/20240305/0712.mp4'.split('/'), 'UTC')).toBeUndefined();
    const epoch = layoutByName('cams/{channel}-{epoch}.{*}')!;
    expect(parsePath(epoch, ['cams', 'east-1709622750.mkv'], 'UTC')).toEqual({ channel: 'east', start: at('2024-03-05T07:12:30Z') });
  });

  it.each([
    ['{YYYY}/{hh}.mp4', /needs \{channel\}/],
    ['{channel}/{hh}.mp4', /needs a time/],
    ['{channel}/{when}.mp4', /unknown token \{when\}/],
    ['{channel/{epoch}.mp4', /unknown token|unclosed/],
  ])('refuses %s', (pattern, message) => {
    expect(() => layoutByName(pattern)).toThrow(message);
  });

  it('names the layouts it knows when given another', () => {
    expect(() => layoutByName('milestone')).toThrow(/--layout: expected auto, frigate, frigate-legacy, dahua, zoneminder, shinobi, motioneye, motion, span, mediamtx/);
  });
});

describe('reading a folder at a time', () => {
  it('gives what parsePath gives for every name, valid or not', () => {
    const folders = ['recordings/2026-11-28/08/gate', '2026-11-28/08/gate', 'recordings/2026-02-30/08/gate', 'recordings/2026-11-28/8/gate', 'recordings/2026-11-28/24/gate', 'recordings', 'recordings/recordings/2026-11-28/08/gate', 'x/2026-11-28/08/gate'];
    const names = ['00.00.mp4', '59.59.mp4', '60.00.mp4', '07.61.mp4', '7.00.mp4', '00.00.mkv', 'notes.mp4', '30.10.mp4'];
    let read = 0;
    for (const folder of folders) {
      const parts = folder.split('/');
      const parse = folderParser(layoutByName('frigate')!, parts, 'UTC');
      for (const name of names) {
        const expected = parsePath(layoutByName('frigate')!, [...parts, name], 'UTC');
        expect(parse(name), `${folder}/${name}`).toEqual(expected);
        if (expected) read++;
      }
    }
    expect(read).toBe(6); // three valid names in each of the two valid folders
  });
});

describe('auto detection', () => {
  const start = at('2024-03-05T07:00:00Z');
  // a Hikvision share names no time in its paths: its index says what it is (test/archive/hikvision-share.test.ts)
  it.each(SAMPLE_LAYOUTS.filter((l) => l !== 'hikvision-share'))('recognises %s from its own paths', (name) => {
    const channel = name.startsWith('dahua') ? '001' : name.startsWith('zoneminder') ? '3' : name === 'shinobi' ? 'grp/gate' : name === 'mediamtx-path' ? 'site1/gate' : 'gate';
    const paths = [0, 1, 2].map((h) => segmentPath(name, channel, start + h * 3_600_000, start + (h + 1) * 3_600_000, 'UTC').split('/'));
    // MediaMTX under its own recordPath is named by the user: no layout reads it unasked
    if (name === 'mediamtx-path') expect(detectLayout(paths, 'UTC')).toBeUndefined();
    else expect(detectLayout(paths, 'UTC')!.layout.name).toBe(layoutOfSample(name));
  });

  it('finds nothing in foreign files', () => {
    expect(detectLayout([['notes', 'a.mp4'], ['b.mp4']], 'UTC')).toBeUndefined();
  });
});

describe('time zones', () => {
  it('turns local wall time into instants across DST', () => {
    // New York: 2024-03-10 02:00 jumps to 03:00; 01:30 is EST (-5), 03:30 is EDT (-4)
    expect(wallToInstant({ year: 2024, month: 3, day: 10, hour: 1, minute: 30, second: 0 }, 'America/New_York')).toBe(at('2024-03-10T06:30:00Z'));
    expect(wallToInstant({ year: 2024, month: 3, day: 10, hour: 3, minute: 30, second: 0 }, 'America/New_York')).toBe(at('2024-03-10T07:30:00Z'));
    expect(wallToInstant({ year: 2024, month: 2, day: 30, hour: 1, minute: 0, second: 0 }, 'UTC')).toBeUndefined();
  });

  it('refuses an unknown zone', () => {
    expect(() => resolveZone('Mars/Olympus')).toThrow(/--tz: expected an IANA time zone/);
    expect(resolveZone('Asia/Shanghai')).toBe('Asia/Shanghai');
  });
});
