import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { layoutOfSample, SAMPLE_LAYOUTS } from '../../src/samples/names.ts';
import { sampleArchive, SAMPLE_NOW, snapshot } from '../helpers/archive.ts';
import { BIN, ROOT, vstor } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';
import { auditLib } from '../helpers/audit.ts';
import { auditDocument } from '../../src/report/audit/json.ts';
import type { AuditResult } from '../../src/app/audit.ts';
import { SAMPLE_DEVICE } from '../../src/samples/names.ts';

const policy = ['--days', '10', '--now', SAMPLE_NOW, '--tz', 'UTC'];

function audit(root: string | string[], db: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = vstor(['audit', ...(Array.isArray(root) ? root : [root]), '--db', db, ...policy, '--json', ...extra], { env });
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const verdicts = (doc: { channels: { channel: string; verdict: string; reasons: string[] }[] }) =>
  Object.fromEntries(doc.channels.map((c) => [c.channel, [c.verdict, ...c.reasons].join(' ')]));

describe.each(SAMPLE_LAYOUTS)('an audit of a %s sample archive', (layout) => {
  // through the library, as the CLI runs it (one layout also through the CLI, below): a process a layout
  // would cost the suite a second each. Written in Kathmandu (+05:45, the offset no whole-hour slip can
  // imitate): layouts named in local time must be read in --tz, those named in UTC or with an offset not.
  const zone = 'Asia/Kathmandu';
  const now = Date.parse(SAMPLE_NOW);
  it('detects the layout (or asks for it), reads the same with it named, and judges each channel as the sample says', async () => {
    const sample = sampleArchive(layout, { zone });
    const before = snapshot(sample.root);
    let named: AuditResult;
    if (layout === 'mediamtx-path') {
      // its own recordPath: auto does not guess one, it says how to name it
      await expect(auditLib([sample.root], { now, days: 10, zone })).rejects.toThrow(/no file matches a known layout .*--layout 'mediamtx:<recordPath>'/);
      named = await auditLib([sample.root], { now, days: 10, zone, layout: layoutOfSample(layout) });
    } else {
      // auto picks the layout that reads it (the same layout named reads it alike: one reader either way)
      named = await auditLib([sample.root], { now, days: 10, zone });
      expect(named.scans[0]!.detected?.layout.name).toBe(layoutOfSample(layout));
    }
    const detected = named;
    expect(detected.recorders).toEqual([layout === 'dahua-nas' ? SAMPLE_DEVICE : sample.root]);
    const doc = auditDocument(named);
    expect(doc.schema).toBe('vstor.audit/1');
    expect(doc.layout).toBe(layoutOfSample(layout));
    expect(doc.policy).toEqual({ retentionDays: 10, maxGapSeconds: 300, staleAfterSeconds: 3600 });
    const expected = Object.fromEntries(sample.channels.map((c) => [c.name, [c.expect, ...c.reasons].join(' ')]));
    expect(verdicts(doc)).toEqual(expected);
    const count = (v: string) => sample.channels.filter((c) => c.expect === v).length;
    expect(doc.summary).toEqual({ channels: 5, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: 0, unverified: 0 });
    // README.txt and the hidden .sources folder; in ZoneMinder's Medium scheme also the two events that do
    // not read (their path names only the day, so they have no start)
    expect(doc.skipped.files).toBe(layout === 'zoneminder-medium' ? 4 : 2);
    const pass = doc.channels.find((c: { channel: string }) => c.channel === sample.channels[0]!.name)!;
    expect(pass.retainedDays).toBe(12);
    expect(pass.coverage).toBe(1);
    expect(pass.segments).toBe(12 * 24);
    expect(pass.oldestStart).toBe(new Date(now - 12 * 86_400_000).toISOString());
    expect(pass.newestEnd).toBe(SAMPLE_NOW);
    // the stopped channel's newest footage ends two days before now, to the second
    const stopped = named.channels.find((c) => c.channel === sample.channels[3]!.name)!;
    expect(stopped.newestEnd).toBe(now - 2 * 86_400_000);
    expect(snapshot(sample.root)).toEqual(before); // the archive is only read
  });
});

describe('vstor audit on a sample archive (the CLI)', () => {
  it('says which layout it detected, prints the vstor.audit/1 document and exits 1 when a channel fails', () => {
    const sample = sampleArchive('frigate');
    const { code, doc, stderr } = audit(sample.root, join(tempDir(), 'index.db'));
    expect(stderr).toContain('looks like frigate');
    expect(code).toBe(1);
    expect(doc.schema).toBe('vstor.audit/1');
    expect(verdicts(doc)).toEqual(Object.fromEntries(sample.channels.map((c) => [c.name, [c.expect, ...c.reasons].join(' ')])));
  });
});

describe('vstor audit', () => {
  it('reads local-time layouts in --tz', () => {
    const sample = sampleArchive('mediamtx', { zone: 'Asia/Shanghai' });
    const db = join(tempDir(), 'index.db');
    const right = audit(sample.root, db, ['--tz', 'Asia/Shanghai']);
    expect(right.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north').verdict).toBe('pass');
    // read as UTC, every name is 8 hours late: the newest footage seems to end in the future... and the oldest 8 h too young
    const wrong = audit(sample.root, join(tempDir(), 'index.db'), ['--tz', 'UTC']);
    expect(wrong.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north').retainedDays).toBe(11.67);
  });

  it('rescans incrementally: nothing listed again, nothing probed again', () => {
    const sample = sampleArchive('frigate');
    const db = join(tempDir(), 'index.db');
    // without the rolling scrub, which decodes a new slice every audit by design
    const first = audit(sample.root, db, ['--scrub-cycle', '0']);
    expect(first.doc.scan.roots[0].dirsListed).toBeGreaterThan(300);
    expect(first.doc.scan.probed).toBeGreaterThan(0);
    const second = audit(sample.root, db, ['--scrub-cycle', '0']);
    expect(second.doc.scan.roots[0].dirsListed).toBeLessThanOrEqual(1); // the root itself was made just now
    expect(second.doc.scan.probed).toBe(0);
    expect(second.doc.channels).toEqual(first.doc.channels);

    // the recorder deletes an hour of gate_north and writes a new file: both are seen
    const hour = join(sample.root, 'recordings/2026-11-25/10/gate_north');
    rmSync(hour, { recursive: true });
    const third = audit(sample.root, db, ['--scrub-cycle', '0']);
    expect(third.doc.scan.roots[0].removed).toBe(1);
    const gate = third.doc.channels.find((c: { channel: string }) => c.channel === 'gate_north');
    expect(gate.reasons).toEqual(['gap']);
    expect(gate.gaps).toEqual([{ start: '2026-11-25T10:00:00.000Z', end: '2026-11-25T11:00:00.000Z', seconds: 3600 }]);
  });

  it('--deep probes every segment and finds the damaged one inside the window', () => {
    // 3 days (5 of footage): --deep decodes each 1080p segment's first key frame and last GOP
    const sample = sampleArchive('frigate', { days: 3 });
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
    const sample = sampleArchive('frigate', { days: 3 });
    const cam = join(sample.root, 'recordings/2026-11-27/12/gate_north');
    writeFileSync(join(cam, '10.00.mp4'), '');
    writeFileSync(join(cam, '20.00.mp4'), 'not a video at all\n');
    symlinkSync('..', join(cam, 'loop'));
    mkdirSync(join(sample.root, '.Trash-1000/files'), { recursive: true });
    copyFileSync(join(cam, '00.00.mp4'), join(sample.root, '.Trash-1000/files/00.00.mp4'));
    const r = audit(sample.root, join(tempDir(), 'index.db'), ['--deep', '--channel', 'gate_north', '--days', '3']);
    expect(r.code).toBe(1);
    const gate = r.doc.channels[0];
    expect(gate.damaged).toBe(2);
    expect(gate.reasons).toEqual(['damaged']);
    expect(r.doc.skipped.examples.join('\n')).toMatch(/loop \(symbolic link \(not followed\)\)/);
    expect(r.doc.skipped.examples.join('\n')).toMatch(/\.Trash-1000 \(hidden folder\)/);
  });

  it('prints a table, markdown and csv with the same verdicts', () => {
    const sample = sampleArchive('span');
    const db = join(tempDir(), 'index.db');
    const table = vstor(['audit', sample.root, '--db', db, ...policy]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/lobby\s+│ FAIL\s+│/);
    expect(table.stdout).toMatch(/gate_north\s+│ pass/);
    expect(table.stdout).toContain('5 channels: 1 pass, 1 warn, 3 fail');
    const md = vstor(['audit', sample.root, '--db', db, ...policy, '--format', 'md', '--lang', 'zh']);
    expect(md.stdout).toContain('| lobby | 不合格 |');
    const csv = vstor(['audit', sample.root, '--db', db, ...policy, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('channel,verdict,reasons,segments,damaged,oldest_start,newest_end,retained_days,coverage,biggest_gap_seconds,gaps,bitrate_bps');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('parking,'))).toMatch(/^parking,fail,gap,/);
  });

  it('exits 0 when every channel passes', () => {
    const sample = sampleArchive('frigate');
    const r = audit(sample.root, join(tempDir(), 'index.db'), ['--channel', 'gate_north']);
    expect(r.code).toBe(0);
    expect(r.doc.summary).toEqual({ channels: 1, pass: 1, warn: 0, fail: 0, pending: 0, unverified: 0 });
  });

  it('names a channel asked for that has no footage', () => {
    const sample = sampleArchive('frigate');
    const r = audit(sample.root, join(tempDir(), 'index.db'), ['--channel', 'nowhere']);
    expect(r.code).toBe(1);
    expect(r.doc.channels).toEqual([expect.objectContaining({ channel: 'nowhere', verdict: 'fail', reasons: ['no-segments'] })]);
  });
});

describe('vstor audit failure paths', () => {
  const dir = tempDir();
  it.each([
    [['audit', '/no/such/archive'], 2, /^vstor: \/no\/such\/archive: no such folder; expected an archive folder$/],
    [['audit', BIN], 2, /not a folder; expected an archive folder/],
    [['audit', dir, '--layout', 'milestone'], 2, /^vstor: --layout: expected auto, frigate/],
    [['audit', dir, '--now', 'yesterday'], 2, /^vstor: --now: expected an ISO-8601 time/],
    [['audit', dir, '--max-gap', 'soon'], 2, /^vstor: --max-gap: expected a duration/],
    [['audit', dir, '--db', join(dir, 'index.db')], 2, /inside the archive/],
    [['audit', dir, '--tz', 'Mars/Base'], 2, /^vstor: --tz: expected an IANA time zone/],
    [['audit'], 2, /missing required argument/],
    [['audit', dir, '--stale-after', ''], 2, /^vstor: --stale-after: expected a duration such as 90s, 5m, 1h or 2d, got ""$/],
    [['audit', dir, '--tz', ''], 2, /^vstor: --tz: expected an IANA time zone such as Asia\/Shanghai or UTC, got ""$/],
    [['watch', dir, '--rescan-every', '0'], 2, /^vstor: --rescan-every: expected a duration of at least 5s such as 90s, 5m, 1h or 2d, got "0"$/],
    [["audit", "gate=", dir], 2, /^vstor: \/.*\/gate=: no such folder; expected an archive folder$/],
  ])('%j exits %d', (args, code, message) => {
    const r = vstor(args as string[], { env: { VSTOR_DB: join(tempDir(), 'i.db') } });
    expect(r.code).toBe(code);
    expect(r.stderr.split('\n')[0]).toMatch(message);
  });

  it('says why when it finds nothing: no media files, and the layouts it knows', () => {
    const empty = tempDir();
    const r = vstor(['audit', empty, '--db', join(tempDir(), 'i.db'), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).scan.problems).toEqual([`${empty}: no media files found (.mp4 .ts .mkv .dav .avi .mov .flv .m4v .h264 .h265); layouts known: frigate, frigate-legacy, dahua, zoneminder, shinobi, motioneye, motion, span, mediamtx, hikvision-share`]);
  });

  it('reads a Hikvision SD card or NAS share by its index, fails one whose index does not read, and refuses containers without one', () => {
    // as the camera leaves them (yrambler2001/hikvision-ezviz-sdcard-video-extractor README): 256 MB
    // containers at the card's root, the times in index00.bin; a NAS share puts them under datadir<N>/. Here
    // the index is garbage: the share is a camera that cannot show one recording, never a pass
    const card = tempDir();
    for (const name of ['hiv00000.mp4', 'hiv00001.mp4', 'hiv00002.mp4', 'index00.bin', 'index00p.bin', 'logMainFile.bin']) writeFileSync(join(card, name), 'x');
    const nas = tempDir();
    mkdirSync(join(nas, 'datadir0'));
    for (const name of ['hiv00000.mp4', 'hiv00001.mp4', 'index00.bin']) writeFileSync(join(nas, 'datadir0', name), 'x');
    for (const root of [card, nas]) {
      const r = vstor(['audit', root, '--db', join(tempDir(), 'i.db'), '--json']);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.layout).toBe('hikvision-share');
      expect(doc.channels.map((c: { verdict: string; reasons: string[] }) => [c.verdict, c.reasons])).toEqual([['fail', ['no-segments']]]);
      expect(r.stdout).toMatch(/the index cannot be read|neither copy of the index can be read/);
    }
    // containers whose index was not copied: their times are nowhere, so the tree is refused, saying why
    const copied = tempDir();
    for (const name of ['hiv00000.mp4', 'hiv00001.mp4']) writeFileSync(join(copied, name), 'x');
    const r = vstor(['audit', copied, '--db', join(tempDir(), 'i.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`vstor: ${copied}: a Hikvision camera's SD card or NAS share (hiv<NNNNN>.mp4) without its index00.bin / index01.bin, where their times are: vstor reads such a share with its index (hikvision-share layout); copy the index with the containers, or export the recordings (span layout)`);
  });

  it('warns about segments named in the future, which it does not count', () => {
    const sample = sampleArchive('frigate');
    // audited as of two days before the archive's end: two days of segments lie in the future
    const r = audit(sample.root, join(tempDir(), 'index.db'), ['--now', '2026-11-26T08:00:00Z', '--channel', 'gate_north']);
    const gate = r.doc.channels[0];
    expect(gate.warnings).toContain('46 segments named after the audit\'s time by more than the stale window (a recorder clock ahead?), not counted');
    expect(gate.verdict).toBe('warn');
  });

  it('exits 3 when ffprobe is missing', () => {
    const sample = sampleArchive('frigate');
    const r = audit(sample.root, join(tempDir(), 'index.db'), [], { VSTOR_FFPROBE: '/nonexistent/ffprobe' });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe('vstor: VSTOR_FFPROBE=/nonexistent/ffprobe: no such file; expected the path of an ffprobe binary');
  });

  it('refuses a second scan on the same index while one runs, naming it; a killed holder blocks nothing', async () => {
    const sample = sampleArchive('frigate');
    const db = join(tempDir(), 'index.db');
    // a real holder: a process that takes the index's lock and sleeps
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(`${ROOT}src/index/lock.ts`)}).then((m) => { m.lockIndex(${JSON.stringify(db)}); console.log('held'); setTimeout(() => {}, 20000); })`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => holder.stdout!.on('data', () => r()));
    const busy = audit(sample.root, db);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toContain(`is in use by another vstor scan (pid ${holder.pid}, since `);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
    // the kernel let go of the lock with the process: nothing to clean up by hand
    expect(audit(sample.root, db).code).toBe(1);
  });

  it('is not blocked by a lock file naming a live but unrelated process (a pid reused), and says clearly when the lock path is a folder', () => {
    const sample = sampleArchive('frigate');
    const db = join(tempDir(), 'index.db');
    const unrelated = spawn('sleep', ['20']);
    writeFileSync(`${db}.lock`, String(unrelated.pid));
    try {
      expect(audit(sample.root, db).code).toBe(1);
    } finally {
      unrelated.kill('SIGKILL');
    }
    const other = join(tempDir(), 'index.db');
    mkdirSync(`${other}.lock`);
    const r = audit(sample.root, other);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(`vstor: index lock ${other}.lock: is a folder; expected a file vstor can create (remove the folder)`);
  });

  it('survives SIGKILL mid-scan: the index passes integrity_check and the next audit finishes', async () => {
    const sample = sampleArchive('frigate', { days: 60 });
    const db = join(tempDir(), 'index.db');
    const child = spawn(process.execPath, [BIN, 'scan', sample.root, '--db', db], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    // kill it once the index has rows but before the scan could have finished
    while (!existsSync(`${db}-wal`) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 150));
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    await exited;
    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    // what is compared is the index the killed scan left: the scrub's decodes would only add time
    const resumed = audit(sample.root, db, ['--days', '60', '--scrub-cycle', '0']);
    const fresh = audit(sample.root, join(tempDir(), 'fresh.db'), ['--days', '60', '--scrub-cycle', '0']);
    expect(resumed.code).toBe(1);
    // when a segment was decoded is the clock's, not the archive's
    const judged = (doc: { channels: { verified: { since: unknown } }[] }) => doc.channels.map((c) => ({ ...c, verified: { ...c.verified, since: null } }));
    expect(judged(resumed.doc)).toEqual(judged(fresh.doc));
  }, 120_000);
});
