import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { BIN, vstor } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';
import { makeSampleArchive } from '../../src/samples/generate.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { withDeviceClock } from '../../src/samples/hikvision.ts';
import { sampleDeviceChannels, serveIsapi } from '../../src/samples/isapi-server.ts';
import { wallMsOf } from '../../src/archive/time.ts';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `vstor-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-t', session, '-p');

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out; screen:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function keys(...ks: string[]): Promise<void> {
  for (const k of ks) {
    tmux('send-keys', '-t', session, ...(k.length === 1 ? ['-l', k] : [k]));
    await new Promise((r) => setTimeout(r, 150));
  }
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['kill-session', '-t', session]);
});

describe.skipIf(!hasTmux)('vstor tui end to end in tmux', () => {
  it('shows the audit, filters, opens a channel, and quits with exit 0', async () => {
    const { root } = sampleArchive('frigate');
    const dir = tempDir();
    const exitFile = join(dir, 'exit');
    const cmd = `NO_COLOR=1 ${process.execPath} ${BIN} tui ${root} --db ${join(dir, 'i.db')} --days 10 --now ${SAMPLE_NOW} --tz UTC; echo $? > ${exitFile}; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', cmd);
    await until(() => screen().includes('5 channels') && screen().includes('gate_north'));
    const first = screen();
    expect(first).toContain('vstor · keep 10 d, gaps ≤ 5m · 2026-11-28 08:00 UTC');
    expect(first).toContain('5 channels: 1 pass, 1 warn, 3 fail, 0 pending');
    const lines = first.split('\n');
    const at = (name: string) => lines.findIndex((l) => l.includes(` ${name} `));
    expect(at('lobby')).toBeLessThan(at('dock'));
    expect(at('dock')).toBeLessThan(at('gate_north'));
    expect(first).toMatch(/› lobby\s+✘ fail\s+3\.00\s+30\.0%/);

    await keys('/', 'p', 'a', 'r', 'Enter');
    await until(() => screen().includes('/ filter [par]'));
    expect(screen()).not.toContain('gate_north');
    await keys('Enter');
    await until(() => screen().includes('reasons: gap'));
    expect(screen()).toMatch(/2026-11-\d\dT\d\d:00 → 2026-11-\d\dT\d\d:00  6h/);
    expect(screen()).toMatch(/[█▒]+/);
    await keys('Escape');
    await until(() => screen().includes('s sort'));
    await keys('q');
    await until(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  }, 60_000);
});

