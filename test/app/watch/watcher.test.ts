import { linkSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSampleArchive } from '../../../src/samples/generate.ts';
import { segmentPath } from '../../../src/samples/names.ts';
import { tempDir } from '../../helpers/media.ts';
import { until, watchedArchive } from '../../helpers/watch.ts';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, vstorIn } from '../../helpers/cli.ts';

const HOUR = 3_600_000;


let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

function setup(rescanEveryMs = 1500) {
  const w = watchedArchive({ days: 3, rescanEveryMs });
  cleanup.push(w.stop);
  const hourDir = (t: number, cam: string) => {
    const d = new Date(Math.floor(t / HOUR) * HOUR).toISOString();
    return join(w.root, 'recordings', d.slice(0, 10), d.slice(11, 13), cam);
  };
  return { ...w, hourDir, clip: join(w.root, '.sources', 'hour.mp4') };
}

describe('ArchiveWatcher on a real archive', () => {
  it('reports new segments, early and normal removals, and a burst of 1000 files', async () => {
    const w = setup();
    await w.watcher.start();
    expect(w.events.map((e) => e.type)).toEqual(['ready']);

    // a new segment in the live folder
    const live = w.hourDir(w.now - HOUR, 'gate_north');
    linkSync(w.clip, join(live, '30.00.mp4'));
    await until(() => w.events.some((e) => e.type === 'added' && e.path === join(live, '30.00.mp4')));

    // deleted inside the window: the recorder overwrote too soon
    const inside = join(w.hourDir(w.now - 24 * HOUR, 'lobby'), '00.00.mp4');
    rmSync(inside);
    // deleted past the window: normal recycling
    const outside = join(w.hourDir(w.now - 5 * 24 * HOUR, 'gate_north'), '00.00.mp4');
    rmSync(outside);
    await until(() => w.events.some((e) => e.path === inside) && w.events.some((e) => e.path === outside));
    expect(w.events.find((e) => e.path === inside)!.type).toBe('removed-early');
    expect(w.events.find((e) => e.path === outside)!.type).toBe('removed');
    const kept = w.db.prepare("SELECT path, channel FROM events WHERE type = 'removed-early'").all();
    expect(kept).toEqual([{ path: inside, channel: 'lobby' }]);

    // a burst: a new camera writes 1000 ten-second segments at once
    const burst = w.hourDir(w.now, 'burst_cam');
    mkdirSync(burst, { recursive: true });
    for (let i = 0; i < 1000; i++) linkSync(w.clip, join(burst, `${String(Math.floor(i / 60)).padStart(2, '0')}.${String(i % 60).padStart(2, '0')}.mp4`));
    await until(() => w.events.filter((e) => e.type === 'added' && e.channel === 'burst_cam').length === 1000, 30_000);
    const segments = w.db.prepare("SELECT COUNT(*) AS n FROM segments s JOIN channels c ON c.id = s.channel_id WHERE c.name = 'burst_cam'").get() as { n: number };
    expect(segments.n).toBe(1000);
  }, 60_000);

  it('reports new segments while a steady stream of them goes on, not only once it stops', async () => {
    // no periodic rescan to fall back on: only the live folders' changes count
    const w = setup(60_000);
    await w.watcher.start();
    const live = w.hourDir(w.now - HOUR, 'gate_north');
    // a file every 100 ms for 2.5 s: a watcher that waited for a quiet moment would say nothing until the end
    const written = new Map<string, number>();
    for (let i = 0; i < 25; i++) {
      const file = join(live, `59.${String(i).padStart(2, '0')}.mp4`);
      linkSync(w.clip, file);
      written.set(file, Date.now());
      await new Promise((r) => setTimeout(r, 100));
    }
    const firstSeen = w.events.find((e) => e.type === 'added' && e.path === join(live, '59.00.mp4'));
    expect(firstSeen, 'the first segment was reported while the stream went on').toBeDefined();
    // reported before the last file of the stream was written, not after it stopped (no latency bound on a busy machine)
    expect(Date.parse(firstSeen!.at)).toBeLessThan(written.get(join(live, '59.24.mp4'))!);
    await until(() => w.events.filter((e) => e.type === 'added').length === 25);
  }, 60_000);

  it('reports a verdict change', async () => {
    const w = setup();
    await w.watcher.start();
    // gate_north passes; removing its newest hour makes it stale
    rmSync(w.hourDir(w.now - HOUR, 'gate_north'), { recursive: true });
    rmSync(w.hourDir(w.now - 2 * HOUR, 'gate_north'), { recursive: true });
    await until(() => w.events.some((e) => e.type === 'verdict' && e.channel === 'gate_north'));
    expect(w.events.find((e) => e.type === 'verdict')).toMatchObject({ channel: 'gate_north', previous: 'pass', verdict: 'fail', reasons: ['stale'] });
  }, 60_000);
});

