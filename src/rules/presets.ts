/** Presets shipped with vstor (src/rules/presets/*.yaml), and turning `--rule NAME|FILE` into rules. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { Rule, RuleMap } from './model.ts';
import { parseRuleText, type RuleSource } from './parse.ts';

/** The package's folder, found from this module: it runs from src/rules/ or, bundled, from dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The presets' folder, found when first needed: importing this module costs no walk up the folders. */
let presetsDir: string | undefined;
function presets(): string {
  return (presetsDir ??= join(packageRoot(), 'src', 'rules', 'presets'));
}

export function presetNames(): string[] {
  return readdirSync(presets())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * A preset or a file. A file named inside a rule map is found from the map's own folder (`base`), not from
 * wherever vstor runs; `loading` holds the files being read, so a map that refers back to itself is named
 * instead of recursing until the stack overflows.
 */
function readSource(ref: string, label: string, base?: string, loading: string[] = []): RuleSource {
  const preset = join(presets(), `${ref}.yaml`);
  const isPreset = /^[a-z0-9-]+$/.test(ref) && existsSync(preset);
  const file = isPreset ? preset : base === undefined ? resolve(ref) : resolve(base, ref);
  if (!isPreset && (!existsSync(file) || !statSync(file).isFile())) {
    throw new InputError(`${label} ${ref}: no such preset or file${base === undefined ? '' : ` (looked in ${base})`}; presets: ${presetNames().join(', ')}`);
  }
  if (loading.includes(file)) throw new InputError(`${label} ${ref}: refers back to itself (${[...loading, file].join(' -> ')}); expected a rule or a preset`);
  const inner = [...loading, file];
  return parseRuleText(readFileSync(file, 'utf8'), isPreset ? `preset ${ref}` : ref, (innerRef, innerLabel) => ruleOf(readSource(innerRef, innerLabel, dirname(file), inner), innerRef, innerLabel));
}

function ruleOf(src: RuleSource, ref: string, label: string): Rule {
  if (src.kind === 'map') throw new InputError(`${label} ${ref}: is a rule map; expected one rule here`);
  return src.rule;
}

/** A single rule (a preset or a rule file); a rule map is refused where one rule is needed. */
export function loadRule(ref: string, label = '--rule'): Rule {
  return ruleOf(readSource(ref, label), ref, label);
}

/** `--rule NAME|FILE` for audits: a rule applies to every channel; a map picks one per channel. */
export function loadRuleMap(ref: string, label = '--rule'): RuleMap {
  const src = readSource(ref, label);
  return src.kind === 'map' ? src.map : { default: src.rule, entries: [] };
}
