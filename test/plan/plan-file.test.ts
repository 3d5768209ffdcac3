import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute.ts';
import { parsePlanFile } from '../../src/plan/plan-file.ts';
import { ROOT } from '../helpers/cli.ts';

const sample = (name: string) => {
  const file = `samples/plans/${name}`;
  return computePlan(parsePlanFile(readFileSync(`${ROOT}${file}`, 'utf8'), file));
};

describe('sample plans', () => {
  it('plans the seed case with its checkpoint captures as the comment says', () => {
    const r = sample('seed-chenggong.yaml');
    expect(r.cameras[0]!.bytes).toBe(7_776_000_000_000_000n);
    expect(r.captures[0]!.bytes).toBe(72_000_000_000_000n);
    expect(r.totals.bytes).toBe(7_848_000_000_000_000n);
    expect(r.build.groups).toBe(67);
    // whole groups a box (issue 22): floor((60 - 1 spare) / 10) = 5 groups a box -> ceil(67 / 5) = 14 boxes
    expect(r.build.spares).toBe(14);
    expect(r.build.totalDisks).toBe(684);
    expect(r.build.enclosures).toBe(14);
  });

  it('plans the mixed fleet as the comment says', () => {
    const r = sample('mixed-fleet.yaml');
    expect(r.cameras.map((c) => c.bytes)).toEqual([518_400_000_000_000n, 162_000_000_000_000n, 26_334_720_000_000n]);
    expect(r.totals.bytes).toBe(706_734_720_000_000n);
    expect(r.cameras[1]!.group.bitrateSource).toBe('default');
    expect(r.build.groups).toBe(9);
    expect(r.build.totalDisks).toBe(74);
    // floor(24 / 8) = 3 whole groups a box: 3 full boxes, the 2 spares in a 4th
    expect(r.build.enclosures).toBe(4);
  });
});

describe('the city-scale sample', () => {
  it('plans recorders, switches, tiers, edge cards and growth as its comment says', () => {
    const r = sample('city-chenggong.yaml');
    expect(r.cameras[0]!.bytesPerChannel).toBe(8_100_000_000_000n);
    expect(r.hotBytes).toBe(2_916_000_000_000_000n);
    expect(r.archiveBytes).toBe(5_184_000_000_000_000n);
    const nvr = r.recorders[0]!;
    expect(nvr.count).toBe(42);
    expect(nvr.recorders.filter((x) => x.channels === 24)).toHaveLength(34);
    expect(nvr.recorders.filter((x) => x.channels === 23)).toHaveLength(8);
    expect(nvr.recorders[0]!.ingestBps.toNumber()).toBe(216e6);
    // a Hikvision NVR overwrites its oldest files when full: no reserve (issue 22; it was Frigate's before)
    expect(nvr.recorders[0]!.reserveBytes).toBe(0n);
    expect(nvr.recorders.reduce((a, x) => a + x.build.totalDisks, 0)).toBe(672);
    expect(r.archive!.groups).toBe(28);
    // floor((60 - 1) / 12) = 4 groups a box -> ceil(28 / 4) = 7 boxes, 7 spares: 336 + 7 = 343 disks
    expect(r.archive!.totalDisks).toBe(343);
    expect(r.archive!.enclosures).toBe(7);
    // the main stream, as cameras ship (issue 22): 128 GB / 86.4 GB a day
    expect(r.edge[0]!.daysHeld.toFixed(2)).toBe('1.48');
    const [access, centre] = r.switches;
    // 370 W drawn to 80 % = 296 W: 19 cameras of 15.4 W a switch (292.6 W) -> ceil(1000 / 19) = 53 switches
    expect(access!.count).toBe(53);
    expect(access!.countReason).toBe('PoE budget 370 W at 80.0% (296 W)');
    expect(access!.switches[0]!.poeWatts.toNumber()).toBe(292.6);
    expect(access!.switches.filter((s) => s.channels === 19)).toHaveLength(46);
    expect(access!.switches[0]!.uplinkBps.toNumber()).toBe(188.1e6);
    expect(centre!.switches[0]!.uplinkBps.toNumber()).toBe(352e6);
    expect(r.growth!.result.recorders[0]!.count).toBe(46);
    expect(r.errors).toEqual([]);
  });
});

describe('plan file errors name the line and field', () => {
  const bad = (text: string) => () => parsePlanFile(text, 'site.yaml');

  it('a bad value', () => {
    expect(bad('groups:\n  - channels: 10\n    bitrate: fast\n')).toThrow(
      'site.yaml:3 groups[0].bitrate: expected a bitrate such as 8Mbps, 8 Mbit/s or 8000kbps, got "fast"',
    );
  });

  it('a negative count', () => {
    expect(bad('groups:\n  - name: a\n    channels: 4\n  - name: b\n    channels: -3\n')).toThrow(/^site\.yaml:5 groups\[1\]\.channels: expected a whole number/);
  });

  it('a missing channel count', () => {
    expect(bad('groups:\n  - name: a\n    bitrate: 4Mbps\n')).toThrow(/^site\.yaml:2 groups\[0\]\.channels: missing/);
  });

  it('an unknown field (a typo must not fall back to a default)', () => {
    expect(bad('groups:\n  - channels: 4\n    bitrte: 4Mbps\n')).toThrow(/^site\.yaml:3 groups\[0\]\.bitrte: unknown field/);
  });

  it('a storage field', () => {
    expect(bad('groups:\n  - channels: 4\nstorage:\n  raid: 6\n  raidGroup: 3\n')).toThrow('site.yaml:5 storage.raidGroup: a RAID 6 group needs at least 4 disks, got 3');
    expect(bad('groups:\n  - channels: 4\nstorage:\n  disk: 16XB\n')).toThrow(/^site\.yaml:4 storage\.disk: expected a size/);
  });

  it('broken YAML and JSON', () => {
    expect(bad('groups:\n  - channels: 4\n   bitrate: [\n')).toThrow(/^site\.yaml:\d+: not valid YAML or JSON/);
    expect(() => parsePlanFile('{"groups": [{"channels": 4,}', 'site.json')).toThrow(/^site\.json:1: not valid YAML or JSON/);
    expect(bad('just text\n')).toThrow(/^site\.yaml:1: expected a mapping/);
    expect(bad('name: empty\n')).toThrow(/no camera groups/);
  });

  it('reads JSON plans with line numbers too', () => {
    const json = '{\n  "groups": [\n    { "channels": 10,\n      "days": "many" }\n  ]\n}\n';
    expect(() => parsePlanFile(json, 'p.json')).toThrow(/^p\.json:4 groups\[0\]\.days: expected a whole number/);
  });

  it('lets storage flags override the file', () => {
    const text = 'groups:\n  - channels: 1000\n    bitrate: 8Mbps\nstorage:\n  raid: 6\n  raidGroup: 10\n  disk: 8TB\n  spares: 0\n  overhead: 0%\n';
    expect(computePlan(parsePlanFile(text, 'p.yaml')).build.groups).toBe(122);
    expect(computePlan(parsePlanFile(text, 'p.yaml', { disk: '16TB' })).build.groups).toBe(61);
  });
});
