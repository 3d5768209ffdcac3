/**
 * `vstor watch` under sustained load (issue 11): a Frigate tree written at RATE segments a minute (10-second
 * segments, RATE / 6 cameras, spread evenly over each 10 s), an old hour folder deleted every 10 s, for
 * MINUTES. Measures the lag of every `added` event (from the file's write to the watcher printing it: p50,
 * p99, max), events missing, and the watcher's RSS over time. Targets: p99 <= 5 s at 2000 segments a
 * minute for 10 minutes, RSS flat within 50 MB.
 *
 *   npx tsx bench/watch-load.ts                 # 2000 a minute, 10 minutes
 *   npx tsx bench/watch-load.ts 2000 2          # rate, minutes
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeClip } from '../src/samples/clip.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out', 'watch-load');
const RATE = Number(process.argv[2] ?? 2000);
const MINUTES = Number(process.argv[3] ?? 10);
const CAMERAS = Math.round(RATE / 6);
const HOUR = 3_600_000;
const HISTORY_HOURS = Math.ceil((MINUTES * 60) / 10) + 6;

const pad = (n: number) => String(n).padStart(2, '0');
const hourDir = (root: string, t: number) => {
  const d = new Date(Math.floor(t / HOUR) * HOUR).toISOString();
  return join(root, 'recordings', d.slice(0, 10), d.slice(11, 13));
};
const camName = (i: number) => `cam${String(i).padStart(3, '0')}`;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  const root = join(OUT, 'archive');
  mkdirSync(OUT, { recursive: true });
  const clip = makeClip(join(OUT, 'clip.mp4'), { seconds: 10, rate: '1' });
  // old hours to delete, one every 10 s: each a folder of every camera with a few segments (hard links)
  const now = Date.now();
  let links = 0;
  let source = clip;
  for (let h = HISTORY_HOURS + 2; h >= 2; h--) {
    const dir = hourDir(root, now - h * HOUR);
    // folders dated when their hour ended, as a recorder leaves them
    const ended = (Math.floor((now - h * HOUR) / HOUR) * HOUR + HOUR) / 1000;
    for (let c = 0; c < CAMERAS; c++) {
      mkdirSync(join(dir, camName(c)), { recursive: true });
      for (const name of ['00.00.mp4', '20.00.mp4', '40.00.mp4']) {
        if (++links % 50_000 === 0) copyFileSync(clip, (source = join(OUT, `clip-${links}.mp4`)));
        linkSync(source, join(dir, camName(c), name));
      }
      utimesSync(join(dir, camName(c)), ended, ended);
    }
    utimesSync(dir, ended, ended);
  }
  const db = join(OUT, 'index.db');
  const child = spawn(process.execPath, [...(process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir', OUT] : []), ...(process.env.ELD ? ['--import', process.env.ELD] : []), join(ROOT, 'bin', 'vstor.js'), 'watch', root, '--db', db, '--json', '--days', '3', '--tz', 'UTC', '--rescan-every', '1m'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const written = new Map<string, number>();
  const lags: number[] = [];
  let ready = 0;
  let buffer = '';
  let removals = 0;
  let errors = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const e = JSON.parse(line) as { type: string; path?: string };
      if (e.type === 'ready') ready = Date.now();
      else if (e.type === 'added' && e.path) {
        const at = written.get(e.path);
        if (at !== undefined) {
          lags.push(Date.now() - at);
          if (process.env.SLOW && Date.now() - at > 6000) console.log(`slow: written at +${((at - ready) / 1000).toFixed(1)} s, reported after ${((Date.now() - at) / 1000).toFixed(1)} s: ${e.path}`);
          written.delete(e.path);
        }
      } else if (e.type === 'removed' || e.type === 'removed-early') removals++;
    }
  });
  child.stderr.on('data', (d: Buffer) => (errors += d));
  const t0 = Date.now();
  while (!ready && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  console.log(`watch-load: ${RATE} segments a minute (${CAMERAS} cameras), ${MINUTES} min, ${HISTORY_HOURS} old hours; first pass ${((ready - t0) / 1000).toFixed(1)} s`);

  const rss: { t: number; mb: number }[] = [];
  const sampleRss = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      rss.push({ t: (Date.now() - ready) / 1000, mb: kb / 1024 });
    } catch {
      // the process is gone
    }
  };
  const data = readFileSync(clip);
  // names are dated so that the recorder moves on to a new hour (and a new day) one minute in: the moment
  // every camera starts a new folder at once
  const shift = Math.ceil((Date.now() + 60_000) / (24 * HOUR)) * 24 * HOUR - (Date.now() + 60_000);
  const end = Date.now() + MINUTES * 60_000;
  const perTick = CAMERAS / 10; // cameras writing each second
  let tick = 0;
  let nextRss = Date.now();
  let nextDelete = Date.now() + 10_000;
  let oldest = HISTORY_HOURS + 2;
  let total = 0;
  while (Date.now() < end && child.exitCode === null) {
    const t = Date.now();
    // this second's share of the cameras each closes a 10-second segment
    const from = Math.floor((tick % 10) * perTick);
    const to = Math.floor(((tick % 10) + 1) * perTick);
    for (let c = from; c < to; c++) {
      const segStart = t - 10_000 + shift;
      const d = new Date(segStart);
      const dir = join(hourDir(root, segStart), camName(c));
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}.mp4`);
      if (existsSync(file)) continue;
      writeFileSync(file, data);
      written.set(file, Date.now());
      total++;
    }
    if (t >= nextDelete && oldest > 2) {
      rmSync(hourDir(root, now - oldest * HOUR), { recursive: true, force: true });
      oldest--;
      nextDelete += 10_000;
    }
    if (t >= nextRss) {
      sampleRss();
      nextRss += 5_000;
    }
    tick++;
    await new Promise((r) => setTimeout(r, Math.max(0, t + 1000 - Date.now())));
  }
  // what is still unreported after a last grace period is missing
  await new Promise((r) => setTimeout(r, 10_000));
  sampleRss();
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  lags.sort((a, b) => a - b);
  const mbs = rss.map((r) => r.mb);
  const settled = rss.filter((r) => r.t >= 60).map((r) => r.mb);
  const report = {
    rate: RATE,
    minutes: MINUTES,
    written: total,
    reported: lags.length,
    missing: written.size,
    removedEvents: removals,
    lagSeconds: { p50: percentile(lags, 50) / 1000, p99: percentile(lags, 99) / 1000, max: (lags[lags.length - 1] ?? NaN) / 1000 },
    rssMb: { first: Math.round(mbs[0] ?? NaN), last: Math.round(mbs[mbs.length - 1] ?? NaN), max: Math.round(Math.max(...mbs)), spreadAfterFirstMinute: Math.round(Math.max(...settled) - Math.min(...settled)) },
    rssOverTime: rss.filter((_, i) => i % 6 === 0).map((r) => `${Math.round(r.t)}s ${Math.round(r.mb)}MB`).join(', '),
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(join(OUT, 'report.json'), JSON.stringify(report, null, 2));
  if (errors.trim()) console.log(`watcher stderr: ${errors.trim().slice(0, 2000)}`);
  const ok = report.lagSeconds.p99 <= 5 && report.rssMb.spreadAfterFirstMinute <= 50 && report.missing === 0;
  console.log(ok ? 'targets met: p99 <= 5 s, RSS flat within 50 MB, nothing missing' : 'TARGETS MISSED');
}

await main();
