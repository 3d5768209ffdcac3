import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute.ts';
import type { PlanInput, RaidLevel } from '../../src/plan/model.ts';
import { planFromOptions } from '../../src/plan/options.ts';
import { parsePlanFile } from '../../src/plan/plan-file.ts';
import { defaultBitrate, parseResolution } from '../../src/plan/resolution.ts';

const plan = (opts: Record<string, string | number>) => computePlan(planFromOptions(opts));

describe('the seed case', () => {
  it('plans 1000 x 1080P x 8 Mbps x 90 days as 7.776 TB a channel, 7.776 PB in all, by default', () => {
    const r = plan({});
    expect(r.cameras[0]!.bytesPerChannelDay).toBe(86_400_000_000n);
    expect(r.cameras[0]!.bytesPerChannel).toBe(7_776_000_000_000n);
    expect(r.totals.bytes).toBe(7_776_000_000_000_000n);
    expect(r.totals.channels).toBe(1000);
    expect(r.totals.ingestBps.toNumber()).toBe(8e9);
    expect(r.totals.writeBytesPerSecond.toNumber()).toBe(1e9);
  });

  it('builds 61 RAID 6 groups, 610 disks of 16 TB with no spares or overhead', () => {
    const b = plan({ channels: 1000, bitrate: '8Mbps', days: 90, raid: '6', raidGroup: 10, disk: '16TB', spares: 0, overhead: '0%' }).build;
    expect(b.groups).toBe(61);
    expect(b.totalDisks).toBe(610);
    expect(b.dataDisks).toBe(488);
    expect(b.parityDisks).toBe(122);
    expect(b.usableBytes).toBe(61n * 8n * 16_000_000_000_000n);
    expect(b.headroomBytes).toBe(b.usableBytes - 7_776_000_000_000_000n);
  });

  it('finds that 500 TB holds 64 channels at 8 Mbps for 90.42 days', () => {
    const c = plan({ channels: 64, bitrate: '8Mbps', capacity: '500TB', overhead: '0%' }).capacity!;
    expect(c.daysHeld.toFixed(2)).toBe('90.42');
    expect(c.fits).toBe(true);
    expect(c.requiredDays).toBe(90);
  });
});

describe('arithmetic', () => {
  it('is linear in channels and days', () => {
    const base = plan({ channels: 7, days: 13, bitrate: '3.3Mbps' }).totals.bytes;
    expect(plan({ channels: 14, days: 13, bitrate: '3.3Mbps' }).totals.bytes).toBe(base * 2n);
    expect(plan({ channels: 7, days: 39, bitrate: '3.3Mbps' }).totals.bytes).toBe(base * 3n);
    expect(plan({ channels: 21, days: 26, bitrate: '3.3Mbps' }).totals.bytes).toBe(base * 6n);
  });

  it('stays exact past 10^18 bytes', () => {
    // 1 Gbit/s x 86400 s / 8 = 10.8 TB a day; x 100000 channels x 1000 days = 1.08e21 B.
    const r = plan({ channels: 100_000, bitrate: '1Gbps', days: 1000 });
    expect(r.totals.bytes).toBe(1_080_000_000_000_000_000_000n);
  });

  it('counts duty, schedule, audio and sub stream', () => {
    const r = plan({ channels: 1, bitrate: '4Mbps', audio: '64kbps', substream: '512kbps', duty: '25%', hoursPerDay: 12, days: 1 });
    // (4,000,000 + 64,000 + 512,000) bit/s x 12 h x 3600 x 25 % / 8
    expect(r.totals.bytes).toBe(BigInt((4_576_000 * 12 * 3600 * 0.25) / 8));
    expect(r.totals.ingestBps.toNumber()).toBe(4_576_000);
  });

  it('rounds a fractional byte a day up', () => {
    // 1 bit/s x 86400 s x 1/3 / 8 = 3600 exactly; 7 bit/s x 86400 / 8 x 33.3% is not whole
    const r = plan({ channels: 1, bitrate: '7bps', duty: '33.3%', days: 1 });
    expect(r.cameras[0]!.bytesPerChannelDay).toBe(25_175n); // 7 x 86400 x 0.333 / 8 = 25174.8
  });

  it('plans picture-capture groups as pictures x size x days', () => {
    const input = planFromOptions({ channels: 1, bitrate: '1Mbps', days: 1 });
    input.captures.push({ name: 'gate', devices: 10, capturesPerDay: 20_000, bytesPerCapture: 500_000n, days: 180 });
    const r = computePlan(input);
    expect(r.captures[0]!.bytes).toBe(10n * 20_000n * 500_000n * 180n);
    expect(r.totals.bytes).toBe(r.captures[0]!.bytes + 10_800_000_000n);
  });
});

