/**
 * Issue 24: Profile G recorders asked over ONVIF by the real CLI, against a device of ours on 127.0.0.1
 * (src/samples/onvif-server.ts): WS-Security digests, search sessions paged and always ended, holes found from
 * the tracks' state events, and footage that ONVIF gives only over RTSP said as unread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleDeviceChannels } from '../../src/samples/isapi-server.ts';
import { serveOnvif, type OnvifServerOptions, type RunningOnvif } from '../../src/samples/onvif-server.ts';
import { vstorAsync } from '../helpers/cli.ts';

const PASSWORD = 'onvif-Secret#7';
const dir = mkdtempSync(join(tmpdir(), 'vstor-onvif-'));
const channels = sampleDeviceChannels(Date.now(), 10);

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

async function audit(s: RunningOnvif, more: Record<string, unknown> = {}) {
  const cfg = mkdtempSync(join(dir, 'cfg-'));
  writeFileSync(join(cfg, 'devices.yaml'), `devices:\n  - ${JSON.stringify({ name: 'nvr-onvif', protocol: 'onvif', host: '127.0.0.1', port: s.port, user: 'admin', passwordEnv: 'ONVIF_PASSWORD', ...more })}\n`);
  const r = await vstorAsync(['audit', '--devices', join(cfg, 'devices.yaml'), '--db', join(cfg, 'index.db'), '--days', '10', '--json'], { env: { ONVIF_PASSWORD: PASSWORD } });
  const doc = r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined;
  return { ...r, doc, db: join(cfg, 'index.db'), verdicts: Object.fromEntries((doc?.channels ?? []).map((c: { channel: string; verdict: string; reasons: string[] }) => [c.channel, [c.verdict, ...c.reasons]])) };
}

describe('vstor audit --devices (ONVIF Profile G)', () => {
  it("judges each recording's spans from its track's state events when the list is accepted, and ends every search", async () => {
    // its clock ten minutes ahead, more than the 5-minute gap allowed: its channels warn
    const s = await device({ page: 1, clockAheadMs: 10 * 60_000 });
    const r = await audit(s, { acceptDeviceList: true });
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

  it('footage only over RTSP is unread: no channel passes on the list alone; a wrong password is one refused call', async () => {
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
  });
});
