/** `vstor plan`: how much storage to buy. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../src/errors.ts';
import type { Rule } from '../../src/rules/model.ts';
import { loadRule } from '../../src/rules/presets.ts';
import { computePlan } from '../../src/plan/compute.ts';
import { planFromFile, planFromOptions, type PlanOptions } from '../../src/plan/options.ts';
import { t } from '../../src/report/i18n.ts';
import { planDocument } from '../../src/report/plan/json.ts';
import { planSections, planTitle } from '../../src/report/plan/sections.ts';
import { renderCsv, renderMarkdown, renderText } from '../../src/report/render.ts';
import { toJson } from '../../src/report/json.ts';
import { EXIT } from '../exit.ts';
import type { IO } from '../io.ts';
import { defaultLang, langOption, pickFormat, unitsOption } from '../options.ts';

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

export function registerPlan(program: Command, io: IO): void {
  program
    .command('plan')
    .description('size the storage: bytes, disks, enclosures and bandwidth for camera groups (default: the seed\'s 1000 x 1080P x 8 Mbps x 90 days)')
    .option('--channels <n>', 'camera channels (default 1000)')
    .option('--resolution <res>', '720p, 1080p, 3mp, 4mp, 5mp, 4k or WxH (default 1080p)')
    .option('--codec <codec>', 'h264, h265 or mjpeg; sets the default bitrate (default h264)')
    .option('--bitrate <rate>', 'main-stream bitrate: 8Mbps, 8 Mbit/s, 8000kbps (default by resolution: 1080p = 8 Mbps)')
    .option('--days <n>', 'retention in days (default 90)')
    .option('--duty <pct>', 'share of time recorded, for motion/event recording (default 100%)')
    .option('--hours-per-day <h>', 'hours a day the schedule records (default 24)')
    .option('--audio <rate>', 'audio bitrate recorded with each channel')
    .option('--substream <rate>', 'bitrate of a recorded second stream')
    .option('--raid <level>', 'none, 0, 1, 5, 6 or 10 (default 6)')
    .option('--raid-group <n>', 'disks in one RAID group (default 10 for RAID 6)')
    .option('--disk <size>', 'disk size as sold, decimal: 16TB (default 16TB)')
    .option('--spares <n>', 'hot spares in all, or auto = one an enclosure (default auto)')
    .option('--overhead <pct>', 'file system + recorder overwrite reserve (default 10%)')
    .option('--bays <n>', 'disk bays an enclosure/server holds (default 24)')
    .option('--capacity <size>', 'inverse: usable capacity on hand; how many days does it hold?')
    .option('--rule <name|file>', 'take days, bitrate and resolution from a retention rule (preset or file); flags still win')
    .option('--plan <file>', 'YAML or JSON plan: several camera groups, capture groups, one storage build')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (default table)`)
    .option('--json', 'same as --format json')
    .addOption(unitsOption())
    .addOption(langOption())
    .action((opts: PlanOptions & { rule?: string; plan?: string; format?: string; json?: boolean; units: 'si' | 'iec'; lang?: 'en' | 'zh' }) => {
      const format = pickFormat(opts, FORMATS, 'table');
      const { plan: planFile, format: _f, json: _j, units, lang: langOpt, rule: ruleRef, ...rest } = opts;
      if (ruleRef !== undefined && planFile) throw new InputError(`--rule: cannot be combined with --plan; set days and bitrate on the groups in ${planFile}`);
      if (ruleRef !== undefined) Object.assign(rest, defaultsFromRule(loadRule(String(ruleRef)), rest));
      const input = planFile ? planFromFile(readPlanFile(planFile), planFile, rest) : planFromOptions(rest);
      const result = computePlan(input);
      const lang = langOpt ?? defaultLang();
      const sections = planSections(result, { lang, units });
      if (format === 'json') io.out(toJson(planDocument(result)) + '\n');
      else if (format === 'csv') io.out(renderCsv(sections));
      else if (format === 'md') io.out(renderMarkdown(planTitle(result, lang), sections, { item: t(lang, 'item'), value: t(lang, 'value') }));
      else io.out(renderText(planTitle(result, lang), sections));
      if (format !== 'table' && format !== 'md') for (const note of input.notes) io.err(`note: ${note}\n`);
      if (result.capacity && !result.capacity.fits) io.setExit(EXIT.ruleBroken);
    });
}

/** The same rule file the audit checks sizes the plan, so the two cannot disagree. */
function defaultsFromRule(rule: Rule, given: PlanOptions): PlanOptions {
  const out: PlanOptions = {};
  if (given.days === undefined) out.days = rule.retentionDays;
  if (given.bitrate === undefined && rule.stream.plannedBitrateBps !== undefined) out.bitrate = `${rule.stream.plannedBitrateBps}bps`;
  if (given.resolution === undefined && rule.stream.minWidth !== undefined) out.resolution = `${rule.stream.minWidth}x${rule.stream.minHeight}`;
  return out;
}

function readPlanFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`--plan ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, expected a YAML or JSON file' : `cannot read (${code})`}`);
  }
}
