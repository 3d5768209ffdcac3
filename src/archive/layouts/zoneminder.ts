/**
 * ZoneMinder events (src/zm_event.cpp, Event::SetPath and the video file's name), in the server's local
 * time (--tz), event recording (gaps expected; a rule says otherwise):
 *   Deep:   <monitorId>/YY/MM/DD/HH/MM/SS/<eventId>-video[.<codec>].<container>  the event's start from the folders
 *   Medium: <monitorId>/YYYY-MM-DD/<eventId>/<eventId>-video.<codec>.<container> (the default scheme): the
 *           folders say only the day, so the start is the file's end (its mtime: ZoneMinder closes the file
 *           when the event ends) less its length, read from the file's header when the scan lists it
 * Either way the event's length comes from the video (its mtime, or a probe). ZoneMinder writes fragmented MP4
 * (`frag_keyframe+empty_moov`, zm_videostore.cpp at 1.36.33 line 524), whose mvhd says no length: the
 * header reader sums the fragments' sample durations (probe/mp4-header.ts).
 */
import { wallToInstants } from '../time.ts';
import { channelName, type Layout, startsAt } from './types.ts';

/**
 * `<eventId>-video.<codec>.<container>` since 1.37/1.38, `<eventId>-video.mp4` in 1.32-1.36 (zm_event.cpp at
 * tag 1.34.26 line 203, 1.36.33 line 685): an upgraded archive holds both.
 */
const VIDEO = /^(\d+)-video(?:\.[a-z0-9]+)?\.(mp4|mkv)$/i;
const TWO = /^\d{2}$/;

export const zoneminder: Layout = {
  name: 'zoneminder',
  zone: 'local',
  mode: 'event',
  parse(parts, zone) {
    const monitor = parts[0];
    const file = parts[parts.length - 1]!;
    const v = VIDEO.exec(file);
    if (!monitor || !/^\d+$/.test(monitor) || !v) return undefined;
    if (parts.length === 8 && parts.slice(1, 7).every((p) => TWO.test(p))) {
      const [yy, mm, dd, h, m, s] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const starts = wallToInstants({ year: 2000 + yy, month: mm, day: dd, hour: h, minute: m, second: s }, zone);
      return starts && { channel: channelName(monitor), ...startsAt(starts) };
    }
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(parts[1] ?? '');
    if (parts.length === 4 && day && parts[2] === v[1]) {
      const dayStart = wallToInstants({ year: +day[1]!, month: +day[2]!, day: +day[3]!, hour: 0, minute: 0, second: 0 }, zone);
      return dayStart && { channel: channelName(monitor), start: dayStart[0]!, startFromLength: true };
    }
    return undefined;
  },
};