describe('vstor watch (as a process)', () => {
  it('prints JSON lines and exits 0 on SIGTERM', async () => {
    const root = join(tempDir(), 'archive');
    makeSampleArchive({ dir: root, layout: 'frigate', now: Date.now(), days: 2, zone: 'UTC' });
    const child = spawn(process.execPath, [BIN, 'watch', root, '--db', join(tempDir(), 'i.db'), '--days', '2', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await until(() => out.includes('"type":"ready"'), 30_000);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(0);
    const ready = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(ready).toMatchObject({ type: 'ready', detail: '5 channels; 3 failing' });
  }, 60_000);

  it('lets an audit judge from the index it keeps current (--from-watch), only while it runs and has gone over every folder lately', async () => {
    const root = join(tempDir(), 'archive');
    const made = Date.now();
    makeSampleArchive({ dir: root, layout: 'frigate', now: made, days: 2, zone: 'UTC' });
    const db = join(tempDir(), 'i.db');
    // another folder scanned into the same index before the watcher starts: it is not one the watcher follows
    const other = join(tempDir(), 'other');
    makeSampleArchive({ dir: other, layout: 'frigate', now: made, days: 2, zone: 'UTC' });
    expect(spawnSync(process.execPath, [BIN, 'scan', other, '--db', db], { encoding: 'utf8', timeout: 30_000 }).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'watch', root, '--db', db, '--days', '2', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      await until(() => out.includes('"type":"ready"'), 30_000);
      const audit = (extra: string[], index = db) => spawnSync(process.execPath, [BIN, 'audit', root, '--db', index, '--days', '2', '--json', ...extra], { encoding: 'utf8', timeout: 30_000 });
      // without the flag, the watcher's lock refuses the scan and says what to do
      const refused = audit([]);
      expect(refused.status).toBe(3);
      expect(refused.stderr).toContain('or judge from the index the watcher keeps current: --from-watch');
      // issue 20: a folder the watcher does not follow is not judged from its index
      const foreign = spawnSync(process.execPath, [BIN, 'audit', other, '--db', db, '--days', '2', '--json', '--from-watch'], { encoding: 'utf8', timeout: 30_000 });
      expect(foreign.status).toBe(2);
      expect(foreign.stderr.trim()).toBe(`vstor: --from-watch: the watcher (pid ${child.pid}) does not follow ${realpathSync(other)} (it follows ${realpathSync(root)}); audit without --from-watch`);
      const watched = audit(['--from-watch']);
      expect(watched.status).toBe(1);
      const doc = JSON.parse(watched.stdout);
      expect(doc.scan.problems.some((p: string) => p.includes('judged from the index vstor watch') && p.includes('not scanned'))).toBe(true);
      expect(doc.scan.problems.join('\n')).not.toMatch(/no file matches/);
      // the same archive scanned into an index of its own (in this process: the comparison is the point)
      const scanned = JSON.parse((await vstorIn(['audit', root, '--db', join(tempDir(), 'other.db'), '--days', '2', '--json'])).stdout);
      const shape = (d: { channels: { channel: string; verdict: string; reasons: string[]; segments: number; oldestStart: string }[] }) => d.channels.map((c) => [c.channel, c.verdict, c.reasons, c.segments, c.oldestStart]);
      expect(shape(doc)).toEqual(shape(scanned));
      // the recorder recycles the oldest hour of gate_north in a folder the watcher does not follow live: until
      // its next full pass the index still holds it, so the channel is not passed on the index's word
      const oldest = Math.floor(made / 3_600_000) * 3_600_000 - 4 * 86_400_000;
      rmSync(join(root, segmentPath('frigate', 'gate_north', oldest, oldest + 3_600_000, 'UTC')));
      const behind = JSON.parse(audit(['--from-watch']).stdout);
      expect(behind.channels.find((c: { channel: string }) => c.channel === 'gate_north')).toMatchObject({ verdict: 'unverified', reasons: ['index-behind'] });
      // a scan sees the archive as it is: the channel still keeps more than 2 days
      expect(JSON.parse((await vstorIn(['audit', root, '--db', join(tempDir(), 'third.db'), '--days', '2', '--json'])).stdout).channels.find((c: { channel: string }) => c.channel === 'gate_north').verdict).toBe('pass');
      // a watcher whose last full pass is older than its rescan period allows is not trusted
      const holderFile = `${db}.lock.holder`;
      const holder = JSON.parse(readFileSync(holderFile, 'utf8'));
      expect(holder.watch).toMatchObject({ rescanEveryMs: 600_000 });
      writeFileSync(holderFile, JSON.stringify({ ...holder, watch: { ...holder.watch, fullPassMs: Date.now() - 3_600_000 } }));
      const stale = audit(['--from-watch']);
      expect(stale.status).toBe(2);
      expect(stale.stderr.trim()).toMatch(/^vstor: --from-watch: the watcher \(pid \d+\) last went over every folder 60 min ago, more than its rescan period of 10 min allows; audit without --from-watch$/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.on('exit', r));
    }
    // no watcher: nothing keeps the index current
    const gone = spawnSync(process.execPath, [BIN, 'audit', root, '--db', db, '--from-watch'], { encoding: 'utf8', timeout: 30_000 });
    expect(gone.status).toBe(2);
    expect(gone.stderr.trim()).toBe(`vstor: --from-watch: no vstor watch holds ${db}; audit without --from-watch (it scans)`);
  }, 90_000);

  it('exits 2 when the first pass cannot read the tree, instead of watching nothing', () => {
    const root = join(tempDir(), 'archive');
    mkdirSync(join(root, 'cam'), { recursive: true });
    writeFileSync(join(root, 'cam', 'clip-one.mp4'), 'x');
    const r = spawnSync(process.execPath, [BIN, 'watch', root, '--db', join(tempDir(), 'i.db'), '--json'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no file matches a known layout/);
    expect(r.stdout).not.toContain('"type":"ready"');
  });
});
