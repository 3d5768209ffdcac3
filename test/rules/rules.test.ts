import { noteText } from '../../src/report/i18n.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeSegment } from '../helpers/segments.ts';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkStream } from '../../src/audit/stream-check.ts';
import { ruleFor } from '../../src/rules/match.ts';
import { parseRuleText } from '../../src/rules/parse.ts';
import { loadRule, loadRuleMap, presetNames } from '../../src/rules/presets.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { segmentPath } from '../../src/samples/names.ts';
import { vstor, vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const noRefs = (ref: string) => {
  throw new Error(`unexpected ref ${ref}`);
};

describe('presets', () => {
  // each preset's days and where they come from: a source that is a standard's number, or says it is none
  const PRESETS: Record<string, [number, RegExp]> = {
    'bank-ga38': [30, /^GA 38-2015 /],
    'event-recording': [30, /^vstor template, no external source$/],
    hotel: [90, /^local public-security rules for hotels;/],
    'kunming-public-security': [90, /^《昆明市公共安全视频监控系统建设规范（试行）》/],
    petrochemical: [90, /^GA 1551 series/],
    'school-gbt29315': [30, /^GB\/T 29315-2012;/],
  };
  it('ships exactly the presets it documents', async () => {
    expect(presetNames().sort()).toEqual(Object.keys(PRESETS).sort());
  });
  it.each(presetNames())('%s loads and cites its source', (name) => {
    const rule = loadRule(name);
    expect(rule.name).toBe(name);
    expect(rule.retentionDays).toBe(PRESETS[name]![0]);
    expect(rule.source).toMatch(PRESETS[name]![1]);
  });

  it('ships the rules the issue names, with their figures', async () => {
    expect(presetNames()).toEqual(expect.arrayContaining(['kunming-public-security', 'bank-ga38', 'school-gbt29315', 'hotel', 'petrochemical']));
    expect(loadRule('kunming-public-security')).toMatchObject({ retentionDays: 90, stream: { minWidth: 1920, minHeight: 1080, plannedBitrateBps: 8_000_000, bitrateTolerance: 0.25 } });
    expect(loadRule('bank-ga38').retentionDays).toBe(30);
    expect(loadRule('school-gbt29315').retentionDays).toBe(30);
    expect(loadRule('hotel').retentionDays).toBe(90);
    expect(loadRule('petrochemical')).toMatchObject({ retentionDays: 90, stream: { minWidth: 1280, minHeight: 720, minFps: 25 } });
    expect(loadRule('event-recording').mode).toBe('event');
  });

  it('names an unknown preset and lists the real ones', async () => {
    expect(() => loadRule('casino')).toThrow(/--rule casino: no such preset or file; presets: bank-ga38, event-recording/);
  });
});

describe('rule files', () => {
  const parse = (text: string) => parseRuleText(text, 'site.yaml', noRefs);

  it('reads a rule with every field', async () => {
    const src = parse('name: gate\nretentionDays: 60\nmaxGap: 2m\nstaleAfter: 30m\nmode: continuous\nminResolution: 2560x1440\nminFrameRate: 20\ncodecs: [h264, H.265]\nplannedBitrate: 6Mbps\nbitrateTolerance: 10%\n');
    expect(src.kind).toBe('rule');
    expect(src.kind === 'rule' && src.rule).toEqual({
      name: 'gate', title: undefined, source: undefined, clause: undefined,
      retentionDays: 60, maxGapSeconds: 120, staleAfterSeconds: 1800, mode: 'continuous',
      stream: { minWidth: 2560, minHeight: 1440, minFps: 20, codecs: ['h264', 'hevc'], plannedBitrateBps: 6_000_000, bitrateTolerance: 0.1 },
    });
  });

  it.each([
    ['retentionDays: 30\nmaxGap: soon\n', /^site\.yaml:2 maxGap: expected a duration/],
    ['retentionDays: -1\n', /^site\.yaml:1 retentionDays: expected a whole number/],
    ['name: x\n', /^site\.yaml:1 retentionDays: missing/],
    ['retentionDays: 30\nminResolution: big\n', /^site\.yaml:2 minResolution: expected a resolution as WxH/],
    ['retentionDays: 30\ncodecs: [h264, vp9]\n', /^site\.yaml:2 codecs: expected a codec/],
    ['retentionDays: 30\nmode: sometimes\n', /^site\.yaml:2 mode: expected continuous or event/],
    ['retentionDays: 30\nretention: 90\n', /^site\.yaml:2 retention: unknown field/],
    ['retentionDays: 30\n  bad: [\n', /^site\.yaml:\d+: not valid YAML or JSON/],
  ])('names the line and field of %j', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });

  it('reads a rule map: patterns to presets, files or inline rules, with installation dates', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'gate.yaml'), 'name: gate-rule\nretentionDays: 180\n');
    writeFileSync(join(dir, 'map.yaml'), [
      'default: hotel',
      'channels:',
      '  - match: "school_*"',
      '    rule: school-gbt29315',
      '  - match: gate_?',
      `    rule: ${join(dir, 'gate.yaml')}`,
      '    installed: 2026-11-01',
      '  - match: lift',
      '    rule: { name: lift-rule, retentionDays: 7, mode: event }',
    ].join('\n'));
    const map = loadRuleMap(join(dir, 'map.yaml'));
    expect(ruleFor('school_east', map).rule.name).toBe('school-gbt29315');
    expect(ruleFor('gate_1', map)).toMatchObject({ rule: { name: 'gate-rule', retentionDays: 180 }, installed: Date.parse('2026-11-01') });
    expect(ruleFor('gate_12', map).rule.name).toBe('hotel');
    expect(ruleFor('lift', map).rule).toMatchObject({ name: 'lift-rule', mode: 'event' });
    expect(ruleFor('lobby', map).rule.name).toBe('hotel');
    writeFileSync(join(dir, 'bad-map.yaml'), 'default: hotel\nchannels:\n  - match: x\n    rule: nosuch\n');
    expect(() => loadRuleMap(join(dir, 'bad-map.yaml'))).toThrow(/bad-map\.yaml:4 channels\[0\]\.rule nosuch: no such preset or file/);
  });
});

