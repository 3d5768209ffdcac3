/** vstor audit's failure paths: bad trees, bad tools, bad indexes (split from test/cli/audit.test.ts). */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { BIN, ROOT, vstor, vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const policy = ['--days', '10', '--now', SAMPLE_NOW, '--tz', 'UTC'];

function audit(root: string | string[], db: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = vstor(['audit', ...(Array.isArray(root) ? root : [root]), '--db', db, ...policy, '--json', ...extra], { env });
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
}


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
    [['audit'], 2, /expected at least one archive folder/],
    [['audit', dir, '--stale-after', ''], 2, /^vstor: --stale-after: expected a duration such as 90s, 5m, 1h or 2d, got ""$/],
    [['audit', dir, '--tz', ''], 2, /^vstor: --tz: expected an IANA time zone such as Asia\/Shanghai or UTC, got ""$/],
    [['watch', dir, '--rescan-every', '0'], 2, /^vstor: --rescan-every: expected a duration of at least 5s such as 90s, 5m, 1h or 2d, got "0"$/],
    [["audit", "gate=", dir], 2, /^vstor: \/.*\/gate=: no such folder; expected an archive folder$/],
  ])('%j exits %d', async (args, code, message) => {
    // one-line input checks: the CLI's main() in this process
    const r = await vstorIn(args as string[], { VSTOR_DB: join(tempDir(), 'i.db') });
    expect(r.code).toBe(code);
    expect(r.stderr.split('\n')[0]).toMatch(message);
  });

  it('says why when it finds nothing: no media files, and the layouts it knows', async () => {
    const empty = tempDir();
    const r = await vstorIn(['audit', empty, '--db', join(tempDir(), 'i.db'), '--json']);
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
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(`${ROOT}src/index/lock.ts`)}).then((m) => { m.lockIndex(${JSON.stringify(db)}, { command: 'scan', at: Date.now() }); console.log('held'); setTimeout(() => {}, 20000); })`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
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
