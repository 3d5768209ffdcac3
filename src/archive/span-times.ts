/**
 * Start and end read from a name that carries both (Dahua's HH.MM.SS-HH.MM.SS, exported start_end clips),
 * in local time. Pure.
 *
 * An end that does not follow its start on the same day is the next day's only when that makes a short
 * segment (23.00.00-00.10.00): otherwise (02.50.00-02.50.00 from a clock change or a zero-length file) the
 * end is unknown and the file's mtime or a probe decides, rather than a day-long segment hiding an outage.
 */
import type { ParsedSegment } from './layouts/types.ts';
import { DAY_MS, wallToInstants, type WallTime } from './time.ts';

/** the longest a segment may run past midnight for its end to be read as the next day's */
const WRAP_MAX_MS = 6 * 3_600_000;

type Times = Pick<ParsedSegment, 'start' | 'end' | 'startLater' | 'endLater' | 'wallLengthMs'>;

export function spanTimes(from: WallTime, to: WallTime, zone: string, wrapsPastMidnight: boolean): Times | undefined {
  const starts = wallToInstants(from, zone);
  const sameDay = wallToInstants(to, zone);
  if (!starts || !sameDay) return undefined;
  const asUtc = (t: WallTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond ?? 0);
  let wallLength = asUtc(to) - asUtc(from);
  const out: Times = { start: starts[0]! };
  // ends after the earliest start: a clock turned back in the middle of a file still ends after it began
  let ends = sameDay.filter((e) => e > starts[0]!);
  if (ends.length === 0 && wrapsPastMidnight) {
    const next = new Date(Date.UTC(to.year, to.month - 1, to.day + 1));
    const nextDay = wallToInstants({ ...to, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, zone) ?? [];
    ends = nextDay.filter((e) => e > starts[starts.length - 1]! && e - starts[starts.length - 1]! <= WRAP_MAX_MS);
    wallLength += DAY_MS;
  }
  if (ends.length > 0) out.end = ends[0];
  // only a name in an hour that repeats needs its second reading and its wall length (archive/fold.ts)
  if (starts.length > 1 || ends.length > 1) {
    out.startLater = starts[1];
    out.endLater = ends[1];
    out.wallLengthMs = wallLength;
  }
  return out;
}
