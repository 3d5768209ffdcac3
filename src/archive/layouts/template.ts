/**
 * A user's own pattern, e.g. `{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4`, read in --tz unless it carries
 * its own zone. Tokens:
 *   {channel}    one folder or name part          {channel+}  a channel name that may span folders (cam/main)
 *   {recorder}   a folder naming the recorder     {*}         anything within one name
 *   {YYYY} {YY}  year (YY: 2000 + YY)             {MM} {DD}   month, day
 *   {hh} {mm} {ss}  hour, minute, second          {fff}       a fraction of a second, 1 to 6 digits
 *   {epoch}      Unix seconds, with an optional fraction (1638447323 or 1638447323.567324)
 *   {z}          a UTC offset or Z (+0800, -03:30, Z): the time is then read in that offset, not --tz
 * Everything else must match literally. MediaMTX's own recordPath (`%path/%Y-%m-%d_%H-%M-%S-%f`, from
 * bluenviron/mediamtx internal/recordstore/path.go) is read by turning it into a template.
 */
import { InputError } from '../../errors.ts';
import { offsetMinutes, wallToInstants } from '../time.ts';
import { channelName, type Layout, startsAt } from './types.ts';

const TOKENS: Record<string, string> = {
  channel: '(?<channel>[^/]+?)',
  'channel+': '(?<channel>.+?)',
  recorder: '(?<recorder>[^/]+?)',
  YYYY: '(?<YYYY>\\d{4})',
  YY: '(?<YY>\\d{2})',
  MM: '(?<MM>\\d{2})',
  DD: '(?<DD>\\d{2})',
  hh: '(?<hh>\\d{2})',
  mm: '(?<mm>\\d{2})',
  ss: '(?<ss>\\d{2})',
  fff: '(?<fff>\\d{1,6})',
  epoch: '(?<epoch>\\d{9,11})(?:\\.(?<epochfrac>\\d{1,6}))?',
  z: '(?<z>Z|[+-]\\d{2}:?\\d{2})',
  '*': '[^/]*?',
  // what a MediaMTX recordPath leaves to the recorder: the container's extension
  'media-ext': '(?:mp4|ts)',
};

export function isTemplate(text: string): boolean {
  return text.includes('{');
}

/** A MediaMTX recordPath as a template: %path may hold slashes; MediaMTX adds .mp4 or .ts itself. */
export function mediamtxTemplate(recordPath: string): string {
  const map: Record<string, string> = { '%path': '{channel+}', '%Y': '{YYYY}', '%m': '{MM}', '%d': '{DD}', '%H': '{hh}', '%M': '{mm}', '%S': '{ss}', '%f': '{fff}', '%z': '{z}', '%s': '{epoch}' };
  const body = recordPath.replace(/^\.\//, '').replace(/^recordings\//, '').replace(/%path|%[YmdHMSfzs]/g, (t) => map[t]!);
  if (!body.includes('{channel+}')) throw new InputError(`--layout mediamtx:${recordPath}: a recordPath needs %path`);
  return `${body}.{media-ext}`;
}

export function templateLayout(pattern: string, name = `template:${pattern}`): Layout {
  const seen = new Set<string>();
  let source = '';
  let rest = pattern.replace(/^\/+/, '');
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      source += escape(rest);
      break;
    }
    source += escape(rest.slice(0, open));
    const close = rest.indexOf('}', open);
    if (close < 0) throw new InputError(`--layout ${pattern}: unclosed "{"`);
    const token = rest.slice(open + 1, close);
    const re = TOKENS[token];
    if (!re) throw new InputError(`--layout ${pattern}: unknown token {${token}}; expected one of ${Object.keys(TOKENS).filter((t) => t !== 'media-ext').map((t) => `{${t}}`).join(' ')}`);
    const group = token === 'channel+' ? 'channel' : token;
    if (token !== '*' && token !== 'media-ext' && seen.has(group)) {
      source += `\\k<${group}>`;
    } else {
      source += re;
      seen.add(group);
    }
    rest = rest.slice(close + 1);
  }
  if (!seen.has('channel')) throw new InputError(`--layout ${pattern}: a template needs {channel}`);
  const hasWall = (seen.has('YYYY') || seen.has('YY')) && ['MM', 'DD', 'hh', 'mm', 'ss'].every((t) => seen.has(t));
  if (!hasWall && !seen.has('epoch')) {
    throw new InputError(`--layout ${pattern}: a template needs a time: {YYYY}{MM}{DD} {hh}{mm}{ss}, or {epoch}`);
  }
  const regex = new RegExp(`^${source}$`);
  return {
    name,
    zone: seen.has('epoch') || seen.has('z') ? 'utc' : 'local',
    parse(parts, zone) {
      const m = regex.exec(parts.join('/'));
      if (!m?.groups) return undefined;
      const g = m.groups;
      const channel = channelName(g.channel!);
      const recorder = g.recorder === undefined ? {} : { recorder: channelName(g.recorder) };
      // MediaMTX's %s.%f: the fraction may come as its own token after the seconds
      if (g.epoch) return { channel, ...recorder, start: Number(g.epoch) * 1000 + fraction(g.epochfrac ?? g.fff) };
      const wall = { year: g.YYYY ? +g.YYYY : 2000 + +g.YY!, month: +g.MM!, day: +g.DD!, hour: +g.hh!, minute: +g.mm!, second: +g.ss!, millisecond: fraction(g.fff) };
      if (g.z) {
        const off = g.z === 'Z' ? 0 : offsetMinutes(g.z);
        const utc = wallToInstants(wall, 'UTC')?.[0];
        return off === undefined || utc === undefined ? undefined : { channel, ...recorder, start: utc - off * 60_000 };
      }
      const starts = wallToInstants(wall, zone);
      return starts === undefined ? undefined : { channel, ...recorder, ...startsAt(starts) };
    },
  };
}

/** "123" -> 123 ms, "567324" -> 567 ms (whole milliseconds, truncated) */
function fraction(digits: string | undefined): number {
  return digits ? Math.floor(Number(`0.${digits}`) * 1000) : 0;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