describe('checkStream', () => {
  const hd = { width: 1920, height: 1080, fps: 25, codec: 'h264' };
  it('fails resolution, frame rate and codec; warns on bitrate', async () => {
    const req = { minWidth: 1920, minHeight: 1080, minFps: 25, codecs: ['hevc'], plannedBitrateBps: 8e6, bitrateTolerance: 0.25 };
    const r = checkStream(req, [hd, { width: 1280, height: 720, fps: 12, codec: 'h264' }], 4e6);
    expect(r.reasons).toEqual(['resolution', 'frame-rate', 'codec']);
    expect(noteText('en', r.notes.at(-1)!)).toMatch(/^bitrate: measured 4\.00 Mbit\/s, planned 8\.00 Mbit\/s ± 25%/);
    expect(r.measured).toEqual({ width: 1280, height: 720, fps: 12, codecs: ['h264'] });
  });
  it('passes what meets the rule, portrait or landscape, at 24.97 fps for 25', async () => {
    const req = { minWidth: 1920, minHeight: 1080, minFps: 25, plannedBitrateBps: 8e6 };
    expect(checkStream(req, [hd, { width: 1080, height: 1920, fps: 24.97, codec: 'hevc' }], 9e6)).toMatchObject({ reasons: [], notes: [] });
  });
});

