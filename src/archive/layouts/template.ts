/**
 * A user's own pattern, e.g. `{channel}/{YYYY}{MM}{DD}/{hh}{mm}{ss}.mp4`, read in --tz. Tokens:
 * {channel} (one folder or name part), {YYYY} {MM} {DD} {hh} {mm} {ss} {fff} (fraction), {epoch}
 * (Unix seconds), {*} (anything within one name). Everything else must match literally.
 */
import { InputError } from '../../errors.ts';
import { wallToInstants } from '../time.ts';
import { channelName, type Layout } from './types.ts';

const TOKENS: Record<string, string> = {
  channel: '(?<channel>[^/]+?)',
  YYYY: '(?<YYYY>\\d{4})',
  MM: '(?<MM>\\d{2})',
  DD: '(?<DD>\\d{2})',
  hh: '(?<hh>\\d{2})',
  mm: '(?<mm>\\d{2})',
  ss: '(?<ss>\\d{2})',
  fff: '(?<fff>\\d{1,6})',
  epoch: '(?<epoch>\\d{9,11})',
  '*': '[^/]*?',
};

export function isTemplate(text: string): boolean {
  return text.includes('{');
}

export function templateLayout(pattern: string): Layout {
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
    if (!re) throw new InputError(`--layout ${pattern}: unknown token {${token}}; expected one of ${Object.keys(TOKENS).map((t) => `{${t}}`).join(' ')}`);
    if (token !== '*' && seen.has(token)) {
      source += `\\k<${token}>`;
    } else {
      source += re;
      seen.add(token);
    }
    rest = rest.slice(close + 1);
  }
  if (!seen.has('channel')) throw new InputError(`--layout ${pattern}: a template needs {channel}`);
  const hasWall = ['YYYY', 'MM', 'DD', 'hh', 'mm', 'ss'].every((t) => seen.has(t));
  if (!hasWall && !seen.has('epoch')) {
    throw new InputError(`--layout ${pattern}: a template needs a time: {YYYY}{MM}{DD} {hh}{mm}{ss}, or {epoch}`);
  }
  const regex = new RegExp(`^${source}$`);
  return {
    name: `template:${pattern}`,
    zone: 'local',
    parse(parts, zone) {
      const m = regex.exec(parts.join('/'));
      if (!m?.groups) return undefined;
      const g = m.groups;
      const ms = g.fff ? Math.floor(Number(`0.${g.fff}`) * 1000) : 0;
      const starts = g.epoch
        ? [Number(g.epoch) * 1000 + ms]
        : wallToInstants({ year: +g.YYYY!, month: +g.MM!, day: +g.DD!, hour: +g.hh!, minute: +g.mm!, second: +g.ss!, millisecond: ms }, zone);
      return starts === undefined ? undefined : { channel: channelName(g.channel!), start: starts[0]!, ...(starts.length > 1 ? { startLater: starts[1] } : {}) };
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
