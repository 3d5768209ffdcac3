/**
 * Dahua SD card / FTP / NVR export: YYYY-MM-DD/<ch3>/dav/HH/HH.MM.SS-HH.MM.SS[R|M|A][0@0][0].dav (or .mp4),
 * local time. The end may wrap past midnight (23.00.00-00.00.00): it is then on the next day.
 */
import { wallToInstant } from '../time.ts';
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
    const start = wallToInstant({ ...date, hour: +f[1]!, minute: +f[2]!, second: +f[3]! }, zone);
    let end = wallToInstant({ ...date, hour: +f[4]!, minute: +f[5]!, second: +f[6]! }, zone);
    if (start === undefined || end === undefined) return undefined;
    if (end <= start) end += 86_400_000;
    return { channel: channelName(ch), start, end };
  },
};
