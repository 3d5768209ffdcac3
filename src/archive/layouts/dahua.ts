/**
 * Dahua SD card / FTP / NVR export: YYYY-MM-DD/<ch3>/dav/HH/HH.MM.SS-HH.MM.SS[R|M|A][0@0][0].dav (or .mp4),
 * local time. The name carries start and end (archive/span-times.ts reads them, clock changes included).
 */
import { spanTimes } from '../span-times.ts';
import { channelName, type Layout } from './types.ts';

const FILE = /^(\d{2})\.(\d{2})\.(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\[[A-Z]\])?(?:\[\d+@\d+\])?(?:\[\d+\])?\.(dav|mp4)$/i;

export const dahua: Layout = {
  name: 'dahua',
  zone: 'local',
  parse(parts, zone) {
    if (parts.length !== 5) return undefined;
    const [day, ch, dav, hour, file] = parts as [string, string, string, string, string];
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    const f = FILE.exec(file);
    if (!d || !/^\d{3}$/.test(ch) || dav.toLowerCase() !== 'dav' || !/^\d{2}$/.test(hour) || !f) return undefined;
    const date = { year: +d[1]!, month: +d[2]!, day: +d[3]! };
    const times = spanTimes({ ...date, hour: +f[1]!, minute: +f[2]!, second: +f[3]! }, { ...date, hour: +f[4]!, minute: +f[5]!, second: +f[6]! }, zone, true);
    return times && { channel: channelName(ch), ...times };
  },
};
