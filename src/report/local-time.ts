/**
 * Times as people on site read them: the wall clock of the zone the recorders keep (--tz), with the zone and
 * its offset said once, instead of UTC ISO strings.
 */

/** `2026-11-28 16:00` in `zone`. */
export function localMinute(ms: number, zone = 'UTC'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** `Asia/Shanghai, UTC+08:00`: the zone and its offset at `ms`. */
export function zoneText(ms: number, zone = 'UTC'): string {
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const utc = offset === 'GMT' ? 'UTC+00:00' : offset.replace('GMT', 'UTC');
  return zone === 'UTC' ? 'UTC' : `${zone}, ${utc}`;
}

/** `2026-11-28 16:00 (Asia/Shanghai, UTC+08:00)` */
export function localTime(ms: number, zone = 'UTC'): string {
  return `${localMinute(ms, zone)} (${zoneText(ms, zone)})`;
}
