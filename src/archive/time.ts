/**
 * Wall-clock times read from file names -> UTC instants (epoch ms). Layouts that name local time need
 * an IANA zone to go from local time to an instant, which Intl alone cannot do; luxon does.
 */
import { DateTime, IANAZone } from 'luxon';
import { expected } from '../errors.ts';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

const offsets = new Map<string, number>();

/**
 * Returns epoch ms, or undefined for an impossible date (2024-02-31, hour 25). A scan reads hundreds of
 * thousands of names, so UTC goes straight through Date.UTC and a zone's offset is looked up once an hour
 * of local time (zones change offset on the hour).
 */
export function wallToInstant(t: WallTime, zone: string): number | undefined {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond ?? 0);
  if (new Date(asUtc).getUTCDate() !== t.day) return undefined;
  if (zone === 'UTC') return asUtc;
  const key = `${zone}|${t.year}-${t.month}-${t.day}-${t.hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const exact = slowWallToInstant({ ...t, minute: 0, second: 0, millisecond: 0 }, zone);
    if (exact === undefined) return undefined;
    offset = Date.UTC(t.year, t.month - 1, t.day, t.hour) - exact;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return asUtc - offset;
}

function slowWallToInstant(t: WallTime, zone: string): number | undefined {
  const dt = DateTime.fromObject(
    { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second, millisecond: t.millisecond ?? 0 },
    { zone },
  );
  if (!dt.isValid) return undefined;
  // luxon rolls a time that does not exist (inside a DST jump) forward; a real recorder never names one,
  // but an hour that repeats (DST end) is read as its first occurrence.
  return dt.toMillis();
}

/** The zone for layouts in local time: --tz, else the machine's own. */
export function resolveZone(tz: string | undefined): string {
  if (tz === undefined || tz === '') return DateTime.local().zoneName ?? 'UTC';
  if (tz.toUpperCase() === 'UTC') return 'UTC';
  if (!IANAZone.isValidZone(tz)) throw expected('--tz', tz, 'an IANA time zone such as Asia/Shanghai or UTC');
  return tz;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** "+0800" / "-0530" -> minutes east of UTC */
export function offsetMinutes(text: string): number | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
