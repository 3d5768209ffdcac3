/**
 * Issue 14: the planner sizes the whole recording system around the disks. Each figure is checked by
 * hand in a comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute.ts';
import { recorderGroupSize } from '../../src/plan/equipment.ts';
import { planFromOptions } from '../../src/plan/options.ts';
import { parsePlanFile } from '../../src/plan/plan-file.ts';
import { parsePoe } from '../../src/plan/poe.ts';
import { smallestFitting, spread } from '../../src/plan/spread.ts';
import { vstorIn } from '../helpers/cli.ts';

const plan = (o: Record<string, string | number>) => computePlan(planFromOptions(o));
const file = (text: string) => computePlan(parsePlanFile(text, 'site.yaml'));

describe('spreading channels', () => {
  it('deals remainders round-robin so totals differ by at most one', async () => {
    expect(spread([{ group: 'a', channels: 7 }], 3).map((u) => u[0]!.channels)).toEqual([3, 2, 2]);
    // a: 5 over 3 = 2,2,1 (its remainder of 2 to units 0 and 1); b's remainder continues at unit 2, then 0:
    // b = 2,1,2; totals 4,3,3
    const two = spread([{ group: 'a', channels: 5 }, { group: 'b', channels: 5 }], 3);
    expect(two.map((u) => u.reduce((s, x) => s + x.channels, 0))).toEqual([4, 3, 3]);
    expect(two.flat().reduce((s, x) => s + x.channels, 0)).toBe(10);
  });

  it('finds the smallest count that fits by galloping and bisecting', async () => {
    const calls: number[] = [];
    const n = smallestFitting(3, 1000, (k) => (calls.push(k), k >= 137));
    expect(n).toBe(137);
    expect(calls.length).toBeLessThan(20);
    expect(smallestFitting(5, 5, () => false)).toBe(5);
  });
});

describe('recorders', () => {
  it('sizes the count by the inbound rating at the 70% ceiling', async () => {
    // 10 channels x 8 Mbit/s = 80 Mbit/s; a 100 Mbit/s recorder at 70% takes 70: 2 recorders of 5 (40 Mbit/s, 40%)
    const r = plan({ channels: 10, days: 30, recorders: 'auto', recorderInbound: '100Mbps', recorderBays: 8, disk: '16TB' });
    const m = r.recorders[0]!;
    expect(m.count).toBe(2);
    expect(m.countReason).toBe('inbound rating 100 Mbit/s at 70.0% load');
    expect(m.recorders.map((x) => x.channels)).toEqual([5, 5]);
    expect(m.recorders[0]!.load.toNumber()).toBe(0.4);
    // 5 x 86.4 GB x 30 days = 12.96 TB hot; 8 bays RAID 6 -> one group of 8, 6 x 16 TB = 96 TB
    expect(m.recorders[0]!.hotBytes).toBe(12_960_000_000_000n);
    expect(m.recorders[0]!.build.groupSize).toBe(8);
    expect(m.recorders[0]!.build.usableBytes).toBe(96_000_000_000_000n);
    // 96 TB less 3% = 93.12 TB of footage / 432 GB a day = 215.56 days
    expect(m.recorders[0]!.daysHeld.toFixed(2)).toBe('215.56');
    expect(r.errors).toEqual([]);
    // the pooled storage holds nothing: the recorders do
    expect(r.build.totalDisks).toBe(0);
  });

  it('a fixed count over its rating or bays is an error line and exit 1', async () => {
    // 1000 x 8 Mbit/s over 10 recorders = 800 Mbit/s each against 320: 250%;
    // 100 x 7.776 TB = 777.6 TB each; 16 bays of RAID 6 x 16 hold 14 x 16 TB = 224 TB
    const r = plan({ recorders: 10, recorderInbound: '320Mbps', recorderBays: 16 });
    expect(r.errors).toEqual([
      'nvr-01 … nvr-10 (x10): ingest 800 Mbit/s is over its inbound rating of 320 Mbit/s (load 250.0%)',
      // 777.6 TB / (224 TB x 0.97 = 217.28 TB a group) = 3.58 -> 4 groups of 16 = 64 disks
      'nvr-01 … nvr-10 (x10): its 100 channels need 64 disks (4 RAID 6 group(s) of 16) but it has 16 bays',
    ]);
    const cli = (await vstorIn(['plan', '--recorders', '10', '--recorder-inbound', '320Mbps', '--recorder-bays', '16', '--format', 'csv']));
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('vstor: nvr-01 … nvr-10 (x10): ingest 800 Mbit/s is over its inbound rating');
    const fine = (await vstorIn(['plan', '--recorders', 'auto', '--recorder-inbound', '320Mbps', '--recorder-bays', '16']));
    expect(fine.code).toBe(0);
  });

  it('a recorder above the load ceiling but under its rating is a risk note, not an error', async () => {
    // 9 x 8 = 72 Mbit/s on one 100 Mbit/s recorder: 72%, above 70%
    const r = plan({ channels: 9, days: 7, recorders: 1, recorderInbound: '100Mbps', recorderBays: 8 });
    expect(r.errors).toEqual([]);
    expect(r.risks.some((n) => n.includes('above the 70.0% load ceiling (busiest: nvr at 72.0% of its rating)'))).toBe(true);
    expect(plan({ channels: 9, days: 7, recorders: 1, recorderInbound: '100Mbps', recorderBays: 8, maxLoad: '75%' }).risks.some((n) => n.includes('load ceiling'))).toBe(false);
  });

  it('keeps the published reserves: Milestone 5 GB, Frigate one hour of writes, or a share', async () => {
    const one = (reserve: string) => plan({ channels: 1, days: 1, recorders: 1, recorderInbound: '100Mbps', recorderBays: 4, raid: '5', disk: '1TB', reserve }).recorders[0]!.recorders[0]!;
    expect(one('milestone').reserveBytes).toBe(5_000_000_000n);
    // 86.4 GB a day / 24 = 3.6 GB
    expect(one('frigate').reserveBytes).toBe(3_600_000_000n);
    // RAID 5 of 4 x 1 TB = 3 TB, less 3% = 2.91 TB; 10% of it = 0.291 TB
    expect(one('10%').reserveBytes).toBe(291_000_000_000n);
    expect(one('500GB').reserveBytes).toBe(500_000_000_000n);
    expect(one('none').reserveBytes).toBe(0n);
  });

  it('counts the reserve when sizing: a recorder that fits without it needs another group with it', async () => {
    // 4 bays of 1 TB disks, RAID none (one disk a group): 1 TB less 3% = 970 GB a disk.
    // 11 days x 86.4 GB = 950.4 GB fits on one disk; with Milestone's 5 GB it still fits (955.4 GB);
    // with a 50 GB reserve it needs 1000.4 GB: two disks
    const disks = (reserve: string) => plan({ channels: 1, days: 11, recorders: 1, recorderInbound: '100Mbps', recorderBays: 4, raid: 'none', raidGroup: 1, disk: '1TB', reserve }).recorders[0]!.recorders[0]!.build.totalDisks;
    expect(disks('none')).toBe(1);
    expect(disks('milestone')).toBe(1);
    expect(disks('50GB')).toBe(2);
  });

  it('picks the RAID group that puts most data disks in the bays', async () => {
    expect(recorderGroupSize('6', 16)).toBe(16); // 14 data
    expect(recorderGroupSize('6', 24)).toBe(12); // 2 x 10 = 20 data; 3 x 8 = 18
    expect(recorderGroupSize('5', 16)).toBe(8); // RAID 5 kept to 8 wide: 2 x 7 = 14
    expect(recorderGroupSize('1', 9)).toBe(2);
  });

  it('assigns groups by name, the rest to the one model that names none', async () => {
    const r = file(`
groups:
  - { name: roads, channels: 40, days: 30 }
  - { name: plaza, channels: 8, days: 30, codec: h265, resolution: 4k }
recorders:
  - { name: big, inbound: 640Mbps, bays: 24, groups: [plaza] }
  - { name: small, count: auto, inbound: 320Mbps, bays: 8 }
`);
    expect(r.recorders[0]!.recorders[0]!.groups).toEqual([{ group: 'plaza', channels: 8 }]);
    // roads: 40 x 8 = 320 Mbit/s; at 70% of 320 = 224: 2 recorders (160 Mbit/s, 50%)
    expect(r.recorders[1]!.count).toBe(2);
    expect(r.recorders[1]!.recorders.map((x) => x.groups)).toEqual([[{ group: 'roads', channels: 20 }], [{ group: 'roads', channels: 20 }]]);
  });

  it('refuses assignments that cannot be followed, naming the line', async () => {
    const groups = 'groups:\n  - { name: a, channels: 1 }\n  - { name: b, channels: 1 }\n';
    expect(() => file(`${groups}recorders:\n  - { inbound: 1Gbps, bays: 8, groups: [c] }\n`)).toThrow('site.yaml:5 recorders[0].groups: no camera group is named "c"; expected one of "a", "b"');
    expect(() => file(`${groups}recorders:\n  - { inbound: 1Gbps, bays: 8, groups: [a] }\n`)).toThrow('camera group "b" on no recorder');
    expect(() => file(`${groups}recorders:\n  - { inbound: 1Gbps, bays: 8 }\n  - { inbound: 1Gbps, bays: 8 }\n`)).toThrow('2 recorder models name no groups');
    expect(() => file('groups:\n  - { name: a, channels: 1 }\n  - { name: a, channels: 2 }\n')).toThrow('site.yaml:3 groups[1].name: "a" names two camera groups');
    expect(() => file(`${groups}recorders:\n  - { bays: 8 }\n`)).toThrow('site.yaml:5 recorders[0].inbound: missing');
  });
});

describe('switches: uplink and PoE', () => {
  const site = (sw: string, extra = '') => file(`
groups:
  - { name: cams, channels: 24, bitrate: 4Mbps, days: 7${extra} }
switches:
  - ${sw}
`);

  it('adds recording, viewing and overhead against the uplink', async () => {
    // recording 24 x 4 = 96 Mbit/s; viewing 4 operators x 4 streams x 4 Mbit/s (no sub stream: main) = 64;
    // (96 + 64) x 1.1 = 176 Mbit/s over a 100 Mbit/s uplink
    const r = site('{ name: sw, groups: [cams], uplink: 100Mbps, viewers: 4, streamsEach: 4 }');
    const s = r.switches[0]!.switches[0]!;
    expect(s.recordingBps.toNumber()).toBe(96e6);
    expect(s.viewingBps.toNumber()).toBe(64e6);
    expect(s.uplinkBps.toNumber()).toBe(176e6);
    expect(r.errors).toEqual(['sw: its uplink carries 176 Mbit/s (recording 96 Mbit/s + viewing 64 Mbit/s, + 10.0% overhead), over its 100 Mbit/s (load 176.0%)']);
  });

  it('counts multicast viewing once per distinct stream', async () => {
    // 10 operators x 4 streams = 40 wanted, but only 24 cameras: 24 streams x 1 Mbit/s
    const r = site('{ name: sw, groups: [cams], uplink: 1Gbps, viewers: 10, streamsEach: 4, viewBitrate: 1Mbps, multicast: true }');
    expect(r.switches[0]!.switches[0]!.viewingStreams).toBe(24);
    expect(r.switches[0]!.switches[0]!.viewingBps.toNumber()).toBe(24e6);
  });

  it('checks PoE by IEEE class against the budget, at its 80 % ceiling (issue 22)', async () => {
    // 24 x 15.4 W (class 3, the default) = 369.6 W: within 370 W, but over 80 % of it (296 W)
    expect(site('{ name: sw, groups: [cams], poeBudget: 370W }').errors).toEqual(['sw: its cameras draw 369.6 W of PoE, over 80.0% of its budget of 370 W (296 W)']);
    expect(site('{ name: sw, groups: [cams], poeBudget: 370W }\npoeMaxLoad: 100%').errors).toEqual([]);
    expect(site('{ name: sw, groups: [cams], poeBudget: 470W }').errors).toEqual([]);
    expect(site('{ name: sw, groups: [cams], poeBudget: 370W }', ', poe: at').errors).toEqual(['sw: its cameras draw 720 W of PoE, over 80.0% of its budget of 370 W (296 W)']);
    expect(parsePoe('x', 'class6').watts.toNumber()).toBe(60);
    expect(parsePoe('x', '802.3bt').source).toBe('class 6 (802.3bt)');
    expect(parsePoe('x', '12.95W').watts.toNumber()).toBe(12.95);
    expect(() => parsePoe('--poe', 'class9')).toThrow('--poe: expected a PoE class (class0 to class8, af, at, bt) or watts such as 12.95W, got "class9"');
  });

  it('sizes how many switches by ports and PoE budget, and says which decided', async () => {
    // 24 cameras on 8-port switches: 3; at 30 W each on a 150 W budget at 80 % (120 W): 4 a switch -> 6 switches
    expect(site('{ name: sw, count: auto, groups: [cams], ports: 8 }').switches[0]!.count).toBe(3);
    const r = site('{ name: sw, count: auto, groups: [cams], ports: 8, poeBudget: 150W }', ', poe: class4');
    expect(r.switches[0]!.count).toBe(6);
    expect(r.switches[0]!.countReason).toBe('PoE budget 150 W at 80.0% (120 W)');
    expect(r.errors).toEqual([]);
    // 100 W at 80 % = 80 W: 720 W / 80 = 9 switches by the sum, but 24 cameras over 9 switches put 3 on some
    // (90 W): cameras are whole, so 12 switches of 2; the reason names PoE, not the uplink
    const whole = site('{ name: sw, count: auto, groups: [cams], ports: 8, poeBudget: 100W }', ', poe: class4');
    expect(whole.switches[0]!.count).toBe(12);
    expect(whole.switches[0]!.countReason).toBe('PoE budget 100 W at 80.0% (80 W), cameras whole on each switch');
  });
});

describe('tiers', () => {
  it('keeps the sub stream its own days, and the oldest days on the archive tier', async () => {
    // main 8 Mbit/s = 86.4 GB a day x 90 = 7776 GB; sub 1 Mbit/s = 10.8 GB a day x 30 = 324 GB; 8100 GB a channel
    const r = plan({ channels: 1, substream: '1Mbps', substreamDays: 30, archiveDays: 60 });
    expect(r.cameras[0]!.bytesPerChannel).toBe(8_100_000_000_000n);
    // recorders keep the newest 30 days: main 2592 GB + sub 324 GB; the archive the oldest 60 of main: 5184 GB
    expect(r.hotBytes).toBe(2_916_000_000_000n);
    expect(r.archiveBytes).toBe(5_184_000_000_000n);
    expect(r.archive!.usableAfterOverhead >= 5_184_000_000_000n).toBe(true);
  });

  it('refuses an archive tier that leaves the recorders nothing', async () => {
    expect(() => plan({ days: 30, archiveDays: 30 })).toThrow('--archive-days: 30 archive days leave none on the recorders for "cameras", which keeps 30');
    expect(() => plan({ archiveDisk: '20TB' })).toThrow('--archive-disk: needs --archive-days');
  });

  it('says how many days an edge SD card holds of the stream it records: the main stream unless told (issue 22)', async () => {
    // cameras record the main stream to the card as they ship: 256 GB / 86.4 GB a day = 2.96 days, with a
    // sub stream or without; told to record the sub stream: 256 GB / 10.8 GB a day = 23.70 days
    const shipped = plan({ sdCard: '256GB', substream: '1Mbps' }).edge[0]!;
    expect([shipped.stream, shipped.daysHeld.toFixed(2)]).toEqual(['main', '2.96']);
    expect(plan({ sdCard: '256GB', substream: '1Mbps', sdCardStream: 'sub' }).edge[0]!.daysHeld.toFixed(2)).toBe('23.70');
    expect(() => plan({ sdCard: '256GB', sdCardStream: 'sub' })).toThrow(/--sd-card-stream: sub, but no sub stream is recorded/);
    expect(() => plan({ substreamDays: 100 })).toThrow(/--substream-days: no sub stream is recorded in this group/);
    const main = plan({ sdCard: '256GB' }).edge[0]!;
    expect(main.stream).toBe('main');
    expect(main.daysHeld.toFixed(2)).toBe('2.96');
    expect(plan({ sdCard: '64GB' }).risks).toContain('SD cards of cameras hold 0.74 days of the main stream: less than a day of fallback.');
  });
});

describe('growth and headroom', () => {
  it('shows growth as a plan of its own and never changes the plan as given', async () => {
    const r = plan({ growth: '20%' });
    expect(r.totals.bytes).toBe(7_776_000_000_000_000n);
    // 1000 x 1.2 = 1200 channels x 7.776 TB = 9.3312 PB
    expect(r.growth!.result.totals.channels).toBe(1200);
    expect(r.growth!.result.totals.bytes).toBe(9_331_200_000_000_000n);
    // 7 cameras + 20% = 8.4 -> 9 whole cameras
    expect(plan({ channels: 7, growth: '20%' }).growth!.result.totals.channels).toBe(9);
  });

  it('adds headroom as a line of its own and sizes for it', async () => {
    const r = plan({ headroom: '10%', spares: 0, overhead: '0%' });
    // 10% of 7.776 PB = 777.6 TB; 8.5536 PB over 128 TB a RAID 6 group of 10 x 16 TB = 66.825 -> 67 groups
    expect(r.headroomBytes).toBe(777_600_000_000_000n);
    expect(r.build.groups).toBe(67);
    expect(plan({ spares: 0, overhead: '0%' }).build.groups).toBe(61);
  });
});

describe('vendor units and the bill of materials', () => {
  it('gives the NVR manual figure and the bytes it stands for', async () => {
    const v = plan({}).vendor[0]!;
    // 8000 kbit/s / 8 x 3600 / 1024 = 3515.625 "MB" an hour
    expect(v.mbPerHour.toNumber()).toBe(3515.625);
    // x 24 h x 90 days x 1000 channels / 1024 / 1024 = 7241.96 "TB" ...
    expect(v.tb.toFixed(2)).toBe('7241.96');
    // ... which are 1000 x 1024^3 B each: the same 7.776e15 bytes
    expect(v.bytes).toBe(7_776_000_000_000_000n);
  });

  it('lists disks, spares and cold spares', async () => {
    const r = plan({ coldSpares: '2%' });
    // default build: 61 groups of 10 = 610 disks + 26 hot spares (one in each of 26 enclosures of 24 bays)
    expect(r.bom).toEqual([
      { key: 'storage.enclosures', item: 'storage enclosures', quantity: r.build.enclosures, spec: '24 bays', unit: 'device' },
      { key: 'storage.disks', item: 'storage: disks 16 TB', quantity: r.build.groups * 10, spec: 'RAID 6, groups of 10', unit: 'disk' },
      { key: 'storage.hotSpares', item: 'storage: hot spare disks 16 TB', quantity: r.build.spares, spec: 'installed, idle until a disk fails', unit: 'disk' },
      // 2% of all installed, rounded up
      { key: 'coldSpares.16000000000000', item: 'cold spare disks 16 TB', quantity: Math.ceil(r.build.totalDisks * 0.02), spec: `2% of ${r.build.totalDisks} installed, rounded up, on the shelf`, unit: 'disk' },
    ]);
    const csv = (await vstorIn(['plan', '--bom', '--format', 'csv', '--cold-spares', '3']));
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('item,model,quantity,unit,specification,part number,unit price');
    expect(csv.stdout).toContain('cold spare disks 16 TB,,3,pcs,on the shelf,,');
    const json = JSON.parse((await vstorIn(['plan', '--bom', '--json'])).stdout);
    expect(json.schema).toBe('vstor.plan-bom/1');
    expect(json.bom[1].quantity).toBe(r.build.groups * 10);
  });
});

describe('bitrate estimate', () => {
  it('follows the Kush gauge with the night share at twice the day rate, and says it is an estimate', async () => {
    // 1920 x 1080 x 25 x 2 x 0.07 = 7,257,600 bit/s; x 1.5 for half the day at night = 10,886,400 -> 10,887 kbit/s
    const r = planFromOptions({ fps: 25, scene: 'medium', nightShare: '50%' });
    expect(r.cameras[0]!.bitrateBps.toNumber()).toBe(10_887_000);
    expect(r.cameras[0]!.bitrateSource).toBe('estimate');
    expect(r.notes[0]).toContain('is an estimate: 1920 x 1080 x 25 fps x motion rank 2 (medium) x 0.07 x (1 + 50% at night); vstor plan --from-audit replaces it');
    // H.265 halves it: 5,443,200 -> 5,444 kbit/s; low motion, 15 fps, 4K: 3840 x 2160 x 15 x 1 x 0.07 = 8,709,120 -> 8,710 kbit/s
    expect(planFromOptions({ fps: 25, nightShare: '50%', codec: 'h265' }).cameras[0]!.bitrateBps.toNumber()).toBe(5_444_000);
    expect(planFromOptions({ fps: 15, scene: 'low', resolution: '4k' }).cameras[0]!.bitrateBps.toNumber()).toBe(8_710_000);
    // a bitrate given wins, and the user is told the estimate inputs were not used
    const given = planFromOptions({ bitrate: '4Mbps', fps: 30 });
    expect(given.cameras[0]!.bitrateBps.toNumber()).toBe(4e6);
    expect(given.notes).toEqual(['--fps: not used, the bitrate given wins over an estimate']);
    expect(() => planFromOptions({ scene: 'busy' })).toThrow('--scene: expected a scene activity: low, medium or high, got "busy"');
  });
});

describe('failover (issue 22)', () => {
  it('buys N+M standby recorders, each with the disks of the busiest', async () => {
    // 100 channels at 8 Mbit/s for 7 days on 320 Mbit/s recorders at 70 % (224 Mbit/s: 28 channels):
    // 4 recorders of 25 channels; 2 standby recorders of 16 disks each
    const r = plan({ channels: 100, days: 7, recorders: 'auto', recorderInbound: '320Mbps', recorderBays: 16, recorderStandby: 2 });
    expect(r.recorders[0]!.count).toBe(4);
    const standby = r.bom.find((b) => b.key === 'recorders.nvr.standby')!;
    expect(standby).toMatchObject({ quantity: 2, item: 'recorders: nvr, standby (N+2)', unit: 'device' });
    const busiest = Math.max(...r.recorders[0]!.recorders.map((x) => x.build.totalDisks));
    const standbyDisks = r.bom.filter((b) => b.key.startsWith('recorders.nvr.standby.')).reduce((a, b) => a + b.quantity, 0);
    expect(standbyDisks).toBe(2 * busiest);
    expect(() => plan({ channels: 100, recorders: 'auto', recorderInbound: '320Mbps', recorderBays: 16, recorderStandby: 'two' })).toThrow(/--recorder-standby: expected a whole number/);
  });
});

describe('what a plan does not check, said (issue 22)', () => {
  it('says a switch that carries nothing is unchecked, and who moves days to an archive tier', async () => {
    const r = file('groups:\n  - { name: cams, channels: 24, bitrate: 4Mbps, days: 30 }\nswitches:\n  - { name: access, groups: [cams] }\n  - { name: idle, uplink: 1Gbps }\n');
    expect(r.risks).toContain('switch idle carries no camera and no viewer: name its camera groups (groups: [...]) or its viewers, else nothing on it is checked.');
    const a = plan({ archiveDays: 20, days: 30 });
    expect(a.risks.some((n) => /a recorder does not move its oldest 20 days there by itself/.test(n))).toBe(true);
  });
});

describe('aggregation and core links (issue 22)', () => {
  it('carries the uplinks of the switches it aggregates over its own uplink', async () => {
    // 48 cameras at 8 Mbit/s on two 24-port access switches: 24 x 8 x 1.1 = 211.2 Mbit/s each uplink;
    // the aggregation switch takes both: 422.4 Mbit/s over a 1 Gbit/s uplink (42.2 %), and over 300 Mbit/s fails
    const ok = file('groups:\n  - { name: cams, channels: 48, bitrate: 8Mbps, days: 7 }\nswitches:\n  - { name: access, count: 2, groups: [cams], ports: 24 }\n  - { name: agg, uplink: 1Gbps, aggregates: [access] }\n');
    const agg = ok.switches[1]!.switches[0]!;
    expect(agg.uplinkBps.toNumber()).toBe(422.4e6);
    expect(agg.load!.toNumber()).toBeCloseTo(0.4224, 6);
    expect(ok.errors).toEqual([]);
    const over = file('groups:\n  - { name: cams, channels: 48, bitrate: 8Mbps, days: 7 }\nswitches:\n  - { name: core, uplink: 300Mbps, aggregates: [access] }\n  - { name: access, count: 2, groups: [cams], ports: 24 }\n');
    expect(over.errors).toEqual(['core: its uplink carries 422.4 Mbit/s (recording 0 bit/s + viewing 0 bit/s, + 10.0% overhead, + 422.4 Mbit/s from the switches it aggregates), over its 300 Mbit/s (load 140.8%)']);
    expect(() => file('groups:\n  - { name: cams, channels: 4 }\nswitches:\n  - { name: core, aggregates: [nothing] }\n')).toThrow(/aggregates: no switch model is named "nothing"/);
  });
});

describe('recorder outbound (issue 22)', () => {
  it('adds the viewed streams and the daily copy to the archive tier against the outbound rating', async () => {
    // 24 channels of 8 Mbit/s + a 1 Mbit/s sub stream, kept 90 days, the oldest 60 on the archive tier:
    // a channel copies one day of main stream a day, 86.4 GB = 8 Mbit/s; 24 channels 192 Mbit/s; plus 16
    // viewed sub streams of 1 Mbit/s: 208 Mbit/s, over a 160 Mbit/s outbound rating (130 %)
    const yaml = (outbound: string) =>
      `groups:\n  - { name: cams, channels: 24, bitrate: 8Mbps, substream: 1Mbps, substreamDays: 30, days: 90 }\nrecorders:\n  - { name: nvr, count: 1, inbound: 320Mbps, bays: 64, disk: 20TB, outbound: ${outbound}, viewStreams: 16 }\narchive: { days: 60, disk: 20TB }\n`;
    const over = file(yaml('160Mbps'));
    const r = over.recorders[0]!.recorders[0]!;
    expect(r.outboundBps.toNumber()).toBe(208e6);
    expect(over.errors).toEqual(['nvr: sends 208 Mbit/s (16 viewed streams and its copy to the archive tier), over its outbound rating of 160 Mbit/s (load 130.0%)']);
    expect(file(yaml('400Mbps')).errors).toEqual([]);
  });
});

describe('shelves of one array (issue 22)', () => {
  it('bills the array head unit the shelves hang off', async () => {
    const r = plan({ enclosures: 'shelves' });
    expect(r.bom[0]).toMatchObject({ key: 'storage.head', quantity: 1, item: 'storage array head unit (controller)' });
    expect(plan({}).bom.some((b) => b.key === 'storage.head')).toBe(false);
  });
});

describe('ANR back-fill (issue 22)', () => {
  it('says how long the busiest recorder takes to fetch back an hour of outage from the cards', async () => {
    // 24 channels x 9 Mbit/s (main 8 + sub 1) = 216 Mbit/s on a 320 Mbit/s recorder: 104 Mbit/s left, so an
    // hour of outage (216 Mbit/s x 1 h) comes back in 216 / 104 = 2.1 h
    const r = plan({ channels: 24, substream: '1Mbps', days: 7, sdCard: '256GB', recorders: 1, recorderInbound: '320Mbps', recorderBays: 16 });
    expect(r.risks).toContain("ANR back-fill: the busiest recorder of nvr (nvr, 67.5% of its inbound rating) takes 2.1 h to fetch back each hour of a network outage from the cameras' SD cards while it records.");
  });
});
