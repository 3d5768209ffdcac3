/**
 * Dahua, in the trees its devices write, local time:
 *   SD card, export:  YYYY-MM-DD/<ch3>/dav/HH/HH.MM.SS-HH.MM.SS[R|M|A][0@0][0].dav (or .mp4)
 *   NAS, FTP upload:  <device>/YYYY-MM-DD/<ch3>/dav/HH/...   the device folder (a serial number or name) is
 *                     the recorder, `001` its channel
 *   NVR disk:         YYYY-MM-DD/000/dav/11/1/1/589005/11.00.00-12.00.00[R][0@0][0].dav: more numbered levels
 *                     between the hour and the file (a device response quoted in expertisesolutions/
 *                     gst-dmsssrc src/gstdmsssrc.c)
 * The name carries start and end (archive/span-times.ts reads them, clock changes included).
 */
import { spanTimes } from '../span-times.ts';
import { channelName, type Layout } from './types.ts';

const FILE = /^(\d{2})\.(\d{2})\.(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\[[A-Z]\])?(?:\[\d+@\d+\])?(?:\[\d+\])?\.(dav|mp4)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const dahua: Layout = {
  name: 'dahua',
  zone: 'local',
  parse(parts, zone) {
    const k = parts.findIndex((p, i) => i >= 2 && p.toLowerCase() === 'dav');
    // at most one folder (the device) before the date; numbered NVR levels between the hour and the file
    if (k < 2 || k > 3 || parts.length < k + 3) return undefined;
    const device = k === 3 ? parts[0]! : undefined;
    const d = DATE.exec(parts[k - 2]!);
    const ch = parts[k - 1]!;
    const hour = parts[k + 1]!;
    const f = FILE.exec(parts[parts.length - 1]!);
    const levels = parts.slice(k + 2, -1);
    if (!d || !/^\d{3}$/.test(ch) || !/^\d{2}$/.test(hour) || !f || !levels.every((l) => /^\d+$/.test(l))) return undefined;
    const date = { year: +d[1]!, month: +d[2]!, day: +d[3]! };
    const times = spanTimes({ ...date, hour: +f[1]!, minute: +f[2]!, second: +f[3]! }, { ...date, hour: +f[4]!, minute: +f[5]!, second: +f[6]! }, zone, true);
    return times && { channel: channelName(ch), ...(device === undefined ? {} : { recorder: channelName(device) }), ...times };
  },
};
