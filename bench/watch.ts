/**
 * Memory of `vstor watch` as the archive grows (issue 4: flat). Runs the watcher on the trees bench/audit.ts
 * builds (run that first), with an incremental rescan every 5 s, for 30 s, then stops it with SIGTERM and
 * prints its peak RSS and how long the first scan took.
 *
 *   npx tsx bench/audit.ts && npx tsx bench/watch.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');

async function measure(tree: string): Promise<void> {
  const root = join(OUT, tree);
  if (!existsSync(join(root, '.built'))) {
    console.log(`${tree}: not built; run npx tsx bench/audit.ts ${tree} first`);
    return;
  }
  const db = join(OUT, `${tree}-watch.db`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', join(ROOT, 'bench', 'maxrss.mjs'), join(ROOT, 'bin', 'vstor.js'), 'watch', root, '--db', db, '--json', '--rescan-every', '5s', '--tz', 'UTC'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let readyAt = 0;
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    if (!readyAt && out.includes('"type":"ready"')) readyAt = Date.now();
  });
  child.stderr.on('data', (d: Buffer) => (err += d));
  while (!readyAt && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 30_000));
  child.kill('SIGTERM');
  const code = await new Promise((r) => child.on('exit', r));
  const rss = /maxrss-kb (\d+)/.exec(err);
  console.log(`${tree}: first scan + verdicts ${((readyAt - t0) / 1000).toFixed(1)} s, then 30 s with a rescan every 5 s; peak RSS ${rss ? (Number(rss[1]) / 1024).toFixed(0) : '?'} MB; exit ${code}`);
}

for (const tree of process.argv[2] ? [process.argv[2]] : ['hourly', 'ten-second']) await measure(tree);