describe('RAID levels', () => {
  const needed = 1_000_000_000_000_000n; // 1 PB exactly
  const cases: [RaidLevel, number, number, number][] = [
    // level, group size, groups for 1 PB of 10 TB disks, parity disks a group
    ['none', 1, 100, 0],
    ['0', 4, 25, 0],
    ['1', 2, 100, 1],
    ['5', 5, 25, 1],
    ['6', 6, 25, 2],
    ['10', 8, 25, 4],
  ];
  it.each(cases)('RAID %s with %d-disk groups needs %d groups', (raid, size, groups, parity) => {
    // 1 PB a day for one day: 92,592,592.6 bit/s is not whole, so build 1 PB from a capture group instead
    const input: PlanInput = {
      cameras: [],
      captures: [{ name: 'x', devices: 1, capturesPerDay: 1, bytesPerCapture: needed, days: 1 }],
      storage: { raid, groupSize: size, diskBytes: 10_000_000_000_000n, spares: 0, overhead: planFromOptions({ overhead: '0%' }).storage.overhead, bays: 1000 },
      poeMaxLoad: planFromOptions({}).poeMaxLoad,
      recorders: [],
      switches: [],
      maxLoad: planFromOptions({}).maxLoad,
      notes: [],
    };
    const b = computePlan(input).build;
    expect(b.groups).toBe(groups);
    expect(b.parityDisksPerGroup).toBe(parity);
    expect(b.usableAfterOverhead >= needed).toBe(true);
    expect(b.usableAfterOverhead - b.usablePerGroup < needed).toBe(true);
  });

  it('takes overhead off the usable space', () => {
    const b = plan({ channels: 1000, bitrate: '8Mbps', raid: '6', raidGroup: 10, disk: '16TB', spares: 0, overhead: '10%' }).build;
    // 7.776 PB / 0.9 = 8.64 PB; / 128 TB a group = 67.5 -> 68
    expect(b.groups).toBe(68);
    expect(b.usableAfterOverhead).toBe(68n * 128_000_000_000_000n * 9n / 10n);
  });

  it('puts whole RAID groups and one hot spare in each enclosure when spares are auto (issue 22)', () => {
    const b = plan({ raid: '6', raidGroup: 10, disk: '16TB', spares: 'auto', overhead: '0%', bays: 24 }).build;
    // 7.776 PB / (8 x 16 TB = 128 TB a group) = 60.75 -> 61 groups; a box of 24 bays holds floor(23 / 10) = 2
    // groups and its spare -> ceil(61 / 2) = 31 enclosures, 31 spares, 610 + 31 = 641 disks
    expect(b.groups).toBe(61);
    expect(b.enclosures).toBe(31);
    expect(b.spares).toBe(31);
    expect(b.totalDisks).toBe(641);
    expect(b.groupsSpanEnclosures).toBe(false);
    // expansion shelves of one array pool their bays: 610 group disks / 23 bays -> 27 shelves, 27 spares
    const shelves = plan({ raid: '6', raidGroup: 10, disk: '16TB', spares: 'auto', overhead: '0%', bays: 24, enclosures: 'shelves' }).build;
    expect([shelves.enclosures, shelves.spares, shelves.totalDisks, shelves.groupsSpanEnclosures]).toEqual([27, 27, 637, true]);
  });

  it('sizes the seed\'s default plan as boxes of whole groups: 34 enclosures, 714 disks (issue 22)', () => {
    const b = plan({}).build;
    // 10 % overhead: 7.776 PB / 0.9 = 8.64 PB / 128 TB = 67.5 -> 68 groups; 2 a box -> 34 boxes + 34 spares
    expect([b.groups, b.enclosures, b.spares, b.totalDisks]).toEqual([68, 34, 34, 714]);
    // fixed spares go into the bays the groups leave free, then into boxes of their own: 68 groups in 34
    // boxes leave 34 x 4 = 136 bays; 140 spares need one box more
    expect(plan({ spares: '140' }).build.enclosures).toBe(35);
    expect(plan({ spares: '136' }).build.enclosures).toBe(34);
  });

  it.each([
    [{ raid: '7' }, /--raid: expected a RAID level: none, 0, 1, 5, 6, 10, got "7"/],
    [{ raid: '6', raidGroup: 3 }, /--raid-group: a RAID 6 group needs at least 4 disks, got 3/],
    [{ raid: '5', raidGroup: 2 }, /--raid-group: a RAID 5 group needs at least 3 disks/],
    [{ raid: '10', raidGroup: 5 }, /--raid-group: a RAID 10 group mirrors disks in pairs/],
    [{ raid: 'none', raidGroup: 4 }, /--raid-group: RAID none keeps every disk on its own/],
  ])('refuses %j', (opts, message) => {
    expect(() => plan(opts as Record<string, string | number>)).toThrow(message);
  });
});

