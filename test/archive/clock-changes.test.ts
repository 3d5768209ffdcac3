/**
 * Clock changes in every local-time layout, in Europe/Berlin and America/New_York, spring and autumn 2026:
 * a recorder writing through the change, names in local time as each recorder writes them (MediaMTX with
 * the random sub-second part of `%f`, so that the two passes of the repeated hour interleave when sorted
 * by name), each file last written when its recording ended. The audit must find exactly the holes the
 * footage has: none where the recorder wrote through, and Frigate <= 0.11's real one (it kept the first
 * file of a name, so the repeated hour's second pass is missing) where it is, not an hour off.
 */
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeSegment } from '../../src/archive/fold.ts';
import { wallToInstants } from '../../src/archive/time.ts';
import { ClipShelf, continuous, writeRecordings } from '../../src/samples/recorder.ts';
import type { SampleLayout } from '../../src/samples/names.ts';
import { auditLib, channelOf, trueGaps } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const MIN = 60_000;

/** The instants the clocks changed in 2026 (tz database). */
const CHANGES = [
  { zone: 'Europe/Berlin', season: 'spring', at: Date.parse('2026-03-29T01:00:00Z') },
  { zone: 'Europe/Berlin', season: 'autumn', at: Date.parse('2026-10-25T01:00:00Z') },
  { zone: 'America/New_York', season: 'spring', at: Date.parse('2026-03-08T07:00:00Z') },
  { zone: 'America/New_York', season: 'autumn', at: Date.parse('2026-11-01T06:00:00Z') },
] as const;

/** A user's template, read in --tz: `{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4`. */
const TEMPLATE = '{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4';
const templatePath = (zone: string) => (channel: string, start: number) => `${channel}/${DateTime.fromMillis(start, { zone }).toFormat('yyyyMMdd/HHmmss')}.mp4`;

const LAYOUTS: (SampleLayout | 'template')[] = ['frigate-legacy', 'mediamtx', 'dahua', 'span', 'template'];

/** A fixed pseudo-random sequence (mulberry32): the same tree every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let shelf: ClipShelf;
beforeAll(() => {
  shelf = new ClipShelf(join(tempDir(), 'clips'));
});

describe.each(CHANGES)('a recorder writing through the $season change in $zone', ({ zone, at, season }) => {
  it.each(LAYOUTS)('%s: the audit finds exactly the holes the footage has', async (layout) => {
    const now = at + 10 * H;
    const next = random(at / 1000 + layout.length);
    // Frigate <= 0.11 cuts on the second, at fixed times; the others where a keyframe falls: odd seconds, and
    // in MediaMTX's names random sub-second parts (kept apart from the other pass's, which recorders do by
    // writing at different times: a name taken twice would be a hole of the recorder's own)
    const recs =
      layout === 'frigate-legacy'
        ? continuous(now - 26 * H, now, 5 * MIN)
        : continuous(now - 26 * H, now, 20 * MIN, (i) => (layout === 'mediamtx' ? Math.floor(next() * 500) + (i % 2) * 500 : ((i * 7) % 30) * 1000));
    const root = join(tempDir(), layout);
    const written = writeRecordings(root, layout === 'template' ? templatePath(zone) : layout, zone, layout === 'dahua' ? '001' : 'gate', recs, shelf);
    const result = await auditLib([root], { now, days: 1, zone, layout: layout === 'template' ? TEMPLATE : undefined });
    const ch = channelOf(result, layout === 'dahua' ? '001' : 'gate');
    const expected = trueGaps(written, now - 24 * H, now, 300_000);
    const seconds = (g: { start: number; end: number }) => Math.round((g.end - g.start) / 1000);
    expect(ch.gaps.map((g) => [g.start, g.seconds])).toEqual(expected.map((g) => [g.start, seconds(g)]));
    expect(ch.verdict).toBe(expected.length > 0 ? 'fail' : 'pass');
    if (layout === 'frigate-legacy' && season === 'autumn') {
      // the repeated hour's second pass: Frigate kept the first pass's files and dropped these
      expect(expected).toEqual([{ start: at, end: at + H }]);
    } else {
      expect(expected).toEqual([]);
    }
    expect(result.problems).toEqual([]);
  });
});

describe('wall times around clock changes', () => {
  it('names both instants of a repeated hour, first pass first, and one for a skipped hour', () => {
    expect(wallToInstants({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toEqual([Date.parse('2026-10-25T00:30:00Z'), Date.parse('2026-10-25T01:30:00Z')]);
    expect(wallToInstants({ year: 2026, month: 11, day: 1, hour: 1, minute: 15, second: 0 }, 'America/New_York')).toEqual([Date.parse('2026-11-01T05:15:00Z'), Date.parse('2026-11-01T06:15:00Z')]);
    // 02:30 never happened in Berlin on 2026-03-29: read with the offset before the jump (01:30Z)
    expect(wallToInstants({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 }, 'Europe/Berlin')).toEqual([Date.parse('2026-03-29T01:30:00Z')]);
    expect(wallToInstants({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 }, 'Europe/Berlin')).toEqual([Date.parse('2026-03-29T01:00:00Z')]);
    // a zone that turns its clock back half an hour (Lord Howe Island, 2026-04-05 02:00 -> 01:30)
    expect(wallToInstants({ year: 2026, month: 4, day: 5, hour: 1, minute: 45, second: 0 }, 'Australia/Lord_Howe')).toHaveLength(2);
    expect(wallToInstants({ year: 2026, month: 4, day: 5, hour: 1, minute: 15, second: 0 }, 'Australia/Lord_Howe')).toHaveLength(1);
  });

  it('places a segment of the repeated hour by its mtime, and says when it cannot', () => {
    const first = Date.parse('2026-10-25T00:30:00Z');
    const second = first + H;
    const p = { channel: 'gate', start: first, startLater: second };
    // ten-second segments: written ten seconds after their start
    expect(placeSegment(p, first + 10_000)).toEqual({ start: first, guessed: false });
    expect(placeSegment(p, second + 10_000)).toEqual({ start: second, guessed: false });
    // hour-long segments: the first pass's mtime falls where the second starts; the folder's usual length tells
    expect(placeSegment(p, second + 500, H)).toEqual({ start: first, guessed: false });
    expect(placeSegment(p, second + H, H)).toEqual({ start: second, guessed: false });
    // a copy: the mtime says nothing; the first pass, counted as a guess
    expect(placeSegment(p, second + 30 * 86_400_000)).toEqual({ start: first, guessed: true });
  });
});
