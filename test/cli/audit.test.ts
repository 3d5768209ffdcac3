import { mkdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { vstor, vstorIn } from '../helpers/cli.ts';
import { auditDoc } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';

const policy = ['--days', '10', '--now', SAMPLE_NOW, '--tz', 'UTC'];

function audit(root: string | string[], db: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = vstor(['audit', ...(Array.isArray(root) ? root : [root]), '--db', db, ...policy, '--json', ...extra], { env });
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
}

/** The same audit through the library, where the verdicts are the point and not the process. */
const auditIn = (root: string, db: string, o: { zone?: string; channels?: string[] } = {}) => auditDoc([root], { now: Date.parse(SAMPLE_NOW), days: 10, zone: o.zone ?? 'UTC', db, channels: o.channels });

const verdicts = (doc: { channels: { channel: string; verdict: string; reasons: string[] }[] }) =>
  Object.fromEntries(doc.channels.map((c) => [c.channel, [c.verdict, ...c.reasons].join(' ')]));

describe('vstor audit on a sample archive (the CLI)', () => {
  it('says which layout it detected, prints the vstor.audit/1 document and exits 1 when a channel fails', () => {
    const sample = sampleArchive('frigate');
    // as an operator runs it: the rolling scrub on its default cycle (the other CLI tests leave it off)
    const { code, doc, stderr } = audit(sample.root, join(tempDir(), 'index.db'), [], { VSTOR_SCRUB_CYCLE: '' });
    expect(stderr).toContain('looks like frigate');
    expect(code).toBe(1);
    expect(doc.schema).toBe('vstor.audit/1');
    expect(verdicts(doc)).toEqual(Object.fromEntries(sample.channels.map((c) => [c.name, [c.expect, ...c.reasons].join(' ')])));
    // 30 audits cover a window: gate_north's 240 hours of it are 8 decodes more than the few a verdict needs
    const gate = doc.channels.find((c: { channel: string }) => c.channel === sample.channels[0]!.name);
    expect(gate.verified.decoded).toBeGreaterThanOrEqual(8);
    // and VSTOR_SCRUB_CYCLE is a service's default: 0 leaves the window to the verdict's own checks
    const off = audit(sample.root, join(tempDir(), 'off.db'), [], { VSTOR_SCRUB_CYCLE: '0' });
    expect(off.doc.channels.find((c: { channel: string }) => c.channel === sample.channels[0]!.name).verified.decoded).toBeLessThan(gate.verified.decoded);
    expect(audit(sample.root, join(tempDir(), 'bad.db'), [], { VSTOR_SCRUB_CYCLE: 'often' }).stderr).toMatch(/^vstor: VSTOR_SCRUB_CYCLE: expected a whole number/);
  });
});

describe('vstor audit', () => {
  it('reads local-time layouts in --tz', async () => {
    const sample = sampleArchive('mediamtx', { zone: 'Asia/Shanghai' });
    const db = join(tempDir(), 'index.db');
    const right = await auditIn(sample.root, db, { zone: 'Asia/Shanghai' });
    expect(right.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north').verdict).toBe('pass');
    // read as UTC, every name is 8 hours late: the newest footage seems to end in the future... and the oldest 8 h too young
    const wrong = await auditIn(sample.root, join(tempDir(), 'index.db'), { zone: 'UTC' });
    expect(wrong.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north').retainedDays).toBe(11.67);
  });

  it('rescans incrementally: nothing listed again, nothing probed again', async () => {
    const sample = sampleArchive('frigate');
    const db = join(tempDir(), 'index.db');
    // without the rolling scrub, which decodes a new slice every audit by design
    const first = await auditIn(sample.root, db);
    expect(first.doc.scan.roots[0].dirsListed).toBeGreaterThan(300);
    // what decides each verdict: the newest two, one from the middle, the oldest readable (dock: and the
    // damaged one the search for it stepped over), not its hundreds of segments
    expect(first.doc.channels.map((c: { channel: string; probed: number }) => [c.channel, c.probed])).toEqual([['dock', 5], ['gate_north', 4], ['lobby', 4], ['parking', 4], ['roof', 4]]);
    expect(first.doc.scan.probed).toBe(21);
    const second = await auditIn(sample.root, db);
    expect(second.doc.scan.roots[0].dirsListed).toBeLessThanOrEqual(1); // the root itself was made just now
    expect(second.doc.scan.probed).toBe(0);
    expect(second.doc.channels).toEqual(first.doc.channels);

    // the recorder deletes an hour of gate_north and writes a new file: both are seen
    const hour = join(sample.root, 'recordings/2026-11-25/10/gate_north');
    rmSync(hour, { recursive: true });
    const third = await auditIn(sample.root, db);
    expect(third.doc.scan.roots[0].removed).toBe(1);
    const gate = third.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north');
    expect(gate.reasons).toEqual(['gap']);
    expect(gate.gaps).toEqual([{ start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T11:00:00.000Z', seconds: 3600 }]);
  });

  it('--deep probes every segment and finds the damaged one inside the window', () => {
    // 2 days of footage: --deep decodes each 1080p segment's first key frame and last GOP
    const sample = sampleArchive('frigate', { days: 0 });
    const db = join(tempDir(), 'index.db');
    const r = audit(sample.root, db, ['--deep', '--channel', 'dock']);
    expect(r.doc.channels).toHaveLength(1);
    const dock = r.doc.channels[0];
    expect(dock.verdict).toBe('fail');
    expect(dock.reasons).toContain('damaged');
    expect(dock.damaged).toBe(2);
    expect(dock.probed).toBe(dock.segments);
    expect(dock.problems[0].detail).toMatch(/moov atom not found|Invalid data/);
  });

  it('reports zero-byte and non-video files, symlink loops and stray files, without crashing', () => {
    const sample = sampleArchive('frigate', { days: 0 });
    const cam = join(sample.root, 'recordings/2026-11-27/12/gate_north');
    writeFileSync(join(cam, '10.00.mp4'), '');
    writeFileSync(join(cam, '20.00.mp4'), 'not a video at all\n');
    symlinkSync('..', join(cam, 'loop'));
    mkdirSync(join(sample.root, '.Trash-1000/files'), { recursive: true });
    copyFileSync(join(cam, '00.00.mp4'), join(sample.root, '.Trash-1000/files/00.00.mp4'));
    const r = audit(sample.root, join(tempDir(), 'index.db'), ['--deep', '--channel', 'gate_north', '--days', '2']);
    expect(r.code).toBe(1);
    const gate = r.doc.channels[0];
    expect(gate.damaged).toBe(2);
    expect(gate.reasons).toEqual(['damaged']);
    expect(r.doc.skipped.examples.join('\n')).toMatch(/loop \(symbolic link \(not followed\)\)/);
    expect(r.doc.skipped.examples.join('\n')).toMatch(/\.Trash-1000 \(hidden folder\)/);
  });

  it('prints a table, markdown and csv with the same verdicts', async () => {
    const sample = sampleArchive('span');
    const db = join(tempDir(), 'index.db');
    // what main() prints, in this process (the first test above runs the CLI as a process)
    const table = await vstorIn(['audit', sample.root, '--db', db, ...policy]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/lobby\s+│ FAIL\s+│/);
    expect(table.stdout).toMatch(/gate_north\s+│ pass/);
    expect(table.stdout).toContain('5 channels: 1 pass, 1 warn, 3 fail');
    const md = await vstorIn(['audit', sample.root, '--db', db, ...policy, '--format', 'md', '--lang', 'zh']);
    expect(md.stdout).toContain('| lobby | 不合格 |');
    const csv = await vstorIn(['audit', sample.root, '--db', db, ...policy, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('channel,verdict,reasons,segments,damaged,oldest_start,newest_end,retained_days,coverage,biggest_gap_seconds,gaps,bitrate_bps');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('parking,'))).toMatch(/^parking,fail,gap,/);
  });

  it('exits 0 when every channel passes', async () => {
    const sample = sampleArchive('frigate');
    const r = await auditIn(sample.root, join(tempDir(), 'index.db'), { channels: ['gate_north'] });
    expect(r.code).toBe(0);
    expect(r.doc.summary).toEqual({ channels: 1, pass: 1, warn: 0, fail: 0, pending: 0, unverified: 0 });
  });

  it('names a channel asked for that has no footage', async () => {
    const sample = sampleArchive('frigate');
    const r = await auditIn(sample.root, join(tempDir(), 'index.db'), { channels: ['nowhere'] });
    expect(r.code).toBe(1);
    expect(r.doc.channels).toEqual([expect.objectContaining({ channel: 'nowhere', verdict: 'fail', reasons: ['no-segments'] })]);
  });
});
