/** Which rule applies to a channel: the first map entry whose pattern matches its name, else the default. */
import type { Rule, RuleMap } from './model.ts';

function globToRegExp(pattern: string): RegExp {
  const body = pattern.normalize('NFC').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'u');
}

export function ruleFor(channel: string, map: RuleMap): { rule: Rule; installed?: number } {
  for (const entry of map.entries) {
    if (globToRegExp(entry.pattern).test(channel)) return { rule: entry.rule, installed: entry.installed };
  }
  return { rule: map.default };
}
