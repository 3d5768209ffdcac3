/** `vstor plan`: how much storage to buy. */
import { existsSync } from 'node:fs';
import { readInputFile } from '../read-input.ts';
import type { Command } from 'commander';
import { InputError } from '../../src/errors.ts';
import { planFromAudit } from '../../src/plan/from-audit.ts';
import { formatBitrate, formatBytes } from '../../src/units/format.ts';
import { parseBitrate, parseCount, parsePercent, parseSize } from '../../src/units/parse.ts';
import { resolveDb } from '../../src/index/path.ts';
import type { Rule } from '../../src/rules/model.ts';
import { loadRule } from '../../src/rules/presets.ts';
import { computePlan } from '../../src/plan/compute.ts';
import { DEFAULTS } from '../../src/plan/defaults.ts';
import { ESTIMATE_DEFAULTS } from '../../src/plan/bitrate-estimate.ts';
import { DEFAULT_POE } from '../../src/plan/poe.ts';
import { planFromFile, planFromOptions, type PlanOptions } from '../../src/plan/options.ts';
import { t } from '../../src/report/i18n.ts';
import { planDocument } from '../../src/report/plan/json.ts';
import { planSections, planTitle } from '../../src/report/plan/sections.ts';
import { csvChunks, renderMarkdown, renderText } from '../../src/report/render.ts';
import { jsonChunks, toJson } from '../../src/report/json.ts';
import { renderBomCsv } from '../../src/report/plan/bom-csv.ts';
import { EXIT } from '../exit.ts';
import type { IO } from '../io.ts';
import { defaultLang, langOption, pickFormat, unitsOption } from '../options.ts';

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

