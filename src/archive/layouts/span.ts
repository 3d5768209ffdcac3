/**
 * Exported clips named by start and end: <ch>/<ch>_YYYYMMDDhhmmss_YYYYMMDDhhmmss.<ext>, local time.
 * The same start_end naming is what Hikvision and many VMSs use when they export or back up footage.
 */
import { spanTimes } from '../span-times.ts';
import type { WallTime } from '../time.ts';
import { channelName, ext, MEDIA_EXTENSIONS, type Layout } from './types.ts';

const NAME = /^(.+)_(\d{14})_(\d{14})\.([A-Za-z0-9]+)$/;

function stamp(s: string): WallTime {
  return { year: +s.slice(0, 4), month: +s.slice(4, 6), day: +s.slice(6, 8), hour: +s.slice(8, 10), minute: +s.slice(10, 12), second: +s.slice(12, 14) };
}

export const span: Layout = {
  name: 'span',
  zone: 'local',
  parse(parts, zone) {
    if (parts.length !== 2) return undefined;
    const [folder, file] = parts as [string, string];
    const m = NAME.exec(file);
    if (!m || m[1] !== folder || !MEDIA_EXTENSIONS.has(ext(file))) return undefined;
    const times = spanTimes(stamp(m[2]!), stamp(m[3]!), zone, false);
    return times && { channel: channelName(folder), ...times };
  },
};
