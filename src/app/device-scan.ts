/**
 * A recorder reached over its API, scanned into the index as a folder tree is: a root `isapi://<name>`, a
 * folder a channel (its number), a segment a recording of the device's list. The same judge then reads it.
 * What the list alone cannot say (that the footage reads) is checked by fetching the first megabyte of the
 * recordings the audit checks (deviceProber); a device that cannot be asked leaves its channels unverified with
 * the reason, never passed and never gone.
 */
import { DeviceError, DeviceHttp, type DeviceFailure } from '../devices/http.ts';
import type { DeviceDisk, RecorderApi } from '../devices/recorder-api.ts';
import { apiFor } from '../devices/protocols.ts';
import type { Device } from '../devices/devices-file.ts';
import type { Layout } from '../archive/layouts/types.ts';
import type { Store, SegmentFile } from '../index/store.ts';
import type { ScanResult } from '../result/audit-result.ts';
import { channelKey } from '../archive/layouts/types.ts';

/** A device's recordings are the device's list: no path names them, so no layout parses one. */
export function deviceLayout(protocol: string): Layout {
  return { name: protocol, zone: 'local', parse: () => undefined };
}

/** What the audit keeps of a device between its scan and its verdicts. */
export interface DeviceSession {
  device: Device;
  root: string;
  /** why it could not be asked, when it could not */
  failure?: { kind: DeviceFailure; message: string };
  api: RecorderApi;
  http: DeviceHttp;
  /** the zone it writes its times in */
  zone: string;
  /** its scan asked it for its channels: a recording can be fetched */
  opened: boolean;
  /** a channel's folder in the index (its number) -> its name there */
  channels: Map<string, string>;
  /** channels whose footage could not be fetched (the device would not give it) */
  unreadFootage: Set<string>;
  /** channels whose list cannot tell holes (an ONVIF recording without recording history) */
  gapsUnknown: Set<string>;
  /** disks the device reports in error */
  badDisks: DeviceDisk[];
  /** the device's clock against ours, ms (positive: ahead), when it says its time */
  clockSkewMs?: number;
  /** recordings --deep read to their first key frame only (a whole recording is not downloaded) */
  deepHeads: number;
}

export function deviceRoot(d: Device): string {
  return `${d.protocol}://${d.name}`;
}

/** A channel as the device names it, with its number: `garden (1)`. */
function channelName(id: number, name: string): string {
  return channelKey({ channel: `${name} (${id})` });
}

/** Asks a device for its channels and recordings and writes them to the index as a root of its own. */
export async function scanDevice(store: Store, device: Device, opts: { now: number; zone: string }): Promise<{ scan: ScanResult; session: DeviceSession }> {
  const root = deviceRoot(device);
  const rootRow = store.ensureRoot(root, opts.now);
  const layout = deviceLayout(device.protocol);
  if (rootRow.layout !== layout.name) store.setRootLayout(rootRow.id, layout.name);
  const http = new DeviceHttp(device);
  const session: DeviceSession = { device, root, api: apiFor(device.protocol)(http, device), http, zone: device.tz ?? opts.zone, opened: false, channels: new Map(), unreadFootage: new Set(), gapsUnknown: new Set(), badDisks: [], deepHeads: 0 };
  const scan: ScanResult = { root, rootId: rootRow.id, layout, dirsListed: 0, dirsUnchanged: 0, files: 0, added: 0, removed: 0, changed: 0, problems: [], unlisted: 0, newDirs: 0, foldGuesses: 0, listedByThreads: 0 };
  try {
    await listDevice(store, session, rootRow.id, scan, opts.now);
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
    session.failure = { kind: e.kind, message: e.message };
    scan.problems.push(`${e.message}: its channels are unverified (${e.kind})`);
    // the channels it was expected to have, or had before, stay in the verdicts: unverified, never gone
    const seen = store.channelsSeen(rootRow.id);
    for (const id of device.channels ?? []) if (!seen.some((n) => n.endsWith(` (${id})`))) store.noteChannel(rootRow.id, channelName(id, `Camera ${String(id).padStart(2, '0')}`), opts.now);
    if (store.channelsSeen(rootRow.id).length === 0) store.noteChannel(rootRow.id, channelKey({ channel: '(all channels)' }), opts.now);
  }
  return { scan, session };
}