export function registerPlan(program: Command, io: IO): void {
  program
    .command('plan')
    .description('size the storage: bytes, disks, enclosures and bandwidth for camera groups (default: the seed\'s 1000 x 1080P x 8 Mbps x 90 days)')
    .option('--channels <n>', `camera channels (default ${DEFAULTS.channels})`)
    .option('--resolution <res>', `720p, 1080p, 3mp, 4mp, 5mp, 4k or WxH (default ${DEFAULTS.resolution})`)
    .option('--codec <codec>', `h264, h265 or mjpeg; sets the default bitrate (default ${DEFAULTS.codec})`)
    .option('--bitrate <rate>', 'main-stream bitrate: 8Mbps, 8 Mbit/s, 8000kbps (default by resolution: 1080p = 8 Mbps)')
    .option('--days <n>', `retention in days (default ${DEFAULTS.days})`)
    .option('--duty <pct>', `share of time recorded, for motion/event recording (default ${DEFAULTS.duty})`)
    .option('--hours-per-day <h>', `hours a day the schedule records (default ${DEFAULTS.hoursPerDay})`)
    .option('--audio <rate>', 'audio bitrate recorded with each channel')
    .option('--substream <rate>', 'bitrate of a recorded second stream')
    .option('--substream-days <n>', 'days the sub stream is kept (default: --days)')
    .option('--fps <n>', `estimate the bitrate instead of the table: frames a second (default ${ESTIMATE_DEFAULTS.fps})`)
    .option('--scene <activity>', `estimate: scene activity low, medium or high (default ${ESTIMATE_DEFAULTS.scene})`)
    .option('--night-share <pct>', `estimate: share of the day under IR / low light, counted at twice the day rate (default ${ESTIMATE_DEFAULTS.nightShare})`)
    .option('--poe <class|W>', `PoE each camera takes: class0-8, af, at, bt or watts (default ${DEFAULT_POE}, 15.4 W)`)
    .option('--sd-card <size>', 'each camera\'s SD card: days it holds as a fallback')
    .option('--peak <rate>', 'with a VBR or smart-codec --bitrate as an average: the stream\'s cap (links and recorders are sized on it, storage on the average)')
    .option('--sd-card-stream <stream>', 'the stream the SD card records: main (default, as cameras ship) or sub')
    .option('--raid <level>', `none, 0, 1, 5, 6 or 10 (default ${DEFAULTS.raid})`)
    .option('--raid-group <n>', `disks in one RAID group (default ${DEFAULTS.raidGroup} for RAID ${DEFAULTS.raid})`)
    .option('--disk <size>', `disk size as sold, decimal: 16TB (default ${DEFAULTS.disk})`)
    .option('--spares <n>', `hot spares in all, or auto = one an enclosure (default ${DEFAULTS.spares})`)
    .option('--overhead <pct>', `file system + recorder overwrite reserve (default ${DEFAULTS.overhead})`)
    .option('--bays <n>', `disk bays an enclosure/server holds (default ${DEFAULTS.bays})`)
    .option('--enclosures <kind>', 'servers: each enclosure a box of its own, holding whole RAID groups and their spares (default); shelves: expansion shelves of one array, groups may span them')
    .option('--capacity <size>', 'inverse: usable capacity on hand; how many days does it hold?')
    .option('--recorders <n|auto>', 'record on recorders (NVRs/servers) of one model: how many, or auto to size; needs --recorder-inbound and --recorder-bays')
    .option('--recorder-inbound <rate>', 'inbound rating of the recorder model, e.g. 320Mbps')
    .option('--recorder-bays <n>', 'disk bays of the recorder model (it uses --disk, --raid, --raid-group)')
    .option('--recorder-standby <n>', 'standby recorders of the model (N+M failover): each with the disks of the busiest')
    .option('--recorder-channels <n>', 'channels the recorder model takes at most')
    .option('--reserve <pct|size|preset>', 'free space the recorder keeps before it overwrites: 5%, 500GB, frigate, milestone (default none)')
    .option('--max-load <pct>', 'highest share of a recorder\'s or uplink\'s rating to plan for (default 70%)')
    .option('--poe-max-load <pct>', 'highest share of a switch\'s PoE budget to draw (default 80%)')
    .option('--archive-days <n>', 'the oldest N days of the retention live on an archive tier; the recorders keep the rest')
    .option('--archive-disk <size>', 'archive tier disk size (default --disk)')
    .option('--archive-raid <level>', 'archive tier RAID level (default --raid)')
    .option('--archive-raid-group <n>', 'archive tier disks a RAID group')
    .option('--archive-bays <n>', 'archive tier bays an enclosure')
    .option('--growth <pct>', 'channels added over the plan\'s life: shown as its own lines')
    .option('--headroom <pct>', 'capacity bought beyond need: its own line, added to what is sized')
    .option('--cold-spares <n|pct>', 'disks kept on the shelf: a count, or a share of the disks installed')
    .option('--bom', 'print only the bill of materials (with --format csv|md|json for a quote)')
    .option('--rule <name|file>', 'take days, bitrate and resolution from a retention rule (preset or file); flags still win')
    .option('--from-audit', 'use the last audit in the index (--db): days the storage holds at measured bitrates, channels above plan')
    .option('--db <file>', 'index file, with --from-audit')
    .option('--plan <file>', 'YAML or JSON plan: several camera groups, capture groups, one storage build')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (default table)`)
    .option('--json', 'same as --format json')
    .addOption(unitsOption())
    .addOption(langOption())
    .action((opts: PlanFlags) => planCommand(opts, io));
}

type PlanFlags = PlanOptions & { fromAudit?: boolean; db?: string; rule?: string; plan?: string; format?: string; json?: boolean; bom?: boolean; units: 'si' | 'iec'; lang?: 'en' | 'zh' };

/** `vstor plan`'s action: the plan from flags, a plan file or the last audit, in the format asked. */
async function planCommand(opts: PlanFlags, io: IO): Promise<void> {
  const format = pickFormat(opts, FORMATS, 'table');
  if (opts.fromAudit) {
    await fromAudit(opts, format, io);
    return;
  }
  const { plan: planFile, format: _f, json: _j, bom, units, lang: langOpt, rule: ruleRef, fromAudit: _a, db: _d, ...rest } = opts;
  if (ruleRef !== undefined && planFile) throw new InputError(`--rule: cannot be combined with --plan; set days and bitrate on the groups in ${planFile}`);
  if (ruleRef !== undefined) Object.assign(rest, defaultsFromRule(loadRule(String(ruleRef)), rest));
  const input = planFile ? planFromFile(readPlanFile(planFile), planFile, rest) : planFromOptions(rest);
  const result = computePlan(input);
  const lang = langOpt ?? defaultLang();
  // JSON is written from the figures; the sections (a row a group) only for the other formats
  const all = format === 'json' ? [] : planSections(result, { lang, units, screen: format === 'table' || format === 'md' });
  const sections = bom ? all.filter((s) => s.key === 'bom') : all;
  if (format === 'json') {
    for (const chunk of jsonChunks(bom ? { schema: 'vstor.plan-bom/1', bom: result.bom } : planDocument(result))) io.out(chunk);
    io.out('\n');
  } else if (format === 'csv') {
    if (bom) io.out(renderBomCsv(result.bom, lang));
    else for (const chunk of csvChunks(sections)) io.out(chunk);
  }
  else if (format === 'md') io.out(renderMarkdown(planTitle(result, lang), sections, { item: t(lang, 'item'), value: t(lang, 'value') }));
  else io.out(renderText(planTitle(result, lang), sections, { width: screenWidth() }));
  if (format !== 'table' && format !== 'md') for (const note of input.notes) io.err(`note: ${note}\n`);
  for (const error of format === 'table' ? [] : result.errors) io.err(`vstor: ${error}\n`);
  if ((result.capacity && !result.capacity.fits) || result.errors.length > 0) io.setExit(EXIT.ruleBroken);
}

/** The screen's columns: the terminal's, else $COLUMNS; none when neither says (a pipe gets every column). */
function screenWidth(): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const n = Number(process.env.COLUMNS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

type FromAuditFlags = PlanOptions & { db?: string; rule?: string; lang?: 'en' | 'zh' };

async function fromAudit(opts: FromAuditFlags, format: string, io: IO): Promise<void> {
  // the index (a native module) is loaded only when asked for: plain `vstor plan` starts faster
  const { openIndex } = await import('../../src/index/open.ts');
  const { lastRun } = await import('../../src/index/history.ts');
  const file = resolveDb(opts.db);
  if (!existsSync(file)) throw new InputError(`--from-audit: no index at ${file}, so it holds no audit yet; run vstor audit first (or name the index with --db)`);
  const db = openIndex(file);
  try {
    const run = lastRun(db);
    if (!run) throw new InputError(`--from-audit: the index ${resolveDb(opts.db)} holds no audit yet; run vstor audit first`);
    const rule = opts.rule !== undefined ? loadRule(String(opts.rule)) : undefined;
    const planned = opts.bitrate !== undefined ? parseBitrate('--bitrate', String(opts.bitrate)).bps.toNumber() : (rule?.stream.plannedBitrateBps ?? 8_000_000);
    const capacity = opts.capacity !== undefined ? Number(parseSize('--capacity', String(opts.capacity))) : run.capacity_bytes;
    const days = opts.days !== undefined ? parseCount('--days', String(opts.days)) : (rule?.retentionDays ?? 90);
    // the index's own figure is the file system's size: its overhead is already taken; a capacity given is raw
    const overhead = opts.capacity !== undefined ? parsePercent('--overhead', String(opts.overhead ?? DEFAULTS.overhead), { belowMax: true }).toNumber() : 0;
    const r = planFromAudit(run.channels.map((c) => ({ channel: c.channel, bitrateBps: c.bitrate_bps, bytesPerDay: c.bytes_per_day })), planned, rule?.stream.bitrateTolerance ?? 0, capacity, days, overhead);
    if (format === 'json') {
      io.out(toJson({ schema: 'vstor.plan-from-audit/1', audit: { run: run.id, now: new Date(run.now_ms).toISOString(), roots: run.roots }, ...r }) + '\n');
    } else {
      const lang = opts.lang ?? defaultLang();
      const rows = r.channels.map((c) => [c.channel, c.bitrateBps === null ? '-' : formatBitrate(c.bitrateBps, 2), c.bytesPerDay === null ? '-' : formatBytes(BigInt(c.bytesPerDay)), c.abovePlan ? '▲' : '']);
      io.out(
        renderText(`vstor — ${t(lang, 'planTitle')} (${t(lang, 'measured')})`, [
          { key: 'channels', title: t(lang, 'channelsTitle'), table: { head: [t(lang, 'channel'), t(lang, 'bitrate'), t(lang, 'storedPerDay'), `> ${formatBitrate(planned)}`], rows } },
          {
            key: 'totals',
            title: t(lang, 'capacityCheck'),
            figures: [
              { key: 'bytesPerDay', label: t(lang, 'storedPerDay'), text: formatBytes(BigInt(r.bytesPerDay)) },
              { key: 'capacity', label: t(lang, 'capacityGiven'), text: r.capacityBytes === null ? '-' : formatBytes(BigInt(r.capacityBytes)) },
              { key: 'daysHeld', label: t(lang, 'daysHeld'), text: r.daysHeld === null ? '-' : `${r.daysHeld} ${t(lang, 'daysUnit')}` },
              { key: 'requiredDays', label: t(lang, 'requiredDays'), text: `${r.requiredDays} ${t(lang, 'daysUnit')}` },
              { key: 'fits', label: t(lang, 'fits'), text: r.fits === null ? '-' : t(lang, r.fits ? 'yes' : 'no') },
            ],
          },
        ]),
      );
    }
    if (r.fits === false) io.setExit(EXIT.ruleBroken);
  } finally {
    db.close();
  }
}

/** The same rule file the audit checks sizes the plan, so the two cannot disagree. */
function defaultsFromRule(rule: Rule, given: PlanOptions): PlanOptions {
  const out: PlanOptions = {};
  if (given.days === undefined) out.days = rule.retentionDays;
  if (given.bitrate === undefined && rule.stream.plannedBitrateBps !== undefined) out.bitrate = `${rule.stream.plannedBitrateBps}bps`;
  if (given.resolution === undefined && rule.stream.minWidth !== undefined) out.resolution = `${rule.stream.minWidth}x${rule.stream.minHeight}`;
  return out;
}

/** a plan file is a few kB; 100,000 groups take 6 MB (bench/plan.ts); a million groups is not a plan */
const PLAN_MAX_BYTES = 16 * 1024 * 1024;

function readPlanFile(file: string): string {
  return readInputFile(file, '--plan', PLAN_MAX_BYTES);
}
