/**
 * Issue 14: a plan of 100 000 channels over 500 recorders takes under a second.
 * Issue 22: a plan file of 100,000 camera groups (6 MB) in every format, and 10 million channels with
 * `--recorders auto`, each under 5 s and 300 MB as a new `vstor plan` process (wall time, peak RSS).
 *
 *   npx tsx bench/plan.ts            (prints the figures; exits 1 if one misses its limit)
 *
 * The plan: 100 camera groups of 1000 channels (1080p and 4K, H.264 and H.265, some with a sub stream
 * kept 30 days), 5 recorder models of 100 recorders each with fixed counts (each model takes 20 groups),
 * and one model sized `auto` in a second run; access switches sized by ports and PoE; an archive tier;
 * growth; everything rendered as the table, JSON and CSV the CLI prints.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { computePlan } from '../src/plan/compute.ts';
import { parsePlanFile } from '../src/plan/plan-file.ts';
import { planDocument } from '../src/report/plan/json.ts';
import { planSections, planTitle } from '../src/report/plan/sections.ts';
import { renderCsv, renderText } from '../src/report/render.ts';
import { toJson } from '../src/report/json.ts';

function yaml(auto: boolean): string {
  const groups: string[] = [];
  for (let i = 0; i < 100; i++) {
    const k4 = i % 4 === 0;
    groups.push(
      `  - { name: g${i}, channels: 1000, resolution: ${k4 ? '4k' : '1080p'}, codec: ${i % 3 === 0 ? 'h265' : 'h264'}, days: ${30 + (i % 4) * 30}${i % 2 ? ', substream: 512kbps, substreamDays: 30' : ''} }`,
    );
  }
  const recorders = auto
    ? ['  - { name: srv, count: auto, inbound: 2Gbps, bays: 60, disk: 20TB, raid: 6, reserve: milestone }']
    : Array.from({ length: 5 }, (_, m) => `  - { name: m${m}, count: 100, inbound: 2Gbps, bays: 90, disk: 22TB, raid: 6, reserve: 1%, groups: [${Array.from({ length: 20 }, (_, j) => `g${m * 20 + j}`).join(', ')}] }`);
  return [
    'name: bench',
    'growth: 10%',
    'coldSpares: 2%',
    'groups:',
    ...groups,
    'recorders:',
    ...recorders,
    'archive: { days: 20, disk: 22TB, bays: 90 }',
    'switches:',
    `  - { name: access, count: auto, ports: 48, poeBudget: 740W, uplink: 10Gbps, groups: [${Array.from({ length: 100 }, (_, i) => `g${i}`).join(', ')}] }`,
    '  - { name: centre, uplink: 40Gbps, viewers: 50, streamsEach: 16, viewBitrate: 2Mbps }',
  ].join('\n');
}

function run(auto: boolean): number {
  const t0 = performance.now();
  const input = parsePlanFile(yaml(auto), 'bench.yaml');
  const result = computePlan(input);
  const sections = planSections(result, { lang: 'en', units: 'si' });
  const text = renderText(planTitle(result, 'en'), sections);
  const json = toJson(planDocument(result));
  const csv = renderCsv(sections);
  const ms = performance.now() - t0;
  const recorders = result.recorders.reduce((a, m) => a + m.count, 0);
  const switches = result.switches.reduce((a, m) => a + m.count, 0);
  console.log(
    `${auto ? 'auto-sized' : 'fixed'} recorders: ${result.totals.channels} channels, ${recorders} recorders, ${switches} switches, ` +
      `${result.errors.length} error lines; ${ms.toFixed(0)} ms (output ${text.length + json.length + csv.length} chars)`,
  );
  return ms;
}

run(false); // warm-up: module loading and mathjs's first use are not the plan's cost
const fixed = run(false);
const auto = run(true);

// and as a user runs it: a fresh `vstor plan --plan FILE --json` process, start-up included
const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'out');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'plan-100k.yaml');
writeFileSync(file, yaml(false));
execFileSync(process.execPath, [fileURLToPath(new URL('../bin/vstor.js', import.meta.url)), 'plan', '--plan', file, '--json'], { stdio: 'ignore' }); // builds nothing, warms the disk cache
const t0 = performance.now();
execFileSync(process.execPath, [fileURLToPath(new URL('../bin/vstor.js', import.meta.url)), 'plan', '--plan', file, '--json'], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
const cli = performance.now() - t0;
console.log(`vstor plan --plan ${file} --json (a new process): ${cli.toFixed(0)} ms`);

const worst = Math.max(fixed, auto);
console.log(`slowest in-process plan: ${worst.toFixed(0)} ms (limit 1000 ms)`);

/** 100,000 groups of many kinds: 4 resolutions x 3 codecs x 4 retentions, 1 to 50 channels, some with a sub stream. */
function bigPlan(): string {
  const lines = ['name: 100k groups', 'groups:'];
  for (let i = 0; i < 100_000; i++) {
    lines.push(`  - { name: g${i}, channels: ${1 + (i % 50)}, resolution: ${['720p', '1080p', '4mp', '4k'][i % 4]}, codec: ${['h264', 'h265', 'h265'][i % 3]}, days: ${[30, 60, 90, 180][i % 4]}${i % 5 === 0 ? ', substream: 512kbps, substreamDays: 30' : ''} }`);
  }
  return `${lines.join('\n')}\n`;
}

const BIN = fileURLToPath(new URL('../bin/vstor.js', import.meta.url));
const MAXRSS = fileURLToPath(new URL('./maxrss.mjs', import.meta.url));

/** A new `vstor plan` process: its wall time and peak RSS (bench/maxrss.mjs prints it on exit). */
function measure(args: string[]): { ms: number; mb: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', MAXRSS, BIN, 'plan', ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const kb = Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  if (r.status !== 0 && r.status !== 1) throw new Error(`vstor plan ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return { ms, mb: kb / 1024 };
}

const big100k = join(dir, 'plan-100k-groups.yaml');
writeFileSync(big100k, bigPlan());
const misses: string[] = [];
for (const format of ['table', 'json', 'csv', 'md']) {
  const m = measure(['--plan', big100k, '--format', format]);
  console.log(`100,000 groups (${(statSync(big100k).size / 1e6).toFixed(1)} MB), --format ${format}: ${(m.ms / 1000).toFixed(2)} s, peak RSS ${m.mb.toFixed(0)} MB (limits 5 s, 300 MB)`);
  if (m.ms >= 5000 || m.mb >= 300) misses.push(`100k ${format}`);
}
const tenM = measure(['--channels', '10000000', '--recorders', 'auto', '--recorder-inbound', '320Mbps', '--recorder-bays', '16']);
console.log(`10,000,000 channels, --recorders auto (320 Mbit/s, 16 bays): ${(tenM.ms / 1000).toFixed(2)} s, peak RSS ${tenM.mb.toFixed(0)} MB (limits 5 s, 300 MB)`);
if (tenM.ms >= 5000 || tenM.mb >= 300) misses.push('10M channels');
if (misses.length > 0) console.log(`missed: ${misses.join(', ')}`);
process.exit(worst < 1000 && misses.length === 0 ? 0 : 1);
