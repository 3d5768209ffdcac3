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

/** A day in ms: the one constant every layer that counts days uses. */
export const DAY_MS = 86_400_000;

/** Valid UTC offsets (minutes) of a zone's local hour, larger first; cached a local hour at a time. */
const hourOffsets = new Map<string, number[] | 'exact'>();
const zones = new Map<string, IANAZone>();

/**
 * The offsets at which a wall time (given as if it were UTC, `asUtc`) exists in the zone, larger first, so
 * that the instants they give come in time order: one offset normally, two when the clock was turned back
 * over it (the hour that repeats), none when the clock jumped over it.
 */
function validOffsets(z: IANAZone, asUtc: number): number[] {
  const candidates = new Set([z.offset(asUtc - DAY_MS), z.offset(asUtc), z.offset(asUtc + DAY_MS)]);
  return [...candidates].filter((o) => z.offset(asUtc - o * 60_000) === o).sort((a, b) => b - a);
}

/**
 * The instants a wall time names: one, or two when the clock was turned back over it (the autumn hour that
 * repeats), earliest first. A wall time the clock jumped over (spring) is read with the offset from before
 * the jump, as a recorder whose clock had not yet moved on would have meant it (and as luxon reads it).
 * Undefined for an impossible date (2024-02-31, hour 25). A scan reads hundreds of thousands of names, so
 * UTC goes straight through Date.UTC and a zone's offsets are looked up once a local hour.
 */
export function wallToInstants(t: WallTime, zone: string): number[] | undefined {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond ?? 0);
  if (new Date(asUtc).getUTCDate() !== t.day) return undefined;
  if (zone === 'UTC') return [asUtc];
  let z = zones.get(zone);
  if (!z) zones.set(zone, (z = IANAZone.create(zone)));
  const key = `${zone}|${t.year}-${t.month}-${t.day}-${t.hour}`;
  let cached = hourOffsets.get(key);
  if (cached === undefined) {
    const hourStart = Date.UTC(t.year, t.month - 1, t.day, t.hour);
    const first = validOffsets(z, hourStart);
    const last = validOffsets(z, hourStart + 3_599_999);
    // a zone that changes offset inside the hour (half-hour shifts): this hour is worked out name by name
    cached = first.join() === last.join() ? first : 'exact';
    if (hourOffsets.size > 100_000) hourOffsets.clear();
    hourOffsets.set(key, cached);
  }
  const offsets = cached === 'exact' ? validOffsets(z, asUtc) : cached;
  if (offsets.length === 0) return [asUtc - z.offset(asUtc - DAY_MS) * 60_000];
  return offsets.map((o) => asUtc - o * 60_000);
}

/** The first instant a wall time names (see wallToInstants); undefined for an impossible date. */
export function wallToInstant(t: WallTime, zone: string): number | undefined {
  return wallToInstants(t, zone)?.[0];
}

/** The zone for layouts in local time: --tz, else the machine's own. */
export function resolveZone(tz: string | undefined): string {
  if (tz === undefined) return DateTime.local().zoneName ?? 'UTC';
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

/** The wall clock in `zone` at instant `t`, as a recorder stores or names it: its fields read as UTC, in ms (the inverse of wallToInstants). */
export function wallMsOf(t: number, zone: string): number {
  const d = DateTime.fromMillis(t, { zone });
  return Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond);
}
