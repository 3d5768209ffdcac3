/**
 * Issue 24: a 64-channel NVR with 90 days of hourly recordings (138,240 list entries, 40 a page over ISAPI)
 * audited over loopback by the real CLI, against the device of src/samples/isapi-server.ts (digest
 * authentication, two requests at once at most, footage fetched for the recordings the audit checks).
 * Prints the wall time, the requests, the most at once the device saw, and the audit's peak RSS; then the
 * same at 16 channels, to show memory flat in the number of entries; then 1000 channels over 16 NVRs.
 *
 *   npx tsx bench/devices.ts      (exits 1 if the 64-channel audit takes 60 s or more)
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { wallMsOf } from '../src/archive/time.ts';
import { makeClip } from '../src/samples/clip.ts';
import { withDeviceClock } from '../src/samples/hikvision.ts';
import { serveIsapi, type ServedChannel } from '../src/samples/isapi-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out', 'devices');
const HOUR = 3_600_000;
const zone = 'Asia/Shanghai';
const now = Date.parse('2026-12-05T12:00:00Z');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const clip = readFileSync(makeClip(join(OUT, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 }));

async function run(channels: number, days: number, deviceCount = 1): Promise<number> {
  const served: ServedChannel[] = Array.from({ length: channels }, (_, i) => ({
    id: i + 1,
    name: `Camera ${String(i + 1).padStart(2, '0')}`,
    recordings: Array.from({ length: days * 24 }, (_, h) => ({ start: now - (days * 24 - h) * HOUR, end: now - (days * 24 - h - 1) * HOUR })),
  }));
  const servers = await Promise.all(Array.from({ length: deviceCount }, () => serveIsapi({ user: 'admin', password: 'bench-pass', channels: served, zone, clock: 'utc', footage: (t) => withDeviceClock(clip, wallMsOf(t, zone)) })));
  const file = join(OUT, `devices-${deviceCount}x${channels}.yaml`);
  writeFileSync(file, `devices:\n${servers.map((d, i) => `  - { name: nvr-${i + 1}, protocol: isapi, host: 127.0.0.1, port: ${d.port}, user: admin, passwordEnv: BENCH_PASSWORD }\n`).join('')}`);
  const db = join(OUT, `index-${deviceCount}x${channels}.db`);
  const t0 = performance.now();
  const r = await new Promise<{ code: number; stderr: string; stdout: string }>((done) => {
    execFile(process.execPath, ['--import', join(ROOT, 'bench', 'maxrss.mjs'), join(ROOT, 'bin', 'vstor.js'), 'audit', '--devices', file, '--db', db, '--now', new Date(now).toISOString(), '--days', String(days - 1), '--json', '--scrub-cycle', '0'], { env: { ...process.env, BENCH_PASSWORD: 'bench-pass' }, maxBuffer: 256 * 1024 * 1024 }, (e, stdout, stderr) =>
      done({ code: e ? Number(e.code) : 0, stdout, stderr }),
    );
  });
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(servers.map((d) => d.close()));
  const paths = servers.flatMap((d) => d.seen.paths);
  const maxAtOnce = Math.max(...servers.map((d) => d.seen.maxAtOnce));
  const rss = Number(/maxrss-kb (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  const doc = r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined;
  const verdicts = doc ? JSON.stringify(doc.summary) : `no document (exit ${r.code}): ${r.stderr.slice(0, 300)}`;
  const entries = deviceCount * channels * days * 24;
  const searches = paths.filter((p) => p.includes('/ContentMgmt/search')).length;
  const downloads = paths.filter((p) => p.includes('/ContentMgmt/download')).length;
  console.log(`${deviceCount} device(s) x ${channels} channels x ${days} days hourly = ${entries.toLocaleString('en')} entries: ${seconds.toFixed(1)} s, ${paths.length} requests (${searches} search pages, ${downloads} downloads), at most ${maxAtOnce} at once a device, peak RSS ${rss.toFixed(0)} MB; ${verdicts}`);
  return seconds;
}

const big = await run(64, 90);
await run(16, 90);
// 1000 channels over 16 NVRs (63 each = 1008), 90 days hourly: 2,177,280 entries
const fleet = await run(63, 90, 16);
console.log(big < 60 ? 'one NVR within the limit (60 s)' : 'one NVR OVER the limit (60 s)');
console.log(fleet < 300 ? '16 NVRs within the limit (5 min)' : '16 NVRs OVER the limit (5 min)');
process.exitCode = big < 60 && fleet < 300 ? 0 : 1;
