/**
 * The index under faults (issue 11): a full disk, a damaged or read-only index, a lock that is a folder,
 * a symbolic link that would put the index inside the archive. Each gets one line naming the file and what
 * to do, a non-zero exit, and an index left as it was.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { vstor } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const policy = ['--days', '10', '--now', SAMPLE_NOW, '--tz', 'UTC'];

/** A small file system of its own (tmpfs), where the machine lets this process mount one. */
function smallDisk(kb: number): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = tempDir('vstor-full-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', dir]);
  if (r.status !== 0) return undefined;
  mounted.push(dir);
  return dir;
}
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync('umount', [dir]);
});

describe('a full disk under the index', () => {
  const disk = smallDisk(700);
  if (!disk) console.warn('skipping the full-disk tests: cannot mount a small tmpfs here (needs root)');

  it.skipIf(!disk)('says "disk full", names the index, and leaves it as it was', () => {
    const db = join(disk!, 'index.db');
    // a first audit of a small archive fits and is kept in the index's history
    const small = sampleArchive('frigate', { days: 1 });
    expect(vstor(['audit', small.root, '--db', db, ...policy, '--days', '1', '--quiet']).code).toBe(1);
    // a larger archive does not fit
    const large = sampleArchive('mediamtx', { days: 60 });
    const r = vstor(['audit', large.root, '--db', db, ...policy]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toMatch(new RegExp(`^vstor: index ${db}: disk full \\(.*\\); free space on its disk or use --db elsewhere; the index was left as it was$`));
    expect(r.stderr).not.toMatch(/cannot rollback|internal error/);
    const check = new Database(db, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((check.prepare('SELECT COUNT(*) AS n FROM audit_runs').get() as { n: number }).n).toBe(1);
    } finally {
      check.close();
    }
  });

  it.skipIf(!disk)('leaves no .tmp file behind when --out cannot be written', () => {
    const out = smallDisk(4)!;
    const sample = sampleArchive('frigate', { days: 1 });
    const r = vstor(['audit', sample.root, '--db', join(tempDir(), 'i.db'), ...policy, '--days', '1', '--format', 'json', '--out', join(out, 'audit.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n').pop()).toBe(`vstor: --out ${join(out, 'audit.json')}: cannot write (disk full)`);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a bad index', () => {
  it('names a damaged index and says what to do', () => {
    const db = join(tempDir(), 'index.db');
    writeFileSync(db, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x41)]));
    const r = vstor(['history', '--db', db]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toMatch(new RegExp(`^vstor: index ${db}: damaged \\(.*\\); move it aside \\(mv ${db} ${db}\\.bad\\) and run again to build a new one; past audits stay in the moved file$`));
  });

  it.skipIf(process.getuid?.() === 0)('names a read-only index', () => {
    const dir = tempDir();
    const db = join(dir, 'index.db');
    expect(vstor(['audit', sampleArchive('frigate', { days: 1 }).root, '--db', db, ...policy, '--quiet']).code).toBe(1);
    chmodSync(db, 0o444);
    const r = vstor(['audit', sampleArchive('frigate', { days: 1 }).root, '--db', db, ...policy]);
    expect(r.stderr).toMatch(/index .*: cannot be written/);
  });

  it('does not create an index that history is asked to read', () => {
    const db = join(tempDir(), 'typo.db');
    const r = vstor(['history', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`vstor: --db ${db}: no such index; expected the index an audit wrote (see --db and $VSTOR_DB)`);
    expect(existsSync(db)).toBe(false);
  });
});

describe('the index is never written inside the archive', () => {
  it('refuses an index reached through a symbolic link into the archive, for every command', () => {
    const sample = sampleArchive('frigate', { days: 1 });
    const links = tempDir();
    symlinkSync(sample.root, join(links, 'to-archive'));
    const db = join(links, 'to-archive', 'x.db');
    for (const cmd of ['audit', 'scan', 'report', 'watch', 'tui']) {
      const r = vstor([cmd, sample.root, '--db', db, ...policy, ...(cmd === 'report' ? ['--out', join(tempDir(), 'r.html')] : [])], { timeout: 20_000 });
      expect(r.code, cmd).toBe(2);
      expect(r.stderr.trim(), cmd).toBe(`vstor: --db ${db}: inside the archive ${sample.root}; the archive is only read, keep the index elsewhere`);
    }
    expect(existsSync(join(sample.root, 'x.db'))).toBe(false);
  });

  it('refuses an index reached through a bind mount of the archive, and --out inside the archive (issue 20)', () => {
    const sample = sampleArchive('frigate', { days: 1 });
    const out = vstor(['report', sample.root, '--db', join(tempDir(), 'i.db'), ...policy, '--out', join(sample.root, 'r.html')]);
    expect([out.code, out.stderr.trim()]).toEqual([2, `vstor: --out ${join(sample.root, 'r.html')}: inside the archive ${sample.root}; the archive is only read, write reports elsewhere`]);
    expect(existsSync(join(sample.root, 'r.html'))).toBe(false);
    // the same folder under another path (CI and this machine run as root, which may bind-mount)
    const mountPoint = join(tempDir(), 'bound');
    mkdirSync(mountPoint);
    const bound = spawnSync('mount', ['--bind', sample.root, mountPoint]);
    if (bound.status !== 0) throw new Error(`mount --bind failed (${bound.stderr}); these tests run as root`);
    try {
      const db = join(mountPoint, 'x.db');
      const r = vstor(['audit', sample.root, '--db', db, ...policy]);
      expect([r.code, r.stderr.trim()]).toEqual([2, `vstor: --db ${db}: inside the archive ${sample.root}; the archive is only read, keep the index elsewhere`]);
      expect(existsSync(join(sample.root, 'x.db'))).toBe(false);
    } finally {
      spawnSync('umount', [mountPoint]);
    }
  });
});
