/**
 * Issue 22: a plan in Chinese holds no English word but names and units: every sample plan, the seed's
 * default, and plans made to raise every note, risk, error, count reason and bill line the planner writes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute.ts';
import { CAMERA_FIELDS } from '../../src/plan/groups.ts';
import type { PlanInput } from '../../src/plan/model.ts';
import { planFromOptions } from '../../src/plan/options.ts';
import { parsePlanFile } from '../../src/plan/plan-file.ts';
import { renderText } from '../../src/report/render.ts';
import { planSections, planTitle } from '../../src/report/plan/sections.ts';
import { renderBomCsv } from '../../src/report/plan/bom-csv.ts';
import { ROOT } from '../helpers/cli.ts';

/** words a Chinese reader meets as they are: units, standards, product and tool names, codecs */
const KEPT = new Set(['vstor', 'ANR', 'RAID', 'PoE', 'NVR', 'VMS', 'CVR', 'SD', 'IEEE', 'Milestone', 'Genetec', 'URE', 'MB', 'TB', 'GB', 'PB', 'kB', 'TiB', 'PiB', 'GiB', 'bit', 'kbit', 'Mbit', 'Gbit', 'h264', 'h265', 'mjpeg', 'hevc', 'WxH', 'Mbps', 'kbps', 'fps', 'groups', 'plan', 'from', 'audit', 'csv', 'json', 'format']);

/** the user's own words: the file and the fields errors and notes name (`site.yaml:2 groups[0].audio`) */
const INPUT_WORDS = new Set(['site', 'yaml', ...CAMERA_FIELDS]);

function namesOf(input: PlanInput): Set<string> {
  const names = [input.name ?? '', ...input.cameras.map((g) => g.name), ...input.captures.map((g) => g.name), ...input.recorders.flatMap((r) => [r.name, r.model ?? '']), ...input.switches.map((s) => s.name)];
  return new Set(names.flatMap((n) => n.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []));
}

function englishWords(input: PlanInput): string[] {
  const result = computePlan(input);
  const text = renderText(planTitle(result, 'zh'), planSections(result, { lang: 'zh', units: 'si' })) + renderBomCsv(result.bom, 'zh');
  const names = namesOf(input);
  return [...new Set(text.match(/[A-Za-z]{3,}/g) ?? [])].filter((w) => !KEPT.has(w) && !INPUT_WORDS.has(w) && !names.has(w) && !/^(nvr|sw)$/i.test(w));
}

const file = (name: string) => parsePlanFile(readFileSync(join(ROOT, 'samples', 'plans', name), 'utf8'), name);
const site = (yaml: string) => parsePlanFile(yaml, 'site.yaml');

describe('a plan in Chinese (issue 22)', () => {
  it.each([
    ['the seed default', () => planFromOptions({})],
    ['city-chenggong.yaml', () => file('city-chenggong.yaml')],
    ['seed-chenggong.yaml', () => file('seed-chenggong.yaml')],
    ['mixed-fleet.yaml', () => file('mixed-fleet.yaml')],
    // recorders over their rating and bays, standby, a short SD card, a short capacity, growth, cold spares
    ['limits broken', () => planFromOptions({ channels: 100, recorders: 3, recorderInbound: '320Mbps', recorderBays: 8, recorderStandby: 1, recorderChannels: 30, sdCard: '64GB', substream: '1Mbps', substreamDays: 30, growth: '10%', coldSpares: '2%', archiveDays: 30, raid: '5', raidGroup: 12, disk: '12TB' })],
    ['shelves of one array, with an archive tier', () => planFromOptions({ enclosures: 'shelves', archiveDays: 30 })],
    ['a model too small', () => planFromOptions({ channels: 10, recorders: 'auto', recorderInbound: '5Mbps', recorderBays: 4, raid: '0', raidGroup: 4, spares: 2 })],
    ['an estimate, bytes a second, links over', () => site('groups:\n  - { name: a, channels: 48, fps: 25, scene: high, audio: 8kB/s }\n  - { name: b, channels: 4, bitrate: 4Mbps, fps: 15 }\nswitches:\n  - { name: sw, count: 1, groups: [a], ports: 24, poeBudget: 120W, uplink: 100Mbps }\n  - { name: idle, uplink: 1Gbps }\n  - { name: core, count: auto, groups: [b], ports: 8, poeBudget: 60W }\n  - { name: agg, uplink: 10Mbps, aggregates: [sw] }\nrecorders:\n  - { name: r, count: 1, inbound: 100Mbps, bays: 4, outbound: 1Mbps, viewStreams: 4 }\n')],
  ])('%s has no English word but names and units', (_, make) => {
    expect(englishWords(make())).toEqual([]);
  });
});
