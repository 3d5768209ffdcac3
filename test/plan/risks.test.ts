/**
 * Issue 14's fixes and design-risk notes, each figure checked by hand in a comment.
 */
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/plan/compute.ts';
import { planFromAudit } from '../../src/plan/from-audit.ts';
import { planFromOptions } from '../../src/plan/options.ts';
import { parsePlanFile } from '../../src/plan/plan-file.ts';
import { vstorIn } from '../helpers/cli.ts';

const plan = (o: Record<string, string>) => computePlan(planFromOptions(o));

describe('design-risk notes', () => {
  it('shows the RAID 5 rebuild arithmetic for large disks', async () => {
    const r = plan({ raid: '5', raidGroup: '8', disk: '16TB' });
    // 7 other disks x 16e12 B x 8 = 8.96e14 bits; 1 - e^(-1e-15 x 8.96e14) = 1 - e^(-0.896) = 0.592; 16e12 / 1e8 = 160,000 s = 44 h
    expect(r.risks).toEqual([
      'RAID 5 with 8 x 16 TB disks: a rebuild reads the 7 other disks whole, 7 x 16 TB x 8 = 8.96e+14 bits; at the enterprise URE rate of 1 in 10^15 bits the chance of an unreadable sector on the way is 1 - e^(-0.896) = 59%, and the rebuild takes 16 TB / 100 MB/s = 44 h with no redundancy left; RAID 6 survives both.',
    ]);
    expect(plan({ raid: '5', raidGroup: '8', disk: '8TB' }).risks).toEqual([]);
  });

  it('says when a group is wider than an enclosure, and when spares have nothing to protect', async () => {
    expect(plan({ bays: '1' }).risks).toEqual(['a RAID group of 10 disks is wider than an enclosure of 1 bays: each group spans enclosures, so one enclosure failing takes groups down with it.']);
    expect(plan({ raid: 'none', raidGroup: '1', spares: '4' }).risks).toEqual([
      'RAID none: no redundancy at all: one failed disk loses its footage.',
      '4 hot spare(s) with RAID none: a spare has nothing to rebuild without redundancy; they only wait on the shelf.',
    ]);
    expect(plan({}).risks).toEqual([]);
  });
});

describe('input that cannot be planned', () => {
  it('refuses a size without a unit, suggesting one', async () => {
    const r = (await vstorIn(['plan', '--disk', '16']));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('vstor: --disk: expected a size with a unit, e.g. 16TB, got "16"');
  });

  it('gives hints that are valid examples', async () => {
    expect((await vstorIn(['plan', '--bitrate', '0'])).stderr.trim()).toBe('vstor: --bitrate: expected a bitrate with a unit, e.g. 8Mbps or 4096kbps, got "0"');
    expect(() => parsePlanFile('groups:\n  - { channels: 10, bitrate: 8000000 }\n', 'site.yaml')).toThrow(/e\.g\. 8000000bps \(= 8 Mbit\/s\)/);
  });

  it('refuses figures that cannot be counted exactly', async () => {
    // every figure within what is sold (1 Gbit/s a stream), but 10^12 channels for 100,000 days
    const r = (await vstorIn(['plan', '--channels', '1000000000000', '--bitrate', '1Gbps', '--days', '100000']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/more than can be counted exactly \(2\^53\)/);
  });
});

describe('plan --from-audit', () => {
  it('takes the overhead off a capacity given', async () => {
    // 2 channels of 1 MB a day; 100 MB less 50 % = 50 MB: 25 days, not 50
    const r = planFromAudit([{ channel: 'a', bitrateBps: 93, bytesPerDay: 1e6 }, { channel: 'b', bitrateBps: 93, bytesPerDay: 1e6 }], 8e6, 0, 100e6, 30, 0.5);
    expect(r).toMatchObject({ usableBytes: 50e6, daysHeld: 25, fits: false });
  });
});
