/** Options shared by several commands, and their parsing. */
import { hostname } from 'node:os';
import { Option } from 'commander';
import { InputError } from '../src/errors.ts';
import { LANGS, type Lang } from '../src/report/i18n.ts';
import type { UnitSystem } from '../src/units/format.ts';

/** The user's language: --lang, else VSTOR_LANG or LANG (zh_CN.UTF-8 -> zh), else English. */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const raw = (env.VSTOR_LANG || env.LC_ALL || env.LANG || '').toLowerCase();
  return raw.startsWith('zh') ? 'zh' : 'en';
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'language of the output: en or zh').choices(LANGS);
}

export function unitsOption(): Option {
  return new Option('--units <units>', 'size units: si (TB, decimal) or iec (TiB, binary)').choices(['si', 'iec']).default('si');
}

export function pickFormat<F extends string>(opts: { format?: string; json?: boolean }, allowed: readonly F[], fallback: F): F {
  if (opts.json) {
    if (opts.format && opts.format !== 'json') throw new InputError(`--json: conflicts with --format ${opts.format}`);
    return 'json' as F;
  }
  const format = (opts.format ?? fallback) as F;
  if (!allowed.includes(format)) throw new InputError(`--format: expected one of ${allowed.join(', ')}, got "${format}"`);
  return format;
}

export interface ViewOptions {
  lang?: Lang;
  units?: UnitSystem;
}

/** This node's name in the documents it writes: VSTOR_HOST, else the machine's host name. */
export function nodeName(): string {
  return process.env.VSTOR_HOST?.trim() || hostname();
}

/** commander's reducer for a repeatable option */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