/** The steps of a device's scan: who it is and its clock, its disks, then each channel's list. */
async function listDevice(store: Store, s: DeviceSession, rootId: number, scan: ScanResult, now: number): Promise<void> {
  const { api, device } = s;
  const state = await api.open(s.zone);
  if (state.zone) s.zone = state.zone;
  s.clockSkewMs = state.clockSkewMs;
  s.opened = true;
  s.badDisks = state.disks.filter((d) => !/^(ok|normal|idle|sleeping|success)$/i.test(d.status));
  for (const d of s.badDisks) scan.problems.push(`${device.name}: disk ${d.name} is ${d.status}: its channels warn`);
  for (const id of device.channels ?? []) {
    if (!state.channels.some((c) => c.id === id)) {
      scan.problems.push(`${device.name}: channel ${id} is listed in the devices file but the device does not report it: it fails no-segments`);
      store.noteChannel(rootId, channelName(id, `Camera ${String(id).padStart(2, '0')}`), now);
    }
  }
  for (const ch of state.channels) {
    const key = channelName(ch.id, ch.name);
    const files: SegmentFile[] = [];
    const rel = String(ch.id);
    s.channels.set(rel, key);
    // the list's URIs and paths are not kept (memory stays flat in the entries): a recording checked is found again
    const outcome = await api.list(ch.id, Date.UTC(2000, 0, 1), now, (page) => {
      // a device that gives no size (ONVIF): 1 byte stands for "not empty, size not known" (0 is an empty file)
      for (const r of page) files.push({ name: recordingName(r.start, r.end), channel: key, start: r.start, end: r.end, size: r.size ?? 1, mtimeMs: r.end });
    });
    if (outcome?.gapsUnknown) s.gapsUnknown.add(key);
    writeChannel(store, rootId, rel, key, files, now, scan);
  }
}

/** A listed recording's name in the index: its start and end, which find it in the device's list again. */
export function recordingName(start: number, end: number): string {
  return `${new Date(start).toISOString()}_${new Date(end).toISOString()}`;
}

/** The channel number, start and end a recording's path names (recordingName), or undefined. */
export function recordingOf(s: DeviceSession, path: string): { channel: number; key: string; start: number; end: number } | undefined {
  const m = /^(\d+)\/(\S+)_(\S+)$/.exec(path.slice(s.root.length + 1));
  const key = m ? s.channels.get(m[1]!) : undefined;
  if (!m || key === undefined) return undefined;
  return { channel: Number(m[1]), key, start: Date.parse(m[2]!), end: Date.parse(m[3]!) };
}

function writeChannel(store: Store, rootId: number, rel: string, key: string, files: SegmentFile[], now: number, scan: ScanResult): void {
  store.begin();
  try {
    let dir = store.dirByRel(rootId, rel);
    const neverListed = !dir || dir.mtime_ms === null;
    if (!dir) dir = { id: store.insertDir(rootId, null, rel), parent_id: null, rel, mtime_ms: null, sealed: 0 };
    // a list the device returns in any order, with duplicates: one segment a start
    const unique = [...new Map(files.map((f) => [f.name, f])).values()].sort((a, b) => a.start - b.start);
    const sync = store.syncDirSegments(rootId, dir.id, rel, unique, now, { neverListed, wasSealed: false, seal: false });
    store.setDirMtime(dir.id, now, false);
    if (unique.length === 0) store.noteChannel(rootId, key, now);
    scan.added += sync.added;
    scan.removed += sync.removed.length;
    scan.changed += sync.changed;
    scan.files += unique.length;
    scan.dirsListed++;
    store.setRootScanned(rootId, now, Date.now());
    store.commit();
  } catch (e) {
    store.rollback();
    throw e;
  }
}
