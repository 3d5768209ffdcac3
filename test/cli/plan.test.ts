import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vstor, vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

describe('vstor plan (the CLI: its main() in this process, the default once as a process)', () => {
  it('plans the seed case by default and shows SI and IEC figures', async () => {
    // the README's main job, as a process
    const r = vstor(['plan']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('7.776 PB (6.906 PiB) = 7,776,000,000,000,000 B');
    expect(r.stdout).toContain('7.776 TB');
    expect(r.stdout).toContain('8 Gbit/s');
    expect(r.stdout).toMatch(/RAID groups\s+68/);
  });

  it('prints JSON with exact integer byte counts', async () => {
    const r = (await vstorIn(['plan', '--json', '--channels', '1000', '--bitrate', '8Mbps', '--days', '90', '--raid', '6', '--raid-group', '10', '--disk', '16TB', '--spares', '0', '--overhead', '0%']));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"bytes": 7776000000000000,/);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('vstor.plan/1');
    expect(doc.cameras[0].bytesPerChannel).toBe(7_776_000_000_000);
    expect(doc.build.groups).toBe(61);
    expect(doc.build.totalDisks).toBe(610);
    expect(doc.inputs.cameras[0].bitrateSource).toBe('given');
    expect(doc.capacity).toBeNull();
  });

  it('keeps 10^18+ byte counts exact in JSON text', async () => {
    const r = (await vstorIn(['plan', '--json', '--channels', '100000', '--bitrate', '1Gbps', '--days', '1000']));
    expect(r.stdout).toContain('"bytes": 1080000000000000000000');
  });

  it('answers the inverse question and exits 1 when the capacity falls short', async () => {
    const ok = (await vstorIn(['plan', '--channels', '64', '--bitrate', '8Mbps', '--capacity', '500TB', '--overhead', '0%']));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Days it holds\s+90\.42 days/);
    const short = (await vstorIn(['plan', '--json', '--channels', '64', '--bitrate', '8Mbps', '--capacity', '400TB', '--days', '90', '--overhead', '0%']));
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout).capacity.fits).toBe(false);
  });

  it('writes csv and markdown, and Chinese labels with --lang zh', async () => {
    const csv = (await vstorIn(['plan', '--format', 'csv']));
    expect(csv.stdout.split('\n')[0]).toBe('section,key,label,value,exact,unit');
    expect(csv.stdout).toMatch(/^totals,bytes,Stored for retention,.*,7776000000000000,B$/m);
    const md = (await vstorIn(['plan', '--format', 'md', '--lang', 'zh']));
    expect(md.stdout).toMatch(/^# vstor — 存储容量规划/);
    expect(md.stdout).toContain('| 存储总量 | 7.776 PB');
    const zh = (await vstorIn(['plan'], { LANG: 'zh_CN.UTF-8' }));
    expect(zh.stdout).toContain('RAID 组数');
  });

  it('reads MB/s as megabytes and says so', async () => {
    const r = (await vstorIn(['plan', '--json', '--channels', '1', '--bitrate', '1MB/s', '--days', '1']));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs.cameras[0].bitrateBps).toBe(8_000_000);
    expect(r.stderr).toMatch(/note: --bitrate 1MB\/s is bytes per second: read as 8 Mbit\/s/);
  });

  it('plans a plan file', async () => {
    const r = (await vstorIn(['plan', '--plan', 'samples/plans/seed-chenggong.yaml', '--json']));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.bytes).toBe(7_848_000_000_000_000);
  });

  const badInputs: [string[], RegExp][] = [
    [['--channels', '-5'], /^vstor: --channels: expected a whole number of at least 1, got "-5"$/],
    [['--channels', '0'], /^vstor: --channels: expected a whole number/],
    [['--channels', 'ten'], /^vstor: --channels: expected a whole number/],
    [['--days', '0'], /^vstor: --days: expected a whole number/],
    [['--disk', '16XB'], /^vstor: --disk: expected a size such as 16TB/],
    [['--raid', '7'], /^vstor: --raid: expected a RAID level/],
    [['--raid', '6', '--raid-group', '3'], /^vstor: --raid-group: a RAID 6 group needs at least 4 disks, got 3$/],
    [['--bitrate', 'fast'], /^vstor: --bitrate: expected a bitrate/],
    [['--overhead', '100%'], /^vstor: --overhead: expected a percentage/],
    [['--plan', 'no/such/plan.yaml'], /^vstor: --plan no\/such\/plan\.yaml: no such file$/],
    [['--plan', 'samples/plans/mixed-fleet.yaml', '--channels', '5'], /^vstor: --channels: cannot be combined with --plan/],
    [['--format', 'pdf'], /^vstor: --format: expected one of table, json, csv, md/],
  ];
  it.each(badInputs)('exits 2 with one clear line for %j', async (args, message) => {
    const r = await vstorIn(['plan', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 on unknown options and commands, 0 on --help', async () => {
    expect(vstor(['plan', '--chanels', '5']).code).toBe(2);
    expect((await vstorIn(['frobnicate'])).code).toBe(2);
    const help = await vstorIn(['plan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--raid-group');
  });

  it('names the line of a malformed plan file', async () => {
    const dir = tempDir('vstor-plan-');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'groups:\n  - channels: 10\n    resolution: 1080p\n    days: ninety\n');
    const r = await vstorIn(['plan', '--plan', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`vstor: ${file}:4 groups[0].days: expected a whole number of at least 1, got "ninety"`);
  });
});

describe('absurd input (issue 22)', () => {
  it.each([
    [{ bitrate: '100000000Tbps' }, /^--bitrate: expected a camera stream of at most 1 Gbit\/s/],
    [{ resolution: '99999x99999' }, /^--resolution: expected a picture of at most 35,651,584 pixels \(8192x4352/],
    [{ disk: '1PB' }, /^--disk: expected a disk of at most 256 TB/],
    [{ substreamDays: 100 }, /^--substream-days: no sub stream is recorded in this group/],
  ])('refuses %j, naming the bound', async (opts, message) => {
    const { planFromOptions } = await import('../../src/plan/options.ts');
    expect(() => planFromOptions(opts)).toThrow(message);
  });

  it('says so in one line and exits 2, as the CLI', async () => {
    for (const [args, message] of [[['--disk', '1PB'], /^vstor: --disk: expected a disk of at most 256 TB/], [['--lang', 'fr'], /^vstor: option '--lang <lang>' argument 'fr' is invalid\. Allowed choices are en, zh\. \(see --help\)$/]] as const) {
      const r = await vstorIn(['plan', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
    }
  });

  it('still takes what real systems use: 1 Gbit/s, 8192x4352, 36 TB disks', async () => {
    expect((await vstorIn(['plan', '--channels', '10', '--bitrate', '1Gbps', '--resolution', '8192x4352', '--disk', '36TB'])).code).toBe(0);
  });
});

describe('the bill of materials as a quote takes it (issue 22)', () => {
  it('is one CSV row an item with a numeric quantity, its unit, and empty part number and price', async () => {
    const r = (await vstorIn(['plan', '--plan', 'samples/plans/city-chenggong.yaml', '--bom', '--format', 'csv']));
    const rows = r.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('item,model,quantity,unit,specification,part number,unit price');
    expect(rows).toContain('recorders: nvr (DS-9664NI-I16),DS-9664NI-I16,42,pcs,"16 bays, inbound 320 Mbit/s, 64 channels",,');
    // every row: a whole number of at least 1 in the third column, no "1,000"
    for (const row of rows.slice(1)) expect(row, row).toMatch(/^(?:"[^"]*"|[^,]*),[^,]*,\d+,pcs,.*,,$/);
    expect(rows.find((x) => x.startsWith('SD cards'))).toMatch(/,1000,pcs,/);
    const zh = (await vstorIn(['plan', '--bom', '--format', 'csv', '--lang', 'zh'])).stdout.split('\r\n');
    expect(zh[0]).toBe('物料,型号,数量,单位,规格,料号,单价');
    expect(zh[1]).toMatch(/,34,台,/);
    expect(zh[2]).toMatch(/,680,块,/);
  });
});

describe('a plan read on a screen (issue 22)', () => {
  it('fits 120 and 80 columns for the default and every sample plan, saying what it left out', async () => {
    const { displayWidth, renderText } = await import('../../src/report/render.ts');
    const { planSections, planTitle } = await import('../../src/report/plan/sections.ts');
    const { computePlan } = await import('../../src/plan/compute.ts');
    const { planFromOptions } = await import('../../src/plan/options.ts');
    const { parsePlanFile } = await import('../../src/plan/plan-file.ts');
    const { readFileSync } = await import('node:fs');
    const plans = [planFromOptions({}), ...['city-chenggong', 'seed-chenggong', 'mixed-fleet'].map((n) => parsePlanFile(readFileSync(`samples/plans/${n}.yaml`, 'utf8'), `${n}.yaml`))];
    for (const width of [120, 80]) {
      for (const input of plans) {
        const result = computePlan(input);
        const text = renderText(planTitle(result, 'en'), planSections(result, { lang: 'en', units: 'si', screen: true }), { width });
        expect(text.split('\n').filter((l) => displayWidth(l) > width), `${input.name ?? 'default'} at ${width}`).toEqual([]);
      }
    }
    // as the CLI does it: $COLUMNS (or the terminal's width); a pipe with no COLUMNS gets every column
    expect((await vstorIn(['plan'], { COLUMNS: '80' })).stdout).toMatch(/\(left out to fit 80 columns: A channel a day/);
    expect((await vstorIn(['plan'])).stdout).toContain('A channel a day');
  });
});
