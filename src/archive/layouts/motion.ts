/**
 * motionEye and motion, in local time (--tz), event recording by nature (the layouts default to event mode:
 * gaps expected; a rule says otherwise):
 *   motionEye: <camera>/YYYY-MM-DD/HH-MM-SS.mp4 (motioneye config.py: movie_filename
 *              '%Y-%m-%d/%H-%M-%S', under each camera's target_dir)
 *   motion:    <camera>/<event>-YYYYMMDDHHMMSS.<ext> (motion's default movie_filename '%v-%Y%m%d%H%M%S';
 *              %v is the event number; the extension follows movie_container)
 */
import { wallToInstants, type WallTime } from '../time.ts';
import { channelName, type Layout, type ParsedSegment, startsAt } from './types.ts';

const EYE = /^(\d{2})-(\d{2})-(\d{2})\.(mp4|avi|mkv|mov)$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MOTION = /^\d+-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(mp4|mkv|avi|mov|flv|webm|m4v|mpg)$/;

function at(channel: string, wall: WallTime, zone: string): ParsedSegment | undefined {
  const starts = wallToInstants(wall, zone);
  return starts && { channel: channelName(channel), ...startsAt(starts) };
}

export const motioneye: Layout = {
  name: 'motioneye',
  zone: 'local',
  mode: 'event',
  parse(parts, zone) {
    if (parts.length !== 3) return undefined;
    const [camera, day, file] = parts as [string, string, string];
    const d = DAY.exec(day);
    const f = EYE.exec(file);
    if (!d || !f) return undefined;
    return at(camera, { year: +d[1]!, month: +d[2]!, day: +d[3]!, hour: +f[1]!, minute: +f[2]!, second: +f[3]! }, zone);
  },
};

export const motion: Layout = {
  name: 'motion',
  zone: 'local',
  mode: 'event',
  parse(parts, zone) {
    if (parts.length !== 2) return undefined;
    const [camera, file] = parts as [string, string];
    const f = MOTION.exec(file);
    if (!f) return undefined;
    return at(camera, { year: +f[1]!, month: +f[2]!, day: +f[3]!, hour: +f[4]!, minute: +f[5]!, second: +f[6]! }, zone);
  },
};
