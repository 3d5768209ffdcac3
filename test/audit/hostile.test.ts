/**
 * Issue 11's false passes and faults, on real trees: an interrupted first audit, files and folders the audit
 * may not read, the probe binary as a service user finds it. Tests that need another user run as a real one
 * (useradd + runuser) and are skipped, saying why, where the machine cannot do that.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { bundledFfprobe } from '../../src/probe/binary.ts';
import { ClipShelf, continuous, writeRecordings } from '../../src/samples/recorder.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { BIN } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-28T08:00:00Z');
const USER = 'vstor-test';

let shelf: ClipShelf;
beforeAll(() => {
  shelf = new ClipShelf(join(tempDir(), 'clips'));
});

describe('installation dates come only from evidence that survives interruption', () => {
  it('a first audit killed before its first batch does not make every channel a new camera', async () => {
    const root = join(tempDir(), 'mtx');
    // 30 days of footage against a 35-day rule: retention-short, whatever happened to the index
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 30 * D, NOW, H), shelf);
    const db = join(tempDir(), 'index.db');
    // what a scan killed at once leaves: the root's row, nothing else
    const index = openIndex(db);
    new Store(index).ensureRoot(root, NOW - D);
    index.close();
    for (let run = 0; run < 2; run++) {
      const gate = channelOf(await auditLib([root], { now: NOW, days: 35, db }), 'gate');
      expect(gate.verdict).toBe('fail');
      expect(gate.reasons).toEqual(['retention-short']);
      expect(gate.installed).toBeUndefined();
    }
  });

  it('a channel that appears after a completed scan is new, unless its footage is older than that', async () => {
    // on the real clock: the index notes in real time when it last looked without a channel
    const NOW = Date.now();
    const root = join(tempDir(), 'mtx');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 40 * D, NOW, H), shelf);
    const db = join(tempDir(), 'index.db');
    await auditLib([root], { now: NOW, days: 35, db });
    // two days later: a camera installed since, with two days of footage, and one whose folder was only now
    // copied in, with 20 days: it was not installed today
    const later = NOW + 2 * D;
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW, later, H), shelf);
    writeRecordings(root, 'mediamtx', 'UTC', 'lobby', continuous(NOW + H, later, H), shelf);
    writeRecordings(root, 'mediamtx', 'UTC', 'dock', continuous(later - 20 * D, later, H), shelf);
    const second = await auditLib([root], { now: later, days: 35, db });
    expect(channelOf(second, 'lobby')).toMatchObject({ verdict: 'pending', installed: expect.any(Number) });
    expect(channelOf(second, 'lobby').installed).toBeLessThanOrEqual(Date.now());
    expect(channelOf(second, 'dock')).toMatchObject({ verdict: 'fail', reasons: ['retention-short'] });
  });
});

describe('empty and unreadable segments', () => {
  it('does not count twelve 0-byte hours inside the window as footage', async () => {
    const root = join(tempDir(), 'frigate');
    const recs = continuous(NOW - 11 * D, NOW, H).map((r, i) => (i >= 100 && i < 112 ? { ...r, kind: 'empty' as const } : r));
    writeRecordings(root, 'frigate', 'UTC', 'gate', recs, shelf);
    const gate = channelOf(await auditLib([root], { now: NOW, days: 10 }), 'gate');
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons).toEqual(['gap', 'damaged']);
    expect(gate.biggestGapSeconds).toBe(12 * 3600);
    expect(gate.coverage).toBe(0.95);
  });
});

/** Whether this machine can run a command as another user, and that user can reach the project. */
function otherUser(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root: cannot create or switch to another user';
  spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
  const probe = spawnSync('runuser', ['-u', USER, '--', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(BIN)})`]);
  if (probe.status !== 0) return `runuser as ${USER} cannot read ${BIN} (a clone under a private folder?): ${probe.stderr}`;
  return undefined;
}

describe('as a service user, not root', () => {
  const why = otherUser();
  if (why) console.warn(`skipping the non-root tests: ${why}`);

  it.skipIf(why !== undefined)('runs the shipped ffprobe, skips a file it may not read, and says unverified where it may not list', () => {
    // npm ci made the shipped binary runnable by every user
    expect(statSync(bundledFfprobe()).mode & 0o055).toBe(0o055);
    const top = tempDir();
    chmodSync(top, 0o755);
    const root = join(top, 'archive');
    const mkv = new ClipShelf(join(tempDir(), 'clips'), { format: 'mkv' });
    // Matroska: every probe goes to ffprobe
    const written = writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 11 * D, NOW, H), mkv, 'mkv');
    writeRecordings(root, 'mediamtx', 'UTC', 'lobby', continuous(NOW - 11 * D, NOW, H), mkv, 'mkv');
    // one hour of gate the service user may not read: not footage; lobby's folder it may not list at all
    const hidden = written[150]!.path;
    chmodSync(hidden, 0o600);
    chmodSync(join(root, 'recordings', 'lobby'), 0o700);
    const state = join(top, 'state');
    mkdirSync(state);
    chmodSync(state, 0o777);
    const layout = '{channel}/{YYYY}-{MM}-{DD}_{hh}-{mm}-{ss}-{fff}.mkv';
    const r = spawnSync('runuser', ['-u', USER, '--', process.execPath, BIN, 'audit', root, '--db', join(state, 'index.db'), '--now', new Date(NOW).toISOString(), '--days', '10', '--layout', layout, '--json'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: state, LANG: 'C' },
    });
    expect(r.stderr).not.toMatch(/cannot run ffprobe|may not run/);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    const gate = doc.channels.find((c: { channel: string }) => c.channel === 'gate');
    // the hour it could not read is a gap, and no probe failed
    expect(gate.reasons).toEqual(['gap', 'unreadable-folder']);
    expect(gate.verdict).toBe('fail');
    expect(gate.probeErrors).toBe(0);
    expect(doc.skipped.examples.join(' ')).toMatch(/cannot be read \(permission denied\)/);
    expect(doc.scan.problems.join(' ')).toMatch(/lobby: cannot (list|read) \(EACCES\)/);
  });

  it.skipIf(why !== undefined)('names an index this user may not write, and says what to do', () => {
    const top = tempDir();
    chmodSync(top, 0o755);
    const root = join(top, 'archive');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 2 * D, NOW, H), shelf);
    const state = join(top, 'state');
    mkdirSync(state);
    const db = join(state, 'index.db');
    // made by root (another user), readable by all, writable by none but root
    expect(spawnSync(process.execPath, [BIN, 'scan', root, '--db', db, '--now', new Date(NOW).toISOString()]).status).toBe(0);
    chmodSync(state, 0o755);
    chmodSync(db, 0o644);
    const r = spawnSync('runuser', ['-u', USER, '--', process.execPath, BIN, 'audit', root, '--db', db, '--now', new Date(NOW).toISOString()], { encoding: 'utf8', env: { PATH: process.env.PATH!, HOME: top, LANG: 'C' } });
    expect(r.status).toBe(3);
    expect(r.stderr.trim().split('\n').pop()).toMatch(new RegExp(`^vstor: index ${db}: cannot be (written|opened) \\(.*\\); `));
  });

  it.skipIf(why !== undefined)('says in one line that the probe binary cannot run for this user, and exits 3', () => {
    const top = tempDir();
    chmodSync(top, 0o755);
    const bin = join(top, 'ffprobe');
    copyFileSync(bundledFfprobe(), bin);
    chmodSync(bin, 0o744); // what @ffprobe-installer leaves: only its owner (root) may run it
    const root = join(top, 'archive');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 2 * D, NOW, H), shelf);
    const r = spawnSync('runuser', ['-u', USER, '--', process.execPath, BIN, 'audit', root, '--db', join(top, 'state', 'i.db'), '--now', new Date(NOW).toISOString()], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH!, HOME: top, LANG: 'C', VSTOR_FFPROBE: bin },
    });
    expect(r.status).toBe(3);
    expect(r.stderr.trim()).toBe(`vstor: VSTOR_FFPROBE=${bin}: this user may not run it; expected an ffprobe binary it can execute (chmod 755)`);
  });
});

describe('names that are not UTF-8', () => {
  it('reads a GBK-named channel folder beside a UTF-8 one, by its exact bytes, and shows it decoded', async () => {
    const root = join(tempDir(), 'export');
    writeRecordings(root, 'mediamtx', 'UTC', 'gate', continuous(NOW - 11 * D, NOW, H), shelf);
    // 大门 ("main gate") in GBK, as Chinese NVR exports name folders; 5 days of footage: it fails
    const gbk = Buffer.from('b4f3c3c5', 'hex');
    const src = writeRecordings(join(tempDir(), 'staging'), 'mediamtx', 'UTC', 'x', continuous(NOW - 5 * D, NOW, H), shelf);
    const folder = Buffer.concat([Buffer.from(`${root}/recordings/`), gbk]);
    mkdirSync(folder);
    for (const s of src) {
      const target = Buffer.concat([folder, Buffer.from(`/${s.path.split('/').pop()}`)]);
      copyFileSync(s.path, target);
      utimesSync(target, s.end / 1000, s.end / 1000);
    }
    // probed through a link to their exact bytes, a few by default and every one with --deep
    for (const deep of [false, true]) {
      const result = await auditLib([root], { now: NOW, days: 10, deep });
      expect(result.channels.map((c) => c.channel).sort()).toEqual(['gate', '大门〔GB18030〕']);
      const gate = channelOf(result, '大门〔GB18030〕');
      expect(gate).toMatchObject({ verdict: 'fail', reasons: ['retention-short'], segments: 120, damaged: 0 });
      expect(gate.probed).toBeGreaterThan(deep ? 119 : 1);
    }
  });
});
