/**
 * Shinobi: videos/<groupKey>/<monitorId>/YYYY-MM-DDTHH-MM-SS.mp4 (ShinobiSystems/Shinobi camera.js, the
 * segment muxer's strftime name), in the server's local time (--tz). A monitor records events or
 * continuously; the layout defaults to event mode (gaps expected), a rule says otherwise.
 */
import { wallToInstants } from '../time.ts';
import { channelName, type Layout, startsAt } from './types.ts';

const FILE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(mp4|webm|mkv)$/;

export const shinobi: Layout = {
  name: 'shinobi',
  zone: 'local',
  mode: 'event',
  parse(parts, zone) {
    const p = parts[0] === 'videos' ? parts.slice(1) : parts;
    if (p.length !== 3) return undefined;
    const [group, monitor, file] = p as [string, string, string];
    const f = FILE.exec(file);
    if (!f) return undefined;
    const starts = wallToInstants({ year: +f[1]!, month: +f[2]!, day: +f[3]!, hour: +f[4]!, minute: +f[5]!, second: +f[6]! }, zone);
    return starts && { channel: channelName(`${group}/${monitor}`), ...startsAt(starts) };
  },
};
