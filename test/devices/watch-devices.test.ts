/**
 * Issue 24: the watcher (and so `vstor watch` and `tui --watch`) with recorders reached over their APIs: a
 * device cannot be followed as a folder is, so it is asked again every period; what changed on it between
 * asks is a verdict event. Against our ISAPI device on 127.0.0.1, a real index file, the real probe.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wallMsOf } from '../../src/archive/time.ts';
import { resolveZone } from '../../src/archive/time.ts';
import { DEFAULT_POLICY } from '../../src/audit/policy.ts';
import type { WatchEvent } from '../../src/app/watch/events.ts';
import { ArchiveWatcher } from '../../src/app/watch/watcher.ts';
import { deviceFromRoot } from '../../src/devices/devices-file.ts';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { ffmpegPath, ffprobePath } from '../../src/probe/binary.ts';
import { checkSegment } from '../../src/probe/run.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { withDeviceClock } from '../../src/samples/hikvision.ts';
import { sampleDeviceChannels, serveIsapi, type RunningIsapi } from '../../src/samples/isapi-server.ts';
import { until } from '../helpers/watch.ts';
import { vstor } from '../helpers/cli.ts';

const zone = 'Asia/Shanghai';
const PASSWORD = 'watch-Pa55';
const dir = mkdtempSync(join(tmpdir(), 'vstor-watch-devices-'));
const clip = readFileSync(makeClip(join(dir, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 }));

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  closers = [];
});

describe('vstor watch with devices', () => {
  it('asks its devices again each period: a channel that stops recording turns fail, a device gone turns unverified', async () => {
    const channels = sampleDeviceChannels(Date.now(), 10);
    const s: RunningIsapi = await serveIsapi({ user: 'admin', password: PASSWORD, channels, zone, clock: 'utc', footage: (t) => withDeviceClock(clip, wallMsOf(t, zone)) });
    let served = true;
    closers.push(async () => void (served && (await s.close())));
    const device = deviceFromRoot(`nvr-w=isapi://admin@127.0.0.1:${s.port}`, { VSTOR_PASSWORD_NVR_W: PASSWORD })!;
    const db = openIndex(join(mkdtempSync(join(dir, 'db-')), 'index.db'));
    const tools = { ffprobe: ffprobePath(), ffmpeg: ffmpegPath() };
    const events: WatchEvent[] = [];
    const watcher = new ArchiveWatcher(new Store(db), {
      roots: [],
      devices: [{ ...device, tz: zone }],
      askDevicesEveryMs: 300,
      policy: { ...DEFAULT_POLICY, retentionDays: 10 },
      zone: resolveZone(zone),
      jobs: 2,
      deep: false,
      prober: (p, depth) => checkSegment(tools, p, depth),
      dbFile: ':memory:',
      rescanEveryMs: 60_000,
      poll: false,
      emit: (e) => events.push(e),
    });
    closers.push(async () => {
      await watcher.stop();
      db.close();
    });
    await watcher.start();
    // the first ask is the baseline: 4 channels, 3 failing (short, gap, stale), no verdict events
    expect(events.find((e) => e.type === 'ready')?.detail).toBe('4 channels; 3 failing');
    expect(events.filter((e) => e.type === 'verdict')).toEqual([]);
    const verdictOf = (n: number) => events.filter((e) => e.type === 'verdict' && e.channel?.endsWith(`(${n})`));

    // channel 1 stops: its last three hours leave the device's list
    channels[0]!.recordings.splice(-3);
    await until(() => verdictOf(1).length > 0, 20_000);
    expect(verdictOf(1)[0]).toMatchObject({ recorder: 'nvr-w', channel: '大门北侧 (1)', previous: 'pass', verdict: 'fail', reasons: ['stale'] });

    // the device goes away: said once, and its channels are unverified, not kept as they were
    served = false;
    await s.close();
    await until(() => verdictOf(2).length > 0, 20_000);
    expect(verdictOf(2)[0]).toMatchObject({ previous: 'fail', verdict: 'unverified', reasons: ['device-unreachable'] });
    const said = events.filter((e) => e.type === 'warning' && /cannot reach 127\.0\.0\.1/.test(e.detail ?? ''));
    expect(said.length).toBe(1);
    for (const e of events) expect(JSON.stringify(e)).not.toContain(PASSWORD);
  });

  it('takes devices on the command line and refuses asking them more often than a minute', () => {
    const r = vstor(['watch', '--devices', join(dir, 'none.yaml'), '--ask-devices-every', '10s']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none\.yaml/);
    const often = vstor(['watch', 'nvr=isapi://127.0.0.1:9', '--ask-devices-every', '10s'], { env: { VSTOR_PASSWORD_NVR: 'x' } });
    expect(often.code).toBe(2);
    expect(often.stderr).toMatch(/--ask-devices-every/);
  });
});
