/**
 * Benchmark of scan + audit against `find` (issue 15's targets: cold <= 1.5x find, warm <= 0.1x find, peak
 * RSS <= 250 MB and flat as files grow). Builds Frigate trees, then times:
 *   find <root> -type f -printf '%s %T@ %p\n' (median of 3)  |  a cold `vstor audit` (new index)  |
 *   a warm re-audit (median of 3; peak RSS the highest of the three).
 *
 *   npx tsx bench/audit.ts                 # both trees: hourly (100 ch x 91 d) and 10-second (20 ch x 15 d)
 *   npx tsx bench/audit.ts hourly          # just one
 *   npx tsx bench/audit.ts fleet-node      # 30 ch x 90 d of 10-second segments: 23.3 M files (opt-in)
 *   npx tsx bench/audit.ts recorder-hourly # issue 19: the hourly tree as a recorder leaves it (opt-in, 4.8 GB)
 *   npx tsx bench/audit.ts recorder-ten-second  # and the 10-second tree (opt-in, 2.6 M files)
 * The first trees are hard links to a few clips (they share one mtime: the audit reads them as a copied
 * archive, ends from the usual length). `recorder-hourly` is separate files, each last written at its
 * segment's end and its folders dated by their newest file, as Frigate leaves them; it is also audited
 * with every folder touched just now (a tree just restored or copied: every folder looks open).
 * Audits run with --scrub-cycle 0: these figures are the scan and the index; the scrub's decodes are
 * bench/decode.ts's figures times the slice.
 * Trees are kept in bench/out/ between runs (delete it to rebuild).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClip } from '../src/samples/clip.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const NOW = Date.parse('2026-11-28T00:00:00Z');

interface Tree {
  name: string;
  channels: number;
  days: number;
  segmentSeconds: number;
  /** built and run only when named: it takes an hour and a few GB of directory blocks */
  optIn?: boolean;
  /** every segment a file of its own with its own mtime (its end), as a recorder writes it */
  separate?: boolean;
}