describe('inverse questions', () => {
  it('round-trips: the days a build holds are at least the days it was planned for', () => {
    for (const days of [1, 7, 30, 90, 365]) {
      const forward = plan({ channels: 37, bitrate: '6Mbps', days, overhead: '7%' });
      const capacity = `${forward.build.usableBytes}B`;
      const back = plan({ channels: 37, bitrate: '6Mbps', days, overhead: '7%', capacity }).capacity!;
      expect(back.fits).toBe(true);
      expect(back.daysHeld.gte(days)).toBe(true);
      // and exactly the planned volume holds exactly the planned days
      const exact = plan({ channels: 37, bitrate: '6Mbps', days, overhead: '0%', capacity: `${forward.totals.bytes}B` }).capacity!;
      expect(exact.daysHeld.toNumber()).toBe(days);
      expect(exact.marginBytes).toBe(0n);
      expect(exact.maxBitrateBps!.toNumber()).toBe(6_000_000);
    }
  });

  it('says when the capacity does not fit, and by how much', () => {
    const c = plan({ channels: 64, bitrate: '8Mbps', capacity: '400TB', overhead: '0%', days: 90 }).capacity!;
    expect(c.fits).toBe(false);
    expect(c.marginBytes).toBe(400_000_000_000_000n - 64n * 7_776_000_000_000n);
    expect(c.marginDays.toNumber()).toBeLessThan(0);
    expect(c.maxBitrateBps!.toNumber()).toBeLessThan(8_000_000);
  });
});

describe('resolution defaults', () => {
  it('takes 1080p at 8 Mbps (the seed), halves it for H.265, and scales WxH by pixels', () => {
    expect(defaultBitrate(parseResolution('r', '1080p'), 'h264').toNumber()).toBe(8_000_000);
    expect(defaultBitrate(parseResolution('r', '1080p'), 'h265').toNumber()).toBe(4_000_000);
    expect(defaultBitrate(parseResolution('r', '1920x1080'), 'h264').toNumber()).toBe(8_000_000);
    expect(defaultBitrate(parseResolution('r', '960x540'), 'h264').toNumber()).toBe(2_000_000);
    expect(() => parseResolution('--resolution', '8k')).toThrow(/--resolution: expected a resolution/);
  });
});

