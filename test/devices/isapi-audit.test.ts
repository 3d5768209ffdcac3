/**
 * Issue 24: recorders reached over Hikvision ISAPI, audited by the real CLI against a device of ours on
 * 127.0.0.1 (src/samples/isapi-server.ts): digest authentication, paging, both ways devices read a search's
 * times, footage fetched and decoded, and a password that never shows.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wallMsOf } from '../../src/archive/time.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { withDeviceClock } from '../../src/samples/hikvision.ts';
import { serveIsapi, type IsapiServerOptions, type RunningIsapi, type ServedChannel } from '../../src/samples/isapi-server.ts';
import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { BIN, vstorAsync, vstorIn } from '../helpers/cli.ts';
import { auditLib } from '../helpers/audit.ts';
import { readDevicesFile } from '../../src/devices/devices-file.ts';
import { auditDocument } from '../../src/report/audit/json.ts';
import { auditExit } from '../../cli/commands/audit.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const zone = 'Asia/Shanghai';
const now = Date.parse('2026-12-05T12:00:00Z');
const PASSWORD = 'Adm1n#s3cret-Ω';
const dir = mkdtempSync(join(tmpdir(), 'vstor-isapi-'));
const clip = readFileSync(makeClip(join(dir, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 }));

const hourly = (from: number, to: number, skip?: (t: number) => boolean) => {
  const out = [];
  for (let t = from; t + HOUR <= to; t += HOUR) if (!skip?.(t)) out.push({ start: t, end: t + HOUR });
  return out;
};
const start = Date.parse('2026-12-05T00:00:00Z');
const CHANNELS: ServedChannel[] = [
  { id: 1, name: '大门北侧', recordings: hourly(start - 12 * DAY, start + 12 * HOUR) },
  { id: 2, name: 'lobby', recordings: hourly(start - 5 * DAY, start + 12 * HOUR) },
  { id: 3, name: '停车场', recordings: hourly(start - 12 * DAY, start + 12 * HOUR, (t) => t >= start - 4 * DAY && t < start - 4 * DAY + 6 * HOUR) },
  { id: 4, name: 'roof', recordings: hourly(start - 12 * DAY, start - 2 * DAY) },
];

let servers: RunningIsapi[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function device(o: Partial<IsapiServerOptions> = {}): Promise<RunningIsapi> {
  const s = await serveIsapi({ user: 'admin', password: PASSWORD, channels: CHANNELS, zone, clock: 'utc', footage: (t) => withDeviceClock(clip, wallMsOf(t, zone)), ...o });
  servers.push(s);
  return s;
}

function devicesFile(entries: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(dir, 'cfg-')), 'devices.yaml');
  writeFileSync(file, `devices:\n${entries.map((e) => `  - ${JSON.stringify(e)}`).join('\n')}\n`);
  return file;
}

/**
 * An audit of the devices `entries` describe: through the library by default (the same runAudit the CLI runs,
 * without a process a call), or through the real CLI (`cli: true`) where its output and exit code are the point.
 */
async function audit(entries: Record<string, unknown>[], o: { cli?: boolean; extra?: string[]; deep?: boolean } = {}) {
  const file = devicesFile(entries);
  const db = join(mkdtempSync(join(dir, 'db-')), 'index.db');
  let r: { code: number; stdout: string; stderr: string };
  if (o.cli) {
    r = await vstorAsync(['audit', '--devices', file, '--db', db, '--now', new Date(now).toISOString(), '--days', '10', '--tz', zone, '--json', ...(o.extra ?? [])], { env: { NVR_PASSWORD: PASSWORD } });
  } else {
    const result = await auditLib([], { now, days: 10, zone, db, deep: o.deep, devices: readDevicesFile(file, { NVR_PASSWORD: PASSWORD }) });
    r = { code: auditExit(result, false).code, stdout: JSON.stringify(auditDocument(result)), stderr: result.problems.join('\n') };
  }
  const doc = r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined;
  const byNumber = (n: number) => doc?.channels.find((c: { channel: string }) => c.channel.endsWith(`(${n})`));
  return { ...r, db, doc, byNumber };
}

