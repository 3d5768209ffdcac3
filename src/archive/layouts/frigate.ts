/**
 * Frigate >= 0.12: recordings/YYYY-MM-DD/HH/<camera>/MM.SS.mp4, in UTC, 10-second segments.
 * Frigate <= 0.11: recordings/YYYY-MM/DD/HH/<camera>/MM.SS.mp4, in local time.
 */
import { wallToInstant, wallToInstants } from '../time.ts';
import { channelName, type Layout, startsAt } from './types.ts';

const FILE = /^(\d{2})\.(\d{2})\.mp4$/;

export const frigate: Layout = {
  name: 'frigate',
  zone: 'utc',
  parse(parts, zone) {
    return parts.length === 4 ? this.folder!(parts.slice(0, 3), zone)?.(parts[3]!) : undefined;
  },
  folder(parts) {
    if (parts.length !== 3) return undefined;
    const [day, hour, camera] = parts as [string, string, string];
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!d || !/^\d{2}$/.test(hour)) return undefined;
    const base = wallToInstant({ year: +d[1]!, month: +d[2]!, day: +d[3]!, hour: +hour, minute: 0, second: 0 }, 'UTC');
    if (base === undefined) return undefined;
    const channel = channelName(camera);
    return (file) => {
      const f = FILE.exec(file);
      if (!f) return undefined;
      const minute = +f[1]!;
      const second = +f[2]!;
      // as wallToInstant: minutes and seconds past 59 name no time
      return minute > 59 || second > 59 ? undefined : { channel, start: base + (minute * 60 + second) * 1000 };
    };
  },
};

export const frigateLegacy: Layout = {
  name: 'frigate-legacy',
  zone: 'local',
  parse(parts, zone) {
    if (parts.length !== 5) return undefined;
    const [month, day, hour, camera, file] = parts as [string, string, string, string, string];
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    const f = FILE.exec(file);
    if (!m || !/^\d{2}$/.test(day) || !/^\d{2}$/.test(hour) || !f) return undefined;
    const starts = wallToInstants({ year: +m[1]!, month: +m[2]!, day: +day, hour: +hour, minute: +f[1]!, second: +f[2]! }, zone);
    return starts === undefined ? undefined : { channel: channelName(camera), ...startsAt(starts) };
  },
};
