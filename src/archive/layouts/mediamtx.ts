/**
 * MediaMTX: recordPath `./recordings/%path/%Y-%m-%d_%H-%M-%S-%f` (+ .mp4 or .ts), local time. The `%z`
 * variant appends the UTC offset (+0800), the `%s` variant names the file by Unix seconds. The channel is
 * the stream path, which may hold slashes (`live/gate`).
 */
import { offsetMinutes, wallToInstant, wallToInstants } from '../time.ts';
import { channelName, type Layout, startsAt } from './types.ts';

// %Y-%m-%d_%H-%M-%S-%f, then with %z an offset or Z: MediaMTX writes `_+0200`, `_-0330`, `_Z`
// (internal/recordstore/path.go timeLocationEncode); a bare +0800 is read too
const NAME = /^(\d{4})-(\d{2})-(\d{2})_(\d{2})-(\d{2})-(\d{2})(?:-(\d{1,6}))?(?:_?(Z|[+-]\d{2}:?\d{2}))?\.(mp4|ts)$/;
const EPOCH = /^(\d{9,11})(?:\.(\d{1,6}))?\.(mp4|ts)$/;

export const mediamtx: Layout = {
  name: 'mediamtx',
  zone: 'local',
  parse(parts, zone) {
    if (parts.length < 2) return undefined;
    const file = parts[parts.length - 1]!;
    const channel = channelName(parts.slice(0, -1).join('/'));
    const e = EPOCH.exec(file);
    if (e) return { channel, start: Number(e[1]) * 1000 + Math.floor(Number(`0.${e[2] ?? '0'}`) * 1000) };
    const m = NAME.exec(file);
    if (!m) return undefined;
    const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
    const wall = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, millisecond: ms };
    if (m[8]) {
      const off = m[8] === 'Z' ? 0 : offsetMinutes(m[8]);
      const utc = wallToInstant(wall, 'UTC');
      return off === undefined || utc === undefined ? undefined : { channel, start: utc - off * 60_000 };
    }
    const starts = wallToInstants(wall, zone);
    return starts === undefined ? undefined : { channel, ...startsAt(starts) };
  },
};