const TREES: Tree[] = [
  { name: 'hourly', channels: 100, days: 91, segmentSeconds: 3600 },
  { name: 'ten-second', channels: 20, days: 15, segmentSeconds: 10 },
  // issue 15: a node of a city fleet, 30 cameras x 90 days of Frigate's 10-second segments = 23.3 M files
  { name: 'fleet-node', channels: 30, days: 90, segmentSeconds: 10, optIn: true },
  // issue 19: the hourly tree as a recorder writes it
  { name: 'recorder-hourly', channels: 100, days: 91, segmentSeconds: 3600, optIn: true, separate: true },
  // and the 10-second tree so (2.6 M files, ~13 GB)
  { name: 'recorder-ten-second', channels: 20, days: 15, segmentSeconds: 10, optIn: true, separate: true },
];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function build(tree: Tree): { root: string; files: number; dirs: number } {
  const root = join(OUT, tree.name);
  const marker = join(root, '.built');
  const perDay = 86_400 / tree.segmentSeconds;
  const files = tree.channels * tree.days * perDay;
  const dirs = tree.days * 24 * (tree.channels + 1) + tree.days;
  const src = join(OUT, `${tree.name}-src`);
  // Every file is a hard link to a few clips, so all share their clip's mtime: dated at the tree's start,
  // they read as closed, quiet files (a copied archive, as far as their mtimes tell), not as files being
  // written now, which a rescan would list again every time.
  const quiet = () => {
    for (const f of readdirSync(src)) utimesSync(join(src, f), (NOW - tree.days * 86_400_000) / 1000, (NOW - tree.days * 86_400_000) / 1000);
  };
  if (existsSync(marker)) {
    if (!tree.separate) quiet();
    return { root, files, dirs };
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const clip = makeClip(join(src, 'clip.mp4'), { seconds: tree.segmentSeconds, rate: tree.segmentSeconds >= 600 ? '1/60' : '1' });
  let links = 0;
  let source = clip;
  const t0 = Date.now();
  const start = NOW - tree.days * 86_400_000;
  for (let d = 0; d < tree.days; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (let h = 0; h < 24; h++) {
      const hourEnd = (start + d * 86_400_000 + (h + 1) * 3_600_000) / 1000;
      for (let c = 0; c < tree.channels; c++) {
        const dir = join(root, 'recordings', day, pad(h), `cam_${String(c).padStart(3, '0')}`);
        mkdirSync(dir, { recursive: true });
        for (let s = 0; s < 3600; s += tree.segmentSeconds) {
          if (++links % 50_000 === 0) {
            source = join(src, `clip-${links}.mp4`);
            copyFileSync(clip, source);
          }
          const file = join(dir, `${pad(Math.floor(s / 60))}.${pad(s % 60)}.mp4`);
          if (tree.separate) {
            copyFileSync(clip, file);
            const end = (start + d * 86_400_000 + h * 3_600_000 + (s + tree.segmentSeconds) * 1000) / 1000;
            utimesSync(file, end, end);
          } else linkSync(source, file);
        }
        utimesSync(dir, hourEnd, hourEnd);
      }
      utimesSync(join(root, 'recordings', day, pad(h)), hourEnd, hourEnd);
    }
    const dayEnd = (start + (d + 1) * 86_400_000) / 1000;
    utimesSync(join(root, 'recordings', day), dayEnd, dayEnd);
    process.stderr.write(`\rbuilding ${tree.name}: day ${d + 1}/${tree.days}, ${links} files, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  process.stderr.write('\n');
  if (!tree.separate) quiet();
  writeFileSync(marker, '');
  return { root, files, dirs };
}

function dropCaches(): void {
  // Cold means a new index, not a cold page cache: dropping caches needs root and disturbs the machine.
}

function timed(cmd: string, args: string[]): { seconds: number; rssMb: number | null; status: number | null; stderr: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /maxrss-kb (\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, status: r.status, stderr: r.stderr };
}

function run(tree: Tree): void {
  const { root, files, dirs } = build(tree);
  const db = join(OUT, `${tree.name}.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  dropCaches();
  // warm the page cache the same way for everyone: one find before timing
  spawnSync('find', [root, '-type', 'f'], { stdio: 'ignore' });
  // find varies run to run: the median of three
  const finds = [0, 1, 2].map(() => timed('sh', ['-c', `find '${root}' -type f -printf '%s %T@ %p\\n' > /dev/null`])).sort((a, b) => a.seconds - b.seconds);
  const find = finds[1]!;
  const args = [join(ROOT, 'bench', 'maxrss.mjs'), join(ROOT, 'bin', 'vstor.js'), 'audit', root, '--db', db, '--now', new Date(NOW).toISOString(), '--days', String(tree.days - 1), '--tz', 'UTC', '--json', '--scrub-cycle', '0'];
  const cold = timed(process.execPath, ['--import', ...args]);
  // a warm audit takes 2-3 s and varies as much as find does: the median of three, as for find
  const warms = [0, 1, 2].map(() => timed(process.execPath, ['--import', ...args])).sort((a, b) => a.seconds - b.seconds);
  const warm = { ...warms[1]!, rssMb: Math.max(...warms.map((w) => w.rssMb ?? 0)) };
  if (cold.status !== 0 || warms.some((w) => w.status !== 0)) console.error(`audit exited ${cold.status}/${warms.map((w) => w.status).join('/')}: ${cold.stderr.slice(0, 500)}`);
  const row = (label: string, t: { seconds: number; rssMb: number | null }, ratio?: string) =>
    console.log(`  ${label.padEnd(12)} ${t.seconds.toFixed(2).padStart(7)} s${t.rssMb === null ? '' : `   peak RSS ${t.rssMb.toFixed(0).padStart(4)} MB`}${ratio ? `   ${ratio}` : ''}`);
  console.log(`${tree.name}: ${tree.channels} channels x ${tree.days} days of ${tree.segmentSeconds}-second segments = ${files.toLocaleString('en')} files in ${dirs.toLocaleString('en')} folders`);
  row('find', find);
  row('cold audit', cold, `${(cold.seconds / find.seconds).toFixed(2)} x find (target <= 1.5)`);
  row('warm audit', warm, `${(warm.seconds / find.seconds).toFixed(2)} x find (target <= 0.1)`);
  if (tree.separate) {
    // just restored or copied: every folder's mtime is now, so every folder looks open and is listed again
    const now = Date.now() / 1000;
    spawnSync('find', [root, '-type', 'd', '-exec', 'touch', '-m', '-d', `@${now}`, '{}', '+'], { stdio: 'ignore' });
    const fresh = timed(process.execPath, ['--import', ...args]);
    row('fresh dirs', fresh, `${(fresh.seconds / find.seconds).toFixed(2)} x find; every folder touched now (RSS target <= 250 MB)`);
  }
  const indexBytes = [db, `${db}-wal`].reduce((a, f) => a + (existsSync(f) ? statSync(f).size : 0), 0);
  console.log(`  index        ${(indexBytes / 1e6).toFixed(1)} MB = ${(indexBytes / 1e6 / (files / 1e6)).toFixed(2)} MB a million segments`);
}

const only = process.argv[2];
mkdirSync(OUT, { recursive: true });
// bin/vstor.js runs the sources through tsx when one is newer than the bundle, which costs ~70 MB of RSS:
// measure the bundle, as users run it
spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
for (const tree of TREES) if (only ? tree.name === only : !tree.optIn) run(tree);
