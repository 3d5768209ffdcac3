/**
 * Issue 24: Profile G recorders asked over ONVIF by the real CLI, against a device of ours on 127.0.0.1
 * (src/samples/onvif-server.ts): WS-Security digests, search sessions paged and always ended, holes found from
 * the tracks' state events, and footage replayed over RTSP (src/samples/rtsp-replay-server.ts): its first key
 * frame decoded and its ONVIF timestamp held against the list.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleDeviceChannels } from '../../src/samples/isapi-server.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { splitAnnexB } from '../../src/devices/rtp.ts';
import { serveOnvif, type OnvifServerOptions, type RunningOnvif } from '../../src/samples/onvif-server.ts';
import { deviceAudit } from '../helpers/audit.ts';

const PASSWORD = 'onvif-Secret#7';
const dir = mkdtempSync(join(tmpdir(), 'vstor-onvif-'));
const start = Date.now();
const DAY = 86_400_000;
const channels = sampleDeviceChannels(start, 10);
// two seconds of 320x180 H.264 at 2 frames a second, a key frame every 4: key frames span several RTP packets
const clip = readFileSync(makeClip(join(dir, 'replay.h264'), { seconds: 2, rate: '2', width: 320, height: 180, keyint: 4, format: 'h264' }));
const replayed = (clock: (at: number) => number | undefined) => (_token: string, at: number) => ({ annexB: clip, fps: 2, clockMs: clock(at) });

let servers: RunningOnvif[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function device(o: Partial<OnvifServerOptions> = {}): Promise<RunningOnvif> {
  const s = await serveOnvif({ user: 'admin', password: PASSWORD, channels, page: 7, ...o });
  servers.push(s);
  return s;
}

/** An audit of the served device (test/helpers/audit.ts deviceAudit). */
const audit = (s: RunningOnvif, more: Record<string, unknown> = {}, o: { cli?: boolean } = {}) =>
  deviceAudit({ name: 'nvr-onvif', protocol: 'onvif', host: '127.0.0.1', port: s.port, user: 'admin', passwordEnv: 'ONVIF_PASSWORD', ...more }, PASSWORD, { dir, cli: o.cli });

