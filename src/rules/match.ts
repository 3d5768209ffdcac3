/** Which rule applies to a channel: the first map entry whose pattern matches its name, else the default. */
import type { Rule, RuleMap } from './model.ts';

function globToRegExp(pattern: string): RegExp {
  const body = pattern.normalize('NFC').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'u');
}

/** each map's patterns compiled once, not once a channel a call */
const compiled = new WeakMap<RuleMap, RegExp[]>();

function patternsOf(map: RuleMap): RegExp[] {
  let patterns = compiled.get(map);
  if (!patterns) compiled.set(map, (patterns = map.entries.map((e) => globToRegExp(e.pattern))));
  return patterns;
}

export function ruleFor(channel: string, map: RuleMap): { rule: Rule; installed?: number } {
  const patterns = patternsOf(map);
  const i = patterns.findIndex((p) => p.test(channel));
  if (i < 0) return { rule: map.default };
  const entry = map.entries[i]!;
  return { rule: entry.rule, installed: entry.installed };
}
