/**
 * Rule files and rule maps (YAML or JSON). A rule file names one rule; a rule map (a file with `channels:`)
 * maps channel-name patterns to rules, each a preset name, a file, or written inline. Every error names
 * the file, the line and the field.
 */
import { rejectUnknown } from '../config/fields.ts';
import { isMapping, MapFields, parseYamlFile, withLines, type Path, type YamlFile } from '../config/yaml-fields.ts';
import { parseDuration, parseNow } from '../audit/policy.ts';
import { expected, InputError } from '../errors.ts';
import { parseBitrate, parseCount, parsePercent } from '../units/parse.ts';
import { CODEC_NAMES, codecName, parseWxH } from '../units/media.ts';
import type { Rule, RuleMap, RuleMapEntry } from './model.ts';

export const RULE_FIELDS = ['name', 'title', 'titleZh', 'source', 'sourceZh', 'clause', 'retentionDays', 'maxGap', 'staleAfter', 'mode', 'minResolution', 'minFrameRate', 'codecs', 'plannedBitrate', 'bitrateTolerance'];
const MAP_FIELDS = ['name', 'default', 'channels'];
const ENTRY_FIELDS = ['match', 'rule', 'installed'];


function str(f: MapFields, key: string): string | undefined {
  if (!f.has(key)) return undefined;
  const v = f.get(key);
  if (typeof v !== 'string' && typeof v !== 'number') throw expected(f.label(key), v, 'text');
  return String(v);
}

/** A rule from a mapping of fields (a rule file, or a rule written inline in a map). */
export function ruleFromFields(f: MapFields, fallbackName: string): Rule {
  rejectUnknown(f, RULE_FIELDS);
  if (!f.has('retentionDays')) throw new InputError(`${f.label('retentionDays')}: missing; a rule needs its retention in days`);
  const mode = str(f, 'mode') ?? 'continuous';
  if (mode !== 'continuous' && mode !== 'event') throw expected(f.label('mode'), mode, 'continuous or event');
  const rule: Rule = {
    name: str(f, 'name') ?? fallbackName,
    title: str(f, 'title'),
    ...(f.has('titleZh') ? { titleZh: str(f, 'titleZh') } : {}),
    source: str(f, 'source'),
    ...(f.has('sourceZh') ? { sourceZh: str(f, 'sourceZh') } : {}),
    clause: str(f, 'clause'),
    retentionDays: parseCount(f.label('retentionDays'), str(f, 'retentionDays')!),
    maxGapSeconds: parseDuration(f.label('maxGap'), str(f, 'maxGap') ?? '5m'),
    // event recording stops for hours when nothing moves: a day without footage is what is stale there
    staleAfterSeconds: parseDuration(f.label('staleAfter'), str(f, 'staleAfter') ?? (mode === 'event' ? '1d' : '1h')),
    mode,
    stream: {},
  };
  const res = str(f, 'minResolution');
  if (res !== undefined) {
    const size = parseWxH(res);
    if (!size) throw expected(f.label('minResolution'), res, 'a resolution as WxH, e.g. 1920x1080');
    rule.stream.minWidth = size.width;
    rule.stream.minHeight = size.height;
  }
  const fps = str(f, 'minFrameRate');
  if (fps !== undefined) {
    const n = Number(fps);
    if (!Number.isFinite(n) || n <= 0) throw expected(f.label('minFrameRate'), fps, 'frames a second above zero, e.g. 25');
    rule.stream.minFps = n;
  }
  if (f.has('codecs')) {
    const raw = f.get('codecs');
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
    if (!list || list.length === 0) throw expected(f.label('codecs'), raw, `a list of codecs: ${Object.keys(CODEC_NAMES).join(', ')}`);
    rule.stream.codecs = list.map((c) => {
      const name = codecName(String(c));
      if (!name) throw expected(f.label('codecs'), c, `a codec: ${Object.keys(CODEC_NAMES).join(', ')}`);
      return name;
    });
  }
  const planned = str(f, 'plannedBitrate');
  if (planned !== undefined) rule.stream.plannedBitrateBps = parseBitrate(f.label('plannedBitrate'), planned).bps.toNumber();
  const tolerance = str(f, 'bitrateTolerance');
  if (tolerance !== undefined) rule.stream.bitrateTolerance = parsePercent(f.label('bitrateTolerance'), tolerance).toNumber();
  else if (planned !== undefined) rule.stream.bitrateTolerance = 0.25;
  return rule;
}

export type RuleRef = (ref: string, label: string) => Rule;

export type RuleSource = { kind: 'rule'; rule: Rule } | { kind: 'map'; map: RuleMap };

/** Parses a rule file or a rule map. `resolve` turns a preset name or file named inside a map into a rule. */
export function parseRuleText(text: string, file: string, resolve: RuleRef): RuleSource {
  const yf = parseYamlFile(text, file);
  return withLines(yf, (): RuleSource => {
    if (!isMapping(yf.data)) throw new InputError(`${file}:1: expected a rule (retentionDays, ...) or a rule map (channels: ...)`);
    const top = new MapFields(yf, []);
    if (!top.has('channels')) return { kind: 'rule', rule: ruleFromFields(top, file) };
    rejectUnknown(top, MAP_FIELDS);
    return { kind: 'map', map: parseMap(yf, top, resolve) };
  });
}

function ruleOf(yf: YamlFile, path: Path, resolve: RuleRef, f: MapFields, key: string): Rule {
  if (isMapping(yf.at([...path, key]))) return ruleFromFields(new MapFields(yf, [...path, key]), `${yf.file}:${path.join('.')}`);
  const ref = str(f, key);
  if (ref === undefined) throw new InputError(`${f.label(key)}: missing; expected a preset name, a rule file or a rule written inline`);
  return resolve(ref, f.label(key));
}

function parseMap(yf: YamlFile, top: MapFields, resolve: RuleRef): RuleMap {
  const channels = yf.at(['channels']);
  if (!Array.isArray(channels)) throw new InputError(`${top.label('channels')}: expected a list of { match, rule, installed }`);
  const entries: RuleMapEntry[] = channels.map((item: unknown, i) => {
    const f = new MapFields(yf, ['channels', i]);
    if (!isMapping(item)) throw new InputError(`${f.where()} channels[${i}]: expected a mapping with match and rule`);
    rejectUnknown(f, ENTRY_FIELDS);
    const pattern = str(f, 'match');
    if (!pattern) throw new InputError(`${f.label('match')}: missing; expected a channel name or pattern such as school_*`);
    const installedText = str(f, 'installed');
    let installed: number | undefined;
    if (installedText !== undefined) {
      try {
        installed = parseNow(installedText);
      } catch {
        throw expected(f.label('installed'), installedText, 'a date such as 2026-10-01');
      }
    }
    return { pattern, rule: ruleOf(yf, ['channels', i], resolve, f, 'rule'), installed };
  });
  const def = top.has('default') ? ruleOf(yf, [], resolve, top, 'default') : undefined;
  if (!def) throw new InputError(`${top.label('default')}: missing; a rule map needs a default rule for channels no pattern matches`);
  return { default: def, entries };
}