describe('vstor audit --devices (ONVIF Profile G)', () => {
  it("judges each recording's spans from its track's state events when the list is accepted, and ends every search", async () => {
    // its clock ten minutes ahead, more than the 5-minute gap allowed: its channels warn
    const s = await device({ page: 1, clockAheadMs: 10 * 60_000 });
    const r = await audit(s, { acceptDeviceList: true }, { cli: true });
    expect(r.verdicts).toEqual({ '大门北侧 (1)': ['warn'], 'lobby (2)': ['fail', 'retention-short'], '停车场 (3)': ['fail', 'gap'], 'roof (4)': ['fail', 'stale'] });
    expect(r.doc.channels[0].warnings.join(' ')).toMatch(/the recorder's clock is off by (599|600|601) s, more than the allowed gap/);
    expect(r.doc.channels.every((c: { evidence: string }) => c.evidence === 'device-list')).toBe(true);
    // ONVIF lists give no sizes: no bitrate is made up from them
    expect(r.doc.channels.map((c: { bitrateBps: number | null }) => c.bitrateBps)).toEqual([null, null, null, null]);
    // every search session ended, and the searches paged (one result a page: 2 state events a run of footage)
    expect(s.seen.openSearches()).toBe(0);
    expect(s.seen.actions.filter((a) => a === 'GetEventSearchResults').length).toBe(2 + 2 + 4 + 2);
    expect(s.seen.actions.filter((a) => a === 'EndSearch').length).toBe(s.seen.actions.filter((a) => a === 'FindEvents' || a === 'FindRecordings').length);
    for (const text of [r.stdout, r.stderr, readFileSync(r.db).toString('latin1')]) expect(text).not.toContain(PASSWORD);
  });

  it("a recorder whose clock is off by more than the stale window: its channels unverified (device-clock), not passed", async () => {
    const s = await device({ clockAheadMs: 2 * 3_600_000, replay: replayed((at) => at) });
    const r = await audit(s);
    expect(r.verdicts['大门北侧 (1)']).toEqual(['unverified', 'device-clock']);
    expect(r.verdicts['lobby (2)']).toEqual(['fail', 'retention-short', 'device-clock']);
  });

  it("reads each checked recording's first key frame by ONVIF replay, dated by the recorder's clock", async () => {
    const s = await device({ replay: replayed((at) => at) });
    const r = await audit(s);
    expect(r.verdicts).toEqual({ '大门北侧 (1)': ['pass'], 'lobby (2)': ['fail', 'retention-short'], '停车场 (3)': ['fail', 'gap'], 'roof (4)': ['fail', 'stale'] });
    expect(r.doc.channels.every((c: { evidence: string }) => c.evidence === 'footage')).toBe(true);
    const rtsp = s.seen.replay!;
    // every request says it is a replay; PLAY names the recording's start by the clock; each session torn down
    expect(rtsp.requests.every((q) => q.require === 'onvif-replay')).toBe(true);
    const plays = rtsp.requests.filter((q) => q.method === 'PLAY');
    expect(plays.length).toBeGreaterThanOrEqual(4);
    expect(plays.every((q) => /^clock=\d{8}T\d{6}\.\d{3}Z-$/.test(q.range ?? ''))).toBe(true);
    expect(rtsp.requests.filter((q) => q.method === 'TEARDOWN').length).toBe(plays.length);
    expect(rtsp.refused).toBe(0);
    // the oldest recording read is channel 1's first hour, asked by its start
    const first = channels[0]!.recordings[0]!.start;
    expect(plays.some((q) => q.range === `clock=${new Date(first).toISOString().replace(/[-:]/g, '')}-`)).toBe(true);
  });

  it("a replay dated otherwise than the list is not the recording listed; a replay with no timestamps is unread", async () => {
    const wrong = await device({ channels: [channels[0]!], replay: replayed((at) => (at < start - 9 * DAY ? at + 8 * DAY : at)) });
    const r = await audit(wrong);
    expect(r.verdicts['大门北侧 (1)']).toEqual(['fail', 'retention-short', 'damaged']);
    const gate = r.doc.channels.find((c: { channel: string }) => c.channel === '大门北侧 (1)');
    expect(gate.problems[0].detail).toMatch(/the device's replay is dated .*Z by its clock, its list says .*Z: not the recording listed/);
    const undated = await device({ channels: [channels[0]!], replay: replayed(() => undefined) });
    const u = await audit(undated);
    expect(u.verdicts['大门北侧 (1)']).toEqual(['unverified', 'unread-footage']);
    // a replay that breaks off before a key frame says nothing of the footage: unread, not damaged
    const broken = await device({ channels: [channels[0]!], replay: (_t, at) => ({ annexB: Buffer.alloc(0), fps: 2, clockMs: at }) });
    const b = await audit(broken);
    expect(b.verdicts['大门北侧 (1)']).toEqual(['unverified', 'unread-footage']);
    expect(b.firstProbeError).toMatch(/its replay of the recording: the replay ended before a key frame/);
  });

  it('a replayed key frame that does not decode is damage, not footage', async () => {
    // the stream's parameter sets intact, every slice's body noise: it reassembles, it does not decode
    let seed = 7;
    const noise = Buffer.concat(splitAnnexB(clip).map((nal) => {
      const n = Buffer.from(nal);
      if ((n[0]! & 0x1f) === 5 || (n[0]! & 0x1f) === 1) for (let i = 4; i < n.length; i++) n[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      return Buffer.concat([Buffer.from([0, 0, 0, 1]), n]);
    }));
    // one channel: every recording of it is damage, and the search for the oldest readable tries each
    const s = await device({ channels: [channels[0]!], replay: (_t, at) => ({ annexB: noise, fps: 2, clockMs: at }) });
    const r = await audit(s);
    const gate = r.doc.channels.find((c: { channel: string }) => c.channel === '大门北侧 (1)');
    expect(gate.verdict).toBe('fail');
    expect(gate.reasons).toContain('damaged');
  });

  it("reads a real recorder's captured answers (test/devices/captures/onvif): its recording, its epoch start, an Axis replay URI", async () => {
    const captures = join(fileURLToPath(new URL('.', import.meta.url)), 'captures', 'onvif');
    const s = await device({ captured: { GetRecordingSearchResults: readFileSync(join(captures, 'get_recording_search_results.xml'), 'utf8'), GetReplayUri: readFileSync(join(captures, 'get_replay_uri.xml'), 'utf8') } });
    const listed = await audit(s, { acceptDeviceList: true });
    const cam = listed.doc.channels.find((c: { channel: string }) => c.channel === 'IpCamera_1 (1)');
    // its clock began at 1970, and it says its recording did: taken as it says (one recording until 400 days ago)
    expect(cam.oldestStart).toBe('1970-01-01T00:03:15.000Z');
    // and our server keeps no recording history for it (no track-state events): its holes cannot be told
    expect([cam.verdict, ...cam.reasons]).toEqual(['fail', 'stale', 'device-no-history']);
    // the events were asked of the recording the capture names
    expect(s.seen.actions.filter((a) => a === 'FindEvents').length).toBe(1);
    // its replay URI names the camera's LAN address: vstor goes to the device's own host (here nothing listens
    // on its port 554), never to an address a device's answer names; the footage stays unread
    const read = await audit(s);
    const unread = read.doc.channels.find((c: { channel: string }) => c.channel === 'IpCamera_1 (1)');
    expect(unread.reasons).toContain('unread-footage');
    // said as footage the device did not give, not as a probe tool that failed
    expect(unread.warnings.join(' ')).not.toMatch(/probe tool failed/);
    expect(JSON.stringify(read.doc)).not.toContain('192.168.1.136');
    expect(read.firstProbeError).toMatch(/cannot reach 127\.0\.0\.1:554|127\.0\.0\.1:554 failed \(ECONNREFUSED\)/);
  });

  it('a device with no replay service is unread: no channel passes on the list alone; a wrong password is one refused call', async () => {
    const s = await device();
    const r = await audit(s);
    expect(r.code).toBe(1);
    expect(r.verdicts['大门北侧 (1)']).toEqual(['unverified', 'unread-footage']);
    expect(r.verdicts['lobby (2)']).toEqual(['fail', 'retention-short', 'unread-footage']);
    expect(r.doc.channels[0].verified).toBeDefined();
    const bad = await device({ password: 'another' });
    const b = await audit(bad, { channels: [1, 2] });
    expect(Object.values(b.verdicts)).toEqual([['unverified', 'device-auth'], ['unverified', 'device-auth']]);
    expect(bad.seen.refused).toBe(1);
    const gone = await device();
    await gone.close();
    const u = await audit(gone, { channels: [1], timeoutSeconds: 2 });
    expect(Object.values(u.verdicts)).toEqual([['unverified', 'device-unreachable']]);
  });
});
