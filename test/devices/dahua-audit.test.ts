/**
 * Issue 24: recorders reached over Dahua's HTTP API, audited by the real CLI against a device of ours on
 * 127.0.0.1 (src/samples/dahua-server.ts): key=value answers, finders that are few and always given back,
 * wall-clock times, files fetched by path and decoded.
 */
import { linkSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { segmentPath } from '../../src/samples/names.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeClip } from '../../src/samples/clip.ts';
import { serveDahua, type DahuaServerOptions, type RunningDahua } from '../../src/samples/dahua-server.ts';
import { sampleDeviceChannels } from '../../src/samples/isapi-server.ts';
import { vstorAsync } from '../helpers/cli.ts';
import { deviceAudit } from '../helpers/audit.ts';

const zone = 'Asia/Shanghai';
const PASSWORD = 'dahua-Pa55!';
const dir = mkdtempSync(join(tmpdir(), 'vstor-dahua-'));
const clip = readFileSync(makeClip(join(dir, 'hour.mp4'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, faststart: true }));
const channels = sampleDeviceChannels(Date.now(), 10);

let servers: RunningDahua[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function device(o: Partial<DahuaServerOptions> = {}): Promise<RunningDahua> {
  const s = await serveDahua({ user: 'admin', password: PASSWORD, channels, zone, footage: () => clip, ...o });
  servers.push(s);
  return s;
}

/** An audit of the served device (test/helpers/audit.ts deviceAudit). */
const audit = (s: RunningDahua, more: Record<string, unknown> = {}, o: { cli?: boolean } = {}) =>
  deviceAudit({ name: 'nvr-dh', protocol: 'dahua', host: '127.0.0.1', port: s.port, user: 'admin', passwordEnv: 'DH_PASSWORD', tz: zone, ...more }, PASSWORD, { dir, zone, cli: o.cli });

describe('vstor audit --devices (Dahua HTTP API)', () => {
  it("judges a Dahua NVR's channels from its finder's pages and its files, and gives every finder back", async () => {
    const s = await device({ finders: 1 });
    const r = await audit(s, {}, { cli: true });
    expect(r.code).toBe(1);
    expect(r.verdicts).toEqual({ '大门北侧 (1)': ['pass'], 'lobby (2)': ['fail', 'retention-short'], '停车场 (3)': ['fail', 'gap'], 'roof (4)': ['fail', 'stale'] });
    expect(r.doc.channels[0].recorder).toBe('nvr-dh');
    expect(r.doc.channels.every((c: { evidence: string }) => c.evidence === 'footage')).toBe(true);
    // one finder at a time is enough when each is closed and destroyed; none is left held
    expect(s.seen.finderPeak).toBe(1);
    expect(s.seen.findersLeft()).toBe(1);
    expect(s.seen.paths.filter((p) => p.includes('RPC_Loadfile')).length).toBeGreaterThanOrEqual(4);
    for (const text of [r.stdout, r.stderr, readFileSync(r.db).toString('latin1')]) expect(text).not.toContain(PASSWORD);
  });

  it('a page of garbage is device-answer for the device, and its finder is still given back; a wrong password is one login', async () => {
    const s = await device({ finders: 1, garbageFor: [3] });
    const r = await audit(s);
    expect(r.code).toBe(1);
    expect(Object.values(r.verdicts)).toEqual(expect.arrayContaining([['unverified', 'device-answer']]));
    expect(r.doc.summary.pass).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/nvr-dh: the search of channel 3 answered a page without found=N/);
    expect(s.seen.findersLeft()).toBe(1);
    const bad = await device({ password: 'other' });
    const b = await audit(bad, { channels: [1] });
    expect(b.verdicts).toEqual({ 'Camera 01 (1)': ['unverified', 'device-auth'] });
    expect(bad.seen.failedLogins).toBe(1);
  });

  it('a device that will not give its files is unread; one that does not answer is unreachable; never a pass', async () => {
    const s = await device({ footage: undefined });
    const r = await audit(s);
    expect(r.verdicts['大门北侧 (1)']).toEqual(['unverified', 'unread-footage']);
    expect(r.verdicts['lobby (2)']).toEqual(['fail', 'retention-short', 'unread-footage']);
    const gone = await device();
    await gone.close();
    const u = await audit(gone, { channels: [1, 2], timeoutSeconds: 2 });
    expect(u.verdicts).toEqual({ 'Camera 01 (1)': ['unverified', 'device-unreachable'], 'Camera 02 (2)': ['unverified', 'device-unreachable'] });
    expect(u.stderr).toMatch(/nvr-dh: cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('gives the verdicts the same recordings give as the folder tree a Dahua NVR writes on its disk', async () => {
    const s = await device();
    const r = await audit(s);
    // the same table written as Dahua's own tree (YYYY-MM-DD/<channel>/dav/HH/HH.MM.SS-HH.MM.SS[R][0@0][0].mp4)
    const tree = mkdtempSync(join(dir, 'tree-'));
    const source = join(tree, '.clip.mp4');
    writeFileSync(source, clip);
    for (const c of channels) {
      for (const rec of c.recordings) {
        const file = join(tree, 'disk', segmentPath('dahua', String(c.id).padStart(3, '0'), rec.start, rec.end, zone));
        mkdirSync(dirname(file), { recursive: true });
        linkSync(source, file);
      }
    }
    // every link shares the clip's inode: its mtime is the newest recording's end, as a live disk's newest file is
    const newest = Math.max(...channels.flatMap((c) => c.recordings.map((x) => x.end)));
    utimesSync(source, newest / 1000, newest / 1000);
    const t = await vstorAsync(['audit', join(tree, 'disk'), '--layout', 'dahua', '--tz', zone, '--days', '10', '--db', join(tree, 'index.db'), '--json']);
    const fromTree = JSON.parse(t.stdout).channels.map((c: { channel: string; verdict: string; reasons: string[] }) => [Number(c.channel), [c.verdict, ...c.reasons]]);
    const fromDevice = r.doc.channels.map((c: { channel: string; verdict: string; reasons: string[] }) => [Number(/\((\d+)\)$/.exec(c.channel)![1]), [c.verdict, ...c.reasons]]);
    expect(new Map(fromDevice)).toEqual(new Map(fromTree));
    expect(fromTree).toHaveLength(4);
  });
});