describe('days held, stream by stream (issue 22)', () => {
  it('gives the main stream its own days when the sub stream keeps fewer', () => {
    const c = plan({ channels: 1000, substream: '1Mbps', substreamDays: 30, capacity: '8487.5TB', overhead: '0%' }).capacity!;
    // main 1000 x 8 Mbit/s = 86.4 TB a day, sub 10.8 TB a day kept 30 days = 324 TB.
    // Blended: 8487.5 / 97.2 = 87.32 days, which reads as failing 90. The main stream holds
    // (8487.5 - 324) / 86.4 = 94.4850 days; the sub stream (8487.5 - 7776) / 10.8 = 65.8796 days.
    expect(c.daysHeld.toFixed(2)).toBe('87.32');
    expect(c.streams.map((s) => [s.stream, s.requiredDays, s.daysHeld.toFixed(4), s.fits])).toEqual([
      ['main', 90, '94.4850', true],
      ['sub', 30, '65.8796', true],
    ]);
    expect(c.fits).toBe(true);
    // the bitrate that fits leaves the sub stream its 30 days: 8163.5 TB x 8 / (86400 s x 90 d x 1000)
    expect(c.maxBitrateBps!.toFixed(0)).toBe('8398662');
  });

  it('judges two groups of 30 and 90 days each against its own requirement', () => {
    const text = 'groups:\n  - { name: a, channels: 100, bitrate: 8Mbps, days: 30 }\n  - { name: b, channels: 100, bitrate: 8Mbps, days: 90 }\nstorage: { capacity: 1000TB, overhead: 0% }\n';
    const c = computePlan(parsePlanFile(text, 'two.yaml')).capacity!;
    // each group 100 x 8 Mbit/s = 8.64 TB a day; a needs 259.2 TB, b 777.6 TB: 1036.8 TB > 1000 TB.
    // a holds (1000 - 777.6) / 8.64 = 25.7407 days of 30; b (1000 - 259.2) / 8.64 = 85.7407 days of 90
    expect(c.streams.map((s) => [s.group, s.requiredDays, s.daysHeld.toFixed(4), s.fits])).toEqual([
      ['a', 30, '25.7407', false],
      ['b', 90, '85.7407', false],
    ]);
    expect(c.fits).toBe(false);
  });
});

describe('peak and average (issue 22)', () => {
  it('sizes storage on the average and links and recorders on the peak', () => {
    // 12 hours a day at 50 % duty: 1000 x 8 Mbit/s = 8 Gbit/s = 1000 MB/s while all record; the day's bytes
    // 1000 x 1 MB/s x 43200 s x 0.5 = 21.6 TB, an average of 250 MB/s
    const r = plan({ hoursPerDay: 12, duty: '50%' });
    expect(r.totals.peakWriteBytesPerSecond.toNumber()).toBe(1e9);
    expect(r.totals.writeBytesPerSecond.toNumber()).toBe(250e6);
    // VBR: an average of 3 Mbit/s under a cap of 8: 24 x 3e6 / 8 x 86400 = 777.6 GB a day stored, but the
    // links carry 24 x 8 Mbit/s = 192 Mbit/s and the disks take 24 MB/s at the peak
    const vbr = plan({ channels: 24, bitrate: '3Mbps', peak: '8Mbps' });
    expect(vbr.totals.bytesPerDay).toBe(777_600_000_000n);
    expect(vbr.totals.ingestBps.toNumber()).toBe(192e6);
    expect(vbr.totals.peakWriteBytesPerSecond.toNumber()).toBe(24e6);
    expect(() => plan({ bitrate: '8Mbps', peak: '4Mbps' })).toThrow(/--peak: 4Mbps is below the average bitrate/);
    // a recorder rated 160 Mbit/s at 70 % takes 112 Mbit/s: 14 channels at their 8 Mbit/s peak (37 at the
    // 3 Mbit/s average would overrun it whenever they peak together): 24 channels need 2 recorders
    const nvr = plan({ channels: 24, bitrate: '3Mbps', peak: '8Mbps', recorders: 'auto', recorderInbound: '160Mbps', recorderBays: 8 });
    expect(nvr.recorders[0]!.count).toBe(2);
  });
});
