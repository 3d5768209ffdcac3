/**
 * Reading a recording a device lists: its first megabyte fetched over the device's API (ISAPI
 * `/ISAPI/ContentMgmt/download` by its playback URI, Dahua `RPC_Loadfile`, ONVIF replay's first key frame),
 * whose own clock, where it carries one (Hikvision writes it in the stream map, probe/ps-reader.ts; ONVIF
 * replay stamps every frame), agrees with the list's start, and whose first key frame decodes (the same ffmpeg
 * check a file gets, on a private copy). A device that will not give its footage
 * leaves the channel `unread-footage`; with `acceptDeviceList` the list alone is taken, and the channel says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPsRange } from '../probe/ps-reader.ts';
import { emptyProbe, type DecodeDepth, type ProbeRow } from '../probe/result.ts';
import { wallMsOf } from '../archive/time.ts';
import { DeviceError } from '../devices/http.ts';
import type { Fetched } from '../devices/recorder-api.ts';
import type { Prober } from './probe-plan.ts';
import { recordingOf, type DeviceSession } from './device-scan.ts';

/** what is fetched of a recording: its first key frame and the stream map before it */
export const FETCH_BYTES = 1024 * 1024;
const CLOCK_SLACK_MS = 120_000;

/** The audit's prober with a device's recordings read through its session; other paths go to `base`. */
export function deviceProber(base: Prober, sessions: Map<string, DeviceSession>): Prober {
  const sessionOf = (path: string) => [...sessions.values()].find((s) => path.startsWith(`${s.root}/`));
  const one = async (path: string, depth: DecodeDepth): Promise<ProbeRow> => {
    const s = sessionOf(path);
    return s ? readListed(base, s, path, depth) : base(path, depth);
  };
  const prober: Prober = one;
  prober.many = async (paths, depth) => {
    if (!paths.some((p) => sessionOf(p))) return base.many ? base.many(paths, depth) : Promise.all(paths.map((p) => base(p, depth)));
    const rows: ProbeRow[] = [];
    for (const p of paths) rows.push(await one(p, depth));
    return rows;
  };
  return prober;
}

async function readListed(base: Prober, s: DeviceSession, path: string, depth: DecodeDepth): Promise<ProbeRow> {
  if (s.failure) return emptyProbe('error', s.failure.message);
  const listed = recordingOf(s, path);
  if (depth > 1) s.deepHeads++;
  if (!listed || !s.opened) return emptyProbe('error', 'not in the device list of this audit: asked again at the next');
  if (s.device.acceptDeviceList) return { ...emptyProbe('ok', 'evidence: the device list (acceptDeviceList)'), decoded: depth };
  let got: Fetched | undefined;
  try {
    // the list's entry found again by its time (the scan keeps none of them: memory stays flat), then fetched
    got = await s.api.fetch(listed.channel, listed.start, listed.end, FETCH_BYTES);
  } catch (e) {
    s.unreadFootage.add(listed.key);
    return emptyProbe('error', e instanceof DeviceError ? e.message : `the download failed (${(e as Error).message})`);
  }
  if (!got) return emptyProbe('error', 'no longer in the device list: asked again at the next audit');
  if (got.status !== 200) {
    s.unreadFootage.add(listed.key);
    return emptyProbe('error', `${s.device.name}: ${got.why ?? `the device would not give the recording (HTTP ${got.status})`}: its list alone is no evidence that the footage reads`);
  }
  // a replay that brought no whole key frame says nothing of the footage (the device's replay failed): not
  // read, rather than damaged; a key frame that came whole and does not decode is damage (checkFile)
  if (got.problem) {
    s.unreadFootage.add(listed.key);
    return emptyProbe('error', `${s.device.name}: its replay of the recording: ${got.problem}`);
  }
  if (got.kind === 'ps') return checkProgramStream(base, s, listed, got.body, depth);
  if (got.kind === 'h264' || got.kind === 'h265') {
    const undated = checkReplayClock(s, listed, got.clockMs);
    if (undated) return undated;
  }
  const row = await checkFile(base, got, depth);
  // an MP4 with its index at the end says nothing in its first megabyte: not damage, footage not read
  if (got.kind === 'mp4' && got.body.length >= FETCH_BYTES && row.probe_status === 'damaged') {
    s.unreadFootage.add(listed.key);
    return emptyProbe('error', `${s.device.name}: an MP4 whose index is at its end cannot be read from its first ${FETCH_BYTES / 1024 / 1024} MB`);
  }
  return row;
}

/** A Hikvision download: a program stream whose device clock must be the list's (probe/ps-reader.ts). */
async function checkProgramStream(base: Prober, s: DeviceSession, listed: { start: number }, body: Buffer, depth: DecodeDepth): Promise<ProbeRow> {
  const own = readPsRange(body);
  if (own.problem) return emptyProbe('damaged', `the device's download: ${own.problem}`);
  if (own.firstClock !== undefined && Math.abs(own.firstClock - wallMsOf(listed.start, s.zone)) > CLOCK_SLACK_MS) {
    return emptyProbe('damaged', `the device's download is dated ${new Date(own.firstClock).toISOString().slice(0, 19)} by its clock, its list says ${new Date(wallMsOf(listed.start, s.zone)).toISOString().slice(0, 19)}: not the recording listed`);
  }
  return checkFile(base, { status: 200, body, kind: 'ps' }, depth);
}

/**
 * A replay's first key frame carries the recorder's own time (ONVIF's replay extension), which must be the
 * list's: footage without it cannot be dated, so it is not read (the channel says so).
 */
function checkReplayClock(s: DeviceSession, listed: { start: number; key: string }, clockMs: number | undefined): ProbeRow | undefined {
  if (clockMs === undefined) {
    s.unreadFootage.add(listed.key);
    return emptyProbe('error', `${s.device.name}: its replay carries no ONVIF timestamp, so its footage cannot be dated`);
  }
  if (Math.abs(clockMs - listed.start) > CLOCK_SLACK_MS) {
    return emptyProbe('damaged', `the device's replay is dated ${new Date(clockMs).toISOString().slice(0, 19)}Z by its clock, its list says ${new Date(listed.start).toISOString().slice(0, 19)}Z: not the recording listed`);
  }
  return undefined;
}

const EXTENSION = { ps: 'mpg', mp4: 'mp4', dav: 'dav', h264: 'h264', h265: 'hevc' } as const;

/** The first key frame of the fetched bytes decodes as a file's would; the last GOP is past the megabyte fetched. */
async function checkFile(base: Prober, got: Fetched, depth: DecodeDepth): Promise<ProbeRow> {
  const dir = mkdtempSync(join(tmpdir(), 'vstor-device-'));
  try {
    const file = join(dir, `head.${EXTENSION[got.kind]}`);
    writeFileSync(file, got.body);
    const row = await base(file, 1);
    // --deep cannot download every recording whole (gigabytes each over the network): each is read to its
    // first key frame, and the channel says so (device-deep-head)
    return { ...row, duration_ms: null, bit_rate: null, ...(depth > 1 ? { depthLimit: 1 as const } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