describe.skipIf(!hasTmux)('vstor tui in colour, in Chinese, with several recorders', () => {
  it('shows verdicts in colour under CI=true, the channel names whole at 80x24, and Chinese throughout', async () => {
    const a = sampleArchive('frigate').root;
    const b = sampleArchive('frigate').root;
    const dir = tempDir();
    const exitFile = join(dir, 'exit');
    const name = `${session}-zh`;
    // a long recorder name: the channel must stay readable, the recorder is what gets cut
    const cmd = `CI=true TERM=xterm-256color ${process.execPath} ${BIN} tui district-3-recorder-north=${a} district-3-recorder-south=${b} --db ${join(dir, 'i.db')} --days 10 --now ${SAMPLE_NOW} --tz UTC --lang zh; echo $? > ${exitFile}; sleep 60`;
    tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', cmd);
    const shown = (escapes = false) => tmux('capture-pane', '-t', name, '-p', ...(escapes ? ['-e'] : []));
    try {
      const t0 = Date.now();
      while (!shown().includes('共 10 路')) {
        if (Date.now() - t0 > 20_000) throw new Error(`timed out; screen:\n${shown()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const text = shown();
      expect(text).toContain('保存 10 天，缺口 ≤ 5分');
      expect(text).toContain('不合格');
      expect(text).toContain('保存天数不足');
      expect(text).not.toMatch(/\b(channels|pass|fail|pending|scanning)\b/);
      // every row keeps its channel's name whole; the recorder is cut
      const gates = text.split('\n').filter((l) => l.includes(': gate_north '));
      expect(gates).toHaveLength(2);
      // cut in the middle, the two recorders stay apart
      expect(gates.map((l) => l.slice(0, l.indexOf(': gate_north'))).filter((r) => /…(th|rth|uth)$/.test(r)).length).toBe(2);
      expect(new Set(gates.map((l) => l.slice(2, l.indexOf(': gate_north')))).size).toBe(2);
      // red for the failing verdicts, as the README says
      expect(shown(true)).toMatch(/\x1b\[(0;)?31m/);
      tmux('send-keys', '-t', name, '-l', 'q');
      while (!existsSync(exitFile) || readFileSync(exitFile, 'utf8').trim() === '') await new Promise((r) => setTimeout(r, 100));
      expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', name]);
    }
  }, 60_000);
});

describe.skipIf(!hasTmux)('vstor tui --watch with a folder and a device', () => {
  it("keeps the device's rows beside the folder's while the folder changes (each row its channel's latest verdict)", async () => {
    const dir = tempDir();
    const root = join(dir, 'archive');
    const now = Date.now();
    const sample = makeSampleArchive({ dir: root, layout: 'frigate', now, days: 10, zone: 'UTC' });
    const password = 'tmux-Pa55';
    const clip = readFileSync(makeClip(join(dir, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 }));
    const nvr = await serveIsapi({ user: 'admin', password, channels: sampleDeviceChannels(now, 10), zone: 'UTC', clock: 'utc', footage: (t) => withDeviceClock(clip, wallMsOf(t, 'UTC')) });
    const passFile = join(dir, 'nvr.pass');
    writeFileSync(passFile, password, { mode: 0o600 });
    writeFileSync(join(dir, 'devices.yaml'), `devices:\n  - { name: nvr-t, protocol: isapi, host: 127.0.0.1, port: ${nvr.port}, user: admin, passwordFile: ${JSON.stringify(passFile)}, tz: UTC }\n`);
    const name = `${session}-dev`;
    const cmd = `NO_COLOR=1 ${process.execPath} ${BIN} tui --watch ${root} --devices ${join(dir, 'devices.yaml')} --db ${join(dir, 'i.db')} --days 10 --tz UTC; sleep 60`;
    tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', cmd);
    const shown = () => tmux('capture-pane', '-t', name, '-p');
    const waitFor = async (check: (t: string) => boolean) => {
      const t0 = Date.now();
      while (!check(shown())) {
        if (Date.now() - t0 > 30_000) throw new Error(`timed out; screen:\n${shown()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      // the folder's five channels and the device's four, once its first ask is judged
      await waitFor((t) => t.includes('9 channels'));
      expect(shown()).toMatch(/大门北侧 \(1\)\s+✔ pass/);
      expect(shown()).toContain(sample.channels[0]!.name);
      // a new segment in the folder: the watcher judges the folders again, and the device's rows stay
      const live = join(root, 'recordings', new Date(now).toISOString().slice(0, 10), new Date(now).toISOString().slice(11, 13), sample.channels[0]!.name);
      mkdirSync(live, { recursive: true });
      copyFileSync(join(root, '.sources', 'hour.mp4'), join(live, '59.59.mp4'));
      await waitFor((t) => /added/.test(t));
      await new Promise((r) => setTimeout(r, 1500));
      expect(shown()).toContain('9 channels');
      expect(shown()).toMatch(/大门北侧 \(1\)\s+✔ pass/);
      tmux('send-keys', '-t', name, '-l', 'q');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', name]);
      await nvr.close();
    }
  }, 90_000);
});

describe('vstor tui without a terminal', () => {
  it('prints the audit table and exits with the audit code', () => {
    const { root } = sampleArchive('frigate');
    const r = vstor(['tui', root, '--db', join(tempDir(), 'i.db'), '--days', '10', '--now', SAMPLE_NOW, '--tz', 'UTC']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5 channels: 1 pass, 1 warn, 3 fail, 0 pending');
    expect(r.stdout).toMatch(/lobby\s+│ FAIL/);
  });
});