const entry = (s: RunningIsapi, more: Record<string, unknown> = {}) => ({ name: 'nvr-01', protocol: 'isapi', host: '127.0.0.1', port: s.port, user: 'admin', passwordEnv: 'NVR_PASSWORD', ...more });

describe('vstor audit --devices (Hikvision ISAPI)', () => {
  for (const clock of ['utc', 'local'] as const) {
    it(`judges a device's channels from its list and its footage (${clock === 'utc' ? 'a device searching by UTC' : 'a device reading search times as its wall clock'})`, async () => {
      const s = await device({ clock });
      // the real CLI once, where what it prints is checked for the password too
      const r = await audit([entry(s)], { cli: clock === 'utc' });
      expect(r.code).toBe(1);
      expect(r.byNumber(1)).toMatchObject({ channel: '大门北侧 (1)', recorder: 'nvr-01', verdict: 'pass', evidence: 'footage' });
      expect(r.byNumber(2)).toMatchObject({ verdict: 'fail', reasons: ['retention-short'] });
      expect(r.byNumber(3)).toMatchObject({ verdict: 'fail', reasons: ['gap'] });
      expect(r.byNumber(4).reasons).toContain('stale');
      // the oldest footage is the device's first recording, to the second
      expect(r.byNumber(1).oldestStart).toBe(new Date(start - 12 * DAY).toISOString());
      expect(s.seen.maxAtOnce).toBeLessThanOrEqual(2);
      // every page of every channel, 40 a page, asked once; then each recording checked is found again by its
      // time for its URI (the scan keeps none) and fetched
      const downloads = s.seen.paths.filter((p) => p.startsWith('POST /ISAPI/ContentMgmt/download')).length;
      expect(downloads).toBeGreaterThanOrEqual(4 * 3);
      expect(s.seen.paths.filter((p) => p.startsWith('POST /ISAPI/ContentMgmt/search')).length).toBe(CHANNELS.reduce((n, c) => n + Math.ceil(c.recordings.length / 40), 0) + downloads);
      expect(s.seen.failedLogins).toBe(0);
      // the password shows nowhere: output, errors, the index
      for (const text of [r.stdout, r.stderr, readFileSync(r.db).toString('latin1'), readFileSync(r.db).toString('utf8')]) expect(text).not.toContain(PASSWORD);
    });
  }

  it('a list that comes out of order, its recordings overlapping, is the same timeline: the same verdicts, the same oldest start', async () => {
    // each recording runs 10 minutes into the next (a pre-record), the list newest first, pages not in time order
    const mixed = CHANNELS.map((c) => ({ ...c, recordings: c.recordings.map((x) => ({ start: x.start, end: x.end + 10 * 60_000 })).reverse() }));
    const r = await audit([entry(await device({ channels: mixed }))]);
    expect([1, 2, 3, 4].map((n) => [r.byNumber(n).verdict, ...r.byNumber(n).reasons])).toEqual([['pass'], ['fail', 'retention-short'], ['fail', 'gap'], ['fail', 'stale']]);
    expect(r.byNumber(1).oldestStart).toBe(new Date(start - 12 * DAY).toISOString());
    // the gap is the six hours the list lacks less the 10 minutes the recording before it runs over
    expect(r.byNumber(3).biggestGapSeconds).toBe(6 * 3600 - 600);
  });

  it('takes a recorder as a root, NAME=isapi://user@host:port, its password from VSTOR_PASSWORD_<NAME>, never from the URL', async () => {
    const s = await device();
    const db = join(mkdtempSync(join(dir, 'db-')), 'index.db');
    const args = ['audit', `nvr-01=isapi://admin@127.0.0.1:${s.port}`, '--db', db, '--now', new Date(now).toISOString(), '--days', '10', '--tz', zone, '--json'];
    const r = await vstorIn(args, { VSTOR_PASSWORD_NVR_01: PASSWORD });
    const doc = JSON.parse(r.stdout);
    expect(doc.channels.map((c: { channel: string; verdict: string }) => `${c.channel} ${c.verdict}`).sort()).toEqual(['lobby (2) fail', 'roof (4) fail', '停车场 (3) fail', '大门北侧 (1) pass']);
    // the TUI takes it too (a plain table when not a terminal)
    const tui = await vstorIn(['tui', `nvr-01=isapi://admin@127.0.0.1:${s.port}`, '--db', db, '--now', new Date(now).toISOString(), '--days', '10', '--tz', zone], { VSTOR_PASSWORD_NVR_01: PASSWORD });
    expect(tui.code).toBe(1);
    expect(tui.stdout).toMatch(/大门北侧 \(1\)\s+│ pass/);
    const unset = await vstorIn(args);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/the environment variable VSTOR_PASSWORD_NVR_01 is not set/);
    const inUrl = await vstorIn(['audit', `nvr-01=isapi://admin:${PASSWORD}@127.0.0.1:${s.port}`, '--db', db]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toMatch(/a password in the root's URL would show in process lists and shell history/);
    expect(inUrl.stderr).not.toContain(PASSWORD);
  });

  it("HTTPS: the device's self-signed certificate is trusted only by its pinned SHA-256; a busy device (503) is asked again", async () => {
    const certs = mkdtempSync(join(dir, 'tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=192.0.2.10', '-keyout', join(certs, 'key.pem'), '-out', join(certs, 'cert.pem')], { stdio: 'ignore' });
    const tls = { key: readFileSync(join(certs, 'key.pem'), 'utf8'), cert: readFileSync(join(certs, 'cert.pem'), 'utf8') };
    const fingerprint = new X509Certificate(tls.cert).fingerprint256;
    const s = await device({ tls, busyFirst: 1 });
    const pinned = await audit([entry(s, { tls: { fingerprint } })]);
    expect(pinned.byNumber(1)?.verdict, `${pinned.stderr}\n${JSON.stringify(pinned.doc?.problems ?? pinned.stdout.slice(0, 1500))}`).toBe('pass');
    expect(s.seen.paths.length).toBeGreaterThan(1);
    const other = await audit([entry(s, { tls: { fingerprint: fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00') } })]);
    expect(other.doc.channels.map((c: { reasons: string[] }) => c.reasons.join()), other.stderr).toEqual(['device-unreachable']);
    expect(other.stdout + other.stderr).toMatch(/not the one pinned in the devices file; not trusted/);
    // no pin: the chain is checked, and a self-signed certificate is not accepted
    const unpinned = await audit([entry(s, { tls: true })]);
    expect(unpinned.doc.channels.map((c: { reasons: string[] }) => c.reasons.join()), unpinned.stderr).toEqual(['device-unreachable']);
  });

  it('reads channel names sent in GB2312, and answers nonces that expire without taking them for a bad password', async () => {
    const s = await device({ gb2312: true, nonceUses: 3, algorithm: 'SHA-256' });
    const r = await audit([entry(s)]);
    expect(r.byNumber(1).channel).toBe('大门北侧 (1)');
    expect(r.byNumber(3).channel).toBe('停车场 (3)');
    expect(r.byNumber(1).verdict).toBe('pass');
    expect(s.seen.failedLogins).toBe(0);
  });

  it('a wrong password: one refused login, its channels unverified (device-auth), never passed', async () => {
    const s = await device({ password: 'another' });
    const r = await audit([entry(s, { channels: [1, 2] })]);
    expect(r.code).toBe(1);
    expect(r.doc.channels.map((c: { reasons: string[] }) => c.reasons)).toEqual([['device-auth'], ['device-auth']]);
    expect(r.doc.summary.pass).toBe(0);
    expect(s.seen.failedLogins).toBe(1);
    expect(r.stderr + r.stdout).not.toContain(PASSWORD);
  });

  it("a channel the devices file expects and the device does not report fails no-segments; the device's channels are Prometheus series and history like a folder's", async () => {
    const s = await device();
    const file = devicesFile([entry(s, { channels: [1, 9] })]);
    const db = join(mkdtempSync(join(dir, 'db-')), 'index.db');
    const args = ['--devices', file, '--db', db, '--now', new Date(now).toISOString(), '--days', '10', '--tz', zone];
    const prom = await vstorIn(['audit', ...args, '--format', 'prometheus'], { NVR_PASSWORD: PASSWORD });
    expect(prom.stdout).toMatch(/^vstor_channel_compliant\{[^}]*recorder="nvr-01"[^}]*channel="大门北侧 \(1\)"[^}]*\} 1$/m);
    expect(prom.stdout).toMatch(/^vstor_channel_reason\{[^}]*channel="Camera 09 \(9\)"[^}]*reason="no-segments"[^}]*\} 1$/m);
    const history = await vstorIn(['history', '--db', db, '--json']);
    const rows = JSON.parse(history.stdout).rows as { channel: string; verdict: string }[];
    expect(rows.map((r) => [r.channel, r.verdict]).sort()).toEqual([['Camera 09 (9)', 'fail'], ['大门北侧 (1)', 'pass'], ['停车场 (3)', 'fail'], ['lobby (2)', 'fail'], ['roof (4)', 'fail']].sort());
  });

  it('--deep reads every recording the device lists to its first key frame, and says it did not download them whole', async () => {
    const six = hourly(start + 6 * HOUR, start + 12 * HOUR);
    const s = await device({ channels: [{ id: 1, name: 'gate', recordings: six }] });
    const r = await audit([entry(s)], { deep: true });
    const gate = r.byNumber(1);
    // six hours kept against a 10-day rule: it fails on that, not on a probe tool
    expect([gate.verdict, ...gate.reasons]).toEqual(["fail", "retention-short"]);
    expect(gate.probed).toBe(6);
    expect(gate.warnings).toContain("--deep: each of the recorder's 6 recordings read to its first key frame, not downloaded whole");
    expect(s.seen.paths.filter((p) => p.startsWith('POST /ISAPI/ContentMgmt/download')).length).toBe(6);
  });

  it('a device that does not answer: unverified (device-unreachable), the other device still judged', async () => {
    const s = await device();
    const closed = await device();
    const port = closed.port;
    await closed.close();
    servers = [s];
    const r = await audit([entry(s), entry(s, { name: 'nvr-02', port, timeoutSeconds: 2 })]);
    expect(r.code).toBe(1);
    const two = r.doc.channels.filter((c: { recorder: string }) => c.recorder === 'nvr-02');
    expect(two).toHaveLength(1);
    expect(two[0].reasons).toEqual(['device-unreachable']);
    expect(r.byNumber(1).verdict).toBe('pass');
  });

  it('a device that will not give its footage: unverified (unread-footage) unless its list is accepted, and then says so', async () => {
    const s = await device({ footage: undefined });
    const r = await audit([entry(s)]);
    expect(r.byNumber(1)).toMatchObject({ verdict: 'unverified', reasons: ['unread-footage'] });
    expect(r.byNumber(2).reasons).toEqual(['retention-short', 'unread-footage']);
    const accepted = await audit([entry(s, { acceptDeviceList: true })]);
    expect(accepted.byNumber(1)).toMatchObject({ verdict: 'pass', evidence: 'device-list' });
  });

  it("footage whose clock is not the list's is not footage: the oldest recordings' bytes hold newer footage", async () => {
    const s = await device({ footage: (t) => withDeviceClock(clip, wallMsOf(t < start - 9 * DAY ? t + 8 * DAY : t, zone)) });
    const r = await audit([entry(s)]);
    // the oldest readable is where the bytes are the list's again; the window's half day before it is damage
    expect(r.byNumber(1).verdict).toBe('fail');
    expect(r.byNumber(1).reasons).toEqual(['retention-short', 'damaged']);
    expect(r.byNumber(1).problems[0].detail).toMatch(/the device's download is dated .* by its clock, its list says .*: not the recording listed/);
  });

  it('a disk in error warns; a search that never ends is device-answer', async () => {
    const s = await device({ disks: [{ name: 'hdd1', status: 'ok' }, { name: 'hdd2', status: 'error' }] });
    const r = await audit([entry(s)]);
    expect(r.byNumber(1).verdict).toBe('warn');
    expect(r.byNumber(1).warnings.join(' ')).toMatch(/disk hdd2 \(error\)/);
    const endless = await device({ endlessSearch: true });
    const e = await audit([entry(endless)]);
    expect(e.doc.channels.every((c: { reasons: string[] }) => c.reasons.includes('device-answer'))).toBe(true);
  });

  it('refuses a password file others can read, naming it and its mode; and a password in the file itself', async () => {
    const s = await device();
    const pass = join(mkdtempSync(join(dir, 'pw-')), 'nvr.pass');
    writeFileSync(pass, `${PASSWORD}\n`);
    chmodSync(pass, 0o644);
    const r = await audit([{ ...entry(s), passwordEnv: undefined, passwordFile: pass }], { cli: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`devices\\.yaml:2 devices\\[0\\]\\.passwordFile ${pass.replace(/[.]/g, '\\.')}: mode 0644 lets others read it; expected 0600 or 0400`));
    chmodSync(pass, 0o600);
    expect((await audit([{ ...entry(s), passwordEnv: undefined, passwordFile: pass }])).byNumber(1).verdict).toBe('pass');
    const inline = await audit([{ ...entry(s), password: PASSWORD }], { cli: true });
    expect(inline.code).toBe(2);
    expect(inline.stderr).toMatch(/devices\[0\]\.password: unknown field/);
    expect(inline.stderr).not.toContain(PASSWORD);
  });

  it('vstor samples serve: a sample NVR a newcomer audits at once with the devices file it writes', async () => {
    const out = mkdtempSync(join(dir, 'serve-'));
    const child = spawn(process.execPath, [BIN, 'samples', 'serve', out, '--days', '10', '--tz', zone], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let said = '';
      await new Promise<void>((ready, failed) => {
        child.stdout.on('data', (c: Buffer) => {
          said += c.toString();
          if (said.includes('try:')) ready();
        });
        child.once('exit', (code) => failed(new Error(`serve exited ${code}`)));
      });
      expect(said).toMatch(/serving a sample NVR \(Hikvision ISAPI\) on 127\.0\.0\.1:\d+/);
      const r = await vstorAsync(['audit', '--devices', join(out, 'devices.yaml'), '--days', '10', '--db', join(out, 'index.db'), '--json']);
      const doc = JSON.parse(r.stdout);
      const verdicts = Object.fromEntries(doc.channels.map((c: { channel: string; verdict: string; reasons: string[] }) => [c.channel, [c.verdict, ...c.reasons]]));
      expect(verdicts).toEqual({ '大门北侧 (1)': ['pass'], 'lobby (2)': ['fail', 'retention-short'], '停车场 (3)': ['fail', 'gap'], 'roof (4)': ['fail', 'stale'] });
      // the report takes devices too, with the history the audit above left
      const md = join(out, 'report.md');
      const report = await vstorAsync(['report', '--devices', join(out, 'devices.yaml'), '--days', '10', '--db', join(out, 'index.db'), '--format', 'md', '--out', md]);
      expect(report.code).toBe(1);
      expect(readFileSync(md, 'utf8')).toMatch(/\| 停车场 \(3\) \| FAIL \|.*\| gap \|/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