describe('vstor audit --rule on a real archive', () => {
  let root: string;
  const NOW = '2026-11-28T08:00:00.000Z';
  beforeAll(async () => {
    root = join(tempDir(), 'archive');
    const src = join(tempDir(), 'src');
    mkdirSync(src);
    const clips = {
      cam_1080: makeClip(join(src, '1080.mp4'), { seconds: 3600, width: 1920, height: 1080, rate: '1/120' }),
      cam_720: makeClip(join(src, '720.mp4'), { seconds: 3600, width: 1280, height: 720, rate: '1/120' }),
      new_cam: makeClip(join(src, 'new.mp4'), { seconds: 3600, width: 1920, height: 1080, rate: '1/120' }),
      motion: makeClip(join(src, 'motion.mp4'), { seconds: 3600, width: 1920, height: 1080, rate: '1/120' }),
    };
    const now = Date.parse(NOW);
    for (const [channel, clip] of Object.entries(clips)) {
      const hours = channel === 'new_cam' ? 20 : 60;
      for (let h = hours; h >= 1; h--) {
        if (channel === 'motion' && h % 3 !== 0) continue; // records one hour in three
        const t = now - h * 3_600_000;
        const target = join(root, segmentPath('mediamtx', channel, t, t + 3_600_000, 'UTC'));
        writeSegment(clip, target, t + 3_600_000);
      }
    }
  });

  const writeRule = (text: string) => {
    const file = join(tempDir(), 'rule.yaml');
    writeFileSync(file, text);
    return file;
  };

  const rules = () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hd.yaml'), 'name: hd-2days\nretentionDays: 2\nminResolution: 1920x1080\n');
    writeFileSync(join(dir, 'map.yaml'), [
      `default: ${join(dir, 'hd.yaml')}`,
      'channels:',
      '  - match: new_*',
      `    rule: ${join(dir, 'hd.yaml')}`,
      '    installed: 2026-11-27T12:00:00Z',
      '  - match: motion',
      '    rule: { name: motion-2days, retentionDays: 2, mode: event, staleAfter: 4h }',
    ].join('\n'));
    return { one: join(dir, 'hd.yaml'), map: join(dir, 'map.yaml') };
  };

  it('fails a 720p channel under a 1080p rule with resolution, and passes the 1080p one', async () => {
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--tz', 'UTC', '--rule', rules().one, '--json', '--channel', 'cam_1080', '--channel', 'cam_720']));
    const doc = JSON.parse(r.stdout);
    const by = Object.fromEntries(doc.channels.map((c: { channel: string }) => [c.channel, c]));
    expect(by.cam_720).toMatchObject({ verdict: 'fail', reasons: ['resolution'], stream: { width: 1280, height: 720 }, rule: { name: 'hd-2days' } });
    expect(by.cam_1080).toMatchObject({ verdict: 'pass', reasons: [], stream: { width: 1920, height: 1080, codecs: ['h264'] } });
    expect(r.code).toBe(1);
  });

  it('picks each channel\'s rule from a map: grace for a new camera, event recording judged without gaps', async () => {
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--tz', 'UTC', '--rule', rules().map, '--json']));
    const doc = JSON.parse(r.stdout);
    const by = Object.fromEntries(doc.channels.map((c: { channel: string }) => [c.channel, c]));
    expect(by.new_cam).toMatchObject({ verdict: 'pending', reasons: [], installed: '2026-11-27T12:00:00.000Z' });
    expect(by.motion).toMatchObject({ verdict: 'pass', rule: { name: 'motion-2days', mode: 'event' } });
    // the motion camera's quiet hours are gaps it is not judged by: listed, and not a failure
    // (one hour in three, 16 of them in its 2-day window: the 15 holes between them, two hours each)
    expect(by.motion.gaps.map((g: { seconds: number }) => g.seconds)).toEqual(Array(15).fill(7200));
    expect(by.motion.reasons).toEqual([]);
    expect(by.motion.coverage).toBeLessThan(0.5);
    expect(by.cam_720.reasons).toEqual(['resolution']);
    expect(doc.summary).toEqual({ channels: 4, pass: 2, warn: 0, fail: 1, pending: 1, unverified: 0 });
    expect(doc.rules.map((x: { name: string }) => x.name).sort()).toEqual(['hd-2days', 'motion-2days']);
  });

  it('without the installation date the same young camera fails retention-short', async () => {
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--tz', 'UTC', '--rule', rules().one, '--json', '--channel', 'new_cam']));
    expect(JSON.parse(r.stdout).channels[0]).toMatchObject({ verdict: 'fail', reasons: ['retention-short'] });
  });

  it('finds the files a rule map names from the map\'s own folder, wherever vstor runs', () => {
    const site = tempDir();
    mkdirSync(join(site, 'rules'));
    writeFileSync(join(site, 'rules', 'hd.yaml'), 'name: hd-2days\nretentionDays: 2\nminResolution: 1920x1080\n');
    writeFileSync(join(site, 'rules', 'map.yaml'), 'default: ./hd.yaml\nchannels:\n  - match: cam_720\n    rule: hd.yaml\n');
    // run from another folder: ./hd.yaml is beside the map, not in the working directory
    const r = vstor(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--tz', 'UTC', '--rule', join(site, 'rules', 'map.yaml'), '--json', '--channel', 'cam_720'], { cwd: tempDir() });
    expect(r.stderr).not.toMatch(/no such preset or file/);
    expect(JSON.parse(r.stdout).channels[0]).toMatchObject({ rule: { name: 'hd-2days' }, reasons: ['resolution'] });
  });

  it('names a rule map that refers back to itself instead of overflowing the stack', async () => {
    const site = tempDir();
    writeFileSync(join(site, 'a.yaml'), 'default: ./b.yaml\nchannels: []\n');
    writeFileSync(join(site, 'b.yaml'), 'default: ./a.yaml\nchannels: []\n');
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--rule', join(site, 'a.yaml')]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refers back to itself \(.*a\.yaml -> .*b\.yaml -> .*a\.yaml\)/);
  });

  it('gives an event-mode rule without staleAfter a day, as the event-recording preset says', async () => {
    const src = parseRuleText('retentionDays: 30\nmode: event\n', 'lift.yaml', noRefs);
    expect(src.kind === 'rule' && src.rule.staleAfterSeconds).toBe(86_400);
    expect(loadRule('event-recording').staleAfterSeconds).toBe(86_400);
    // motion recorded one hour in three, the last five hours ago: not stale for an event camera
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', new Date(Date.parse(NOW) + 5 * 3_600_000).toISOString(), '--tz', 'UTC', '--rule', writeRule('retentionDays: 2\nmode: event\n'), '--json', '--channel', 'motion']));
    expect(JSON.parse(r.stdout).channels[0]).toMatchObject({ verdict: 'pass', reasons: [] });
  });

  it('writes CSV whose rule column holds each channel\'s rule, every row as wide as its header', async () => {
    const r = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--now', NOW, '--tz', 'UTC', '--rule', rules().map, '--format', 'csv']));
    const [head, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(','));
    expect(head!.slice(0, 3)).toEqual(['channel', 'rule', 'verdict']);
    for (const row of rows) expect(row).toHaveLength(head!.length);
    const motion = rows.find((x) => x[0] === 'motion')!;
    expect(motion.slice(0, 3)).toEqual(['motion', 'motion-2days', 'pass']);
  });

  it('lets the planner size storage from the same rule', async () => {
    const r = (await vstorIn(['plan', '--rule', 'kunming-public-security', '--json', '--channels', '1']));
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.cameras[0]).toMatchObject({ days: 90, bitrateBps: 8_000_000, resolution: { width: 1920, height: 1080 } });
    expect(doc.totals.bytes).toBe(7_776_000_000_000);
    expect(JSON.parse((await vstorIn(['plan', '--rule', 'bank-ga38', '--json', '--channels', '1'])).stdout).inputs.cameras[0].days).toBe(30);
  });
});
