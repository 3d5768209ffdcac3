/**
 * Issue 14: a plan of 100 000 channels over 500 recorders takes under a second.
 *
 *   npx tsx bench/plan.ts            (prints the figures; exits 1 if the plan takes a second or more)
 *
 * The plan: 100 camera groups of 1000 channels (1080p and 4K, H.264 and H.265, some with a sub stream
 * kept 30 days), 5 recorder models of 100 recorders each with fixed counts (each model takes 20 groups),
 * and one model sized `auto` in a second run; access switches sized by ports and PoE; an archive tier;
 * growth; everything rendered as the table, JSON and CSV the CLI prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
process.exit(worst < 1000 ? 0 : 1);
