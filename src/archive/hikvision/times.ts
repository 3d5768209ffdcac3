/**
 * A Hikvision index's wall-clock seconds as instants, in the device's zone (`--tz`), as every other
 * local-time layout is read. The hour the clock repeats in autumn names two instants; the index's own order
 * says which: records of a container are written one after another, so a record is placed at the first of
 * its instants that does not go back before the record written before it. Pure.
 */
import { wallToInstants } from '../time.ts';
import type { IndexSegment } from './index-file.ts';

export interface PlacedSegment extends IndexSegment {
  start: number;
  end: number;
}

/** Instants of the records; a record whose wall time names no instant (an impossible date) is dropped and counted. */
export function placeSegments(segments: IndexSegment[], zone: string): { placed: PlacedSegment[]; impossible: number } {
  const placed: PlacedSegment[] = [];
  let impossible = 0;
  let before: { container: number; start: number } | undefined;
  for (const s of segments) {
    const starts = instants(s.startWall, s.startMicros, zone);
    const ends = instants(s.endWall, s.endMicros, zone);
    if (!starts || !ends) {
      impossible++;
      continue;
    }
    const floor = before && before.container === s.container ? before.start : -Infinity;
    const start = starts.find((t) => t >= floor) ?? starts[0]!;
    const end = ends.find((t) => t >= start) ?? ends.at(-1)!;
    placed.push({ ...s, start, end });
    before = { container: s.container, start };
  }
  return { placed, impossible };
}

function instants(wallSeconds: number, micros: number, zone: string): number[] | undefined {
  const d = new Date(wallSeconds * 1000);
  const ms = Math.floor(Math.min(micros, 999_999) / 1000);
  return wallToInstants({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: ms }, zone);
}

