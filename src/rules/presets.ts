/** Presets shipped with vstor (src/rules/presets/*.yaml), and turning `--rule NAME|FILE` into rules. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.ts';
import type { Rule, RuleMap } from './model.ts';
import { parseRuleText, type RuleSource } from './parse.ts';

/** The package's folder, found from this module: it runs from src/rules/ or, bundled, from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const PRESETS = join(packageRoot(), 'src', 'rules', 'presets');

export function presetNames(): string[] {
  return readdirSync(PRESETS)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function readSource(ref: string, label: string): RuleSource {
  const preset = join(PRESETS, `${ref}.yaml`);
  const isPreset = /^[a-z0-9-]+$/.test(ref) && existsSync(preset);
  const file = isPreset ? preset : ref;
  if (!isPreset && (!existsSync(file) || !statSync(file).isFile())) {
    throw new InputError(`${label} ${ref}: no such preset or file; presets: ${presetNames().join(', ')}`);
  }
  return parseRuleText(readFileSync(file, 'utf8'), isPreset ? `preset ${ref}` : file, (inner, innerLabel) => loadRule(inner, innerLabel));
}

/** A single rule (a preset or a rule file); a rule map is refused where one rule is needed. */
export function loadRule(ref: string, label = '--rule'): Rule {
  const src = readSource(ref, label);
  if (src.kind === 'map') throw new InputError(`${label} ${ref}: is a rule map; expected one rule here`);
  return src.rule;
}

/** `--rule NAME|FILE` for audits: a rule applies to every channel; a map picks one per channel. */
export function loadRuleMap(ref: string, label = '--rule'): RuleMap {
  const src = readSource(ref, label);
  return src.kind === 'map' ? src.map : { default: src.rule, entries: [] };
}
