/** Builders shared by flags and plan files: raw fields -> validated groups and storage build. */
import { expected, InputError } from '../errors.ts';
import { big } from '../units/decimal.ts';
import { parseBitrate, parseCount, parsePercent, parsePositive, parseSize } from '../units/parse.ts';
import { DEFAULTS } from './defaults.ts';
import type { Fields } from '../config/fields.ts';
import type { CameraGroup, CaptureGroup, StorageBuild } from './model.ts';
import { checkGroupSize, DEFAULT_GROUP_SIZE, parseRaidLevel } from './raid.ts';
import { defaultBitrate, parseCodec, parseResolution } from './resolution.ts';
import { ESTIMATE_DEFAULTS, estimateBitrate, MOTION_RANK, parseScene } from './bitrate-estimate.ts';
import { DEFAULT_POE, parsePoe } from './poe.ts';

export const CAMERA_FIELDS = ['name', 'channels', 'resolution', 'codec', 'bitrate', 'audio', 'substream', 'substreamDays', 'days', 'duty', 'hoursPerDay', 'fps', 'scene', 'nightShare', 'poe', 'sdCard', 'sdCardStream', 'peak'];
/** the fields that ask for a bitrate estimate instead of the default table */
const ESTIMATE_FIELDS = ['fps', 'scene', 'nightShare'];
export const CAPTURE_FIELDS = ['name', 'devices', 'capturesPerDay', 'pictureSize', 'days'];
export const STORAGE_FIELDS = ['raid', 'raidGroup', 'disk', 'spares', 'overhead', 'bays', 'enclosures', 'capacity'];

export function text(f: Fields, key: string, fallback: string | number): string {
  const v = f.has(key) ? f.get(key) : fallback;
  if (typeof v !== 'string' && typeof v !== 'number') throw expected(f.label(key), v, 'a single value');
  return String(v);
}

/** Collects notes such as "MB/s read as megabytes" for the caller to show. */
/** one zero for every group's absent stream (BigNumbers are immutable): 100,000 groups need not hold 200,000 */
let zero: ReturnType<typeof big> | undefined;
const ZERO = () => (zero ??= big(0));

export function cameraGroup(f: Fields, notes: string[], fallbackName: string, defaultDays: number = DEFAULTS.days): CameraGroup {
  const resolution = parseResolution(f.label('resolution'), text(f, 'resolution', DEFAULTS.resolution));
  const codec = parseCodec(f.label('codec'), text(f, 'codec', DEFAULTS.codec));
  let bitrateBps = defaultBitrate(resolution, codec);
  let bitrateSource: CameraGroup['bitrateSource'] = 'default';
  let estimate: CameraGroup['estimate'];
  const name = f.has('name') ? text(f, 'name', '') : fallbackName;
  const asked = ESTIMATE_FIELDS.filter((k) => f.has(k));
  if (f.has('bitrate')) {
    const parsed = parseBitrate(f.label('bitrate'), text(f, 'bitrate', ''));
    if (parsed.note) notes.push(parsed.note);
    bitrateBps = cameraStream(f.label('bitrate'), text(f, 'bitrate', ''), parsed.bps);
    bitrateSource = 'given';
    if (asked.length > 0) notes.push(`${f.label(asked[0]!)}: not used, the bitrate given wins over an estimate`);
  } else if (asked.length > 0) {
    const fps = parseCount(f.label('fps'), text(f, 'fps', ESTIMATE_DEFAULTS.fps));
    if (fps > 240) throw expected(f.label('fps'), f.get('fps'), 'frames a second from 1 to 240');
    const scene = parseScene(f.label('scene'), text(f, 'scene', ESTIMATE_DEFAULTS.scene));
    const night = parsePercent(f.label('nightShare'), text(f, 'nightShare', ESTIMATE_DEFAULTS.nightShare));
    const e = estimateBitrate(resolution, codec, fps, scene, night);
    bitrateBps = e.bps;
    bitrateSource = 'estimate';
    estimate = e.estimate;
    notes.push(
      `${name}: bitrate ${e.bps.div(1000).toString()} kbit/s is an estimate: ${resolution.width} x ${resolution.height} x ${fps} fps x motion rank ${MOTION_RANK[scene]} (${scene}) x 0.07` +
        `${codec === 'h264' ? '' : ` x ${codec === 'h265' ? '0.5 (H.265)' : '4 (MJPEG)'}`} x (1 + ${night.mul(100).toString()}% at night); vstor plan --from-audit replaces it with the rates the archive really has`,
    );
  }
  const optionalRate = (key: string) => {
    if (!f.has(key)) return ZERO();
    const raw = text(f, key, '');
    if (/^\s*0+(\.0+)?\s*([a-z/]*)\s*$/i.test(raw)) return ZERO();
    const parsed = parseBitrate(f.label(key), raw);
    if (parsed.note) notes.push(parsed.note);
    return cameraStream(f.label(key), raw, parsed.bps);
  };
  if (!name.trim()) throw expected(f.label('name'), name, 'a non-empty name');
  const days = parseCount(f.label('days'), text(f, 'days', defaultDays));
  const substreamBps = optionalRate('substream');
  // a figure for a stream that is not recorded would be silently ignored: refused instead
  if (substreamBps.isZero() && f.has('substreamDays')) throw new InputError(`${f.label('substreamDays')}: no sub stream is recorded in this group; expected substream: RATE (e.g. 1Mbps) with it, or no substreamDays`);
  const sdCardStream = sdStream(f, substreamBps.isZero());
  const peakBps = f.has('peak') ? cameraStream(f.label('peak'), text(f, 'peak', ''), parseBitrate(f.label('peak'), text(f, 'peak', '')).bps) : undefined;
  if (peakBps && peakBps.lt(bitrateBps)) throw new InputError(`${f.label('peak')}: ${text(f, 'peak', '')} is below the average bitrate; expected the stream's cap, at least its bitrate`);
  return {
    name,
    channels: parseCount(f.label('channels'), text(f, 'channels', DEFAULTS.channels)),
    resolution,
    codec,
    bitrateBps,
    bitrateSource,
    ...(peakBps ? { peakBps } : {}),
    audioBps: optionalRate('audio'),
    substreamBps,
    days,
    substreamDays: f.has('substreamDays') ? parseCount(f.label('substreamDays'), text(f, 'substreamDays', '')) : days,
    duty: parsePercent(f.label('duty'), text(f, 'duty', DEFAULTS.duty), { aboveMin: true }),
    hoursPerDay: parsePositive(f.label('hoursPerDay'), text(f, 'hoursPerDay', DEFAULTS.hoursPerDay), 24),
    poe: parsePoe(f.label('poe'), text(f, 'poe', DEFAULT_POE)),
    sdCardBytes: f.has('sdCard') ? parseSize(f.label('sdCard'), text(f, 'sdCard', '')) : undefined,
    sdCardStream,
    ...(estimate ? { estimate } : {}),
  };
}

export function captureGroup(f: Fields, fallbackName: string, defaultDays: number = DEFAULTS.days): CaptureGroup {
  for (const key of ['devices', 'capturesPerDay', 'pictureSize']) {
    if (!f.has(key)) throw new InputError(`${f.label(key)}: missing; a capture group needs devices, capturesPerDay and pictureSize`);
  }
  return {
    name: f.has('name') ? text(f, 'name', '') : fallbackName,
    devices: parseCount(f.label('devices'), text(f, 'devices', '')),
    capturesPerDay: parseCount(f.label('capturesPerDay'), text(f, 'capturesPerDay', '')),
    bytesPerCapture: parseSize(f.label('pictureSize'), text(f, 'pictureSize', '')),
    days: parseCount(f.label('days'), text(f, 'days', defaultDays)),
  };
}

/** `base` fills what `f` leaves out, so flags can override a plan file's storage section field by field. */
export function storageBuild(f: Fields, base?: Fields): StorageBuild {
  const pick = (key: string): Fields => (f.has(key) || !base ? f : base);
  const raidF = pick('raid');
  const raid = parseRaidLevel(raidF.label('raid'), text(raidF, 'raid', DEFAULTS.raid));
  const groupF = pick('raidGroup');
  const groupSize = groupF.has('raidGroup')
    ? parseCount(groupF.label('raidGroup'), text(groupF, 'raidGroup', ''))
    : raid === DEFAULTS.raid ? DEFAULTS.raidGroup : DEFAULT_GROUP_SIZE[raid];
  checkGroupSize(groupF.has('raidGroup') ? groupF.label('raidGroup') : `${raidF.label('raid')} ${raid}`, raid, groupSize);
  const sparesF = pick('spares');
  const sparesText = text(sparesF, 'spares', DEFAULTS.spares).trim();
  const capF = pick('capacity');
  return {
    raid,
    groupSize,
    diskBytes: parseDisk(pick('disk').label('disk'), text(pick('disk'), 'disk', DEFAULTS.disk)),
    spares: sparesText === 'auto' ? 'auto' : parseCount(sparesF.label('spares'), sparesText, 0),
    overhead: parsePercent(pick('overhead').label('overhead'), text(pick('overhead'), 'overhead', DEFAULTS.overhead), { belowMax: true }),
    bays: parseCount(pick('bays').label('bays'), text(pick('bays'), 'bays', DEFAULTS.bays)),
    enclosures: enclosureKind(pick('enclosures').label('enclosures'), text(pick('enclosures'), 'enclosures', 'servers')),
    capacityBytes: capF.has('capacity') ? parseSize(capF.label('capacity'), text(capF, 'capacity', '')) : undefined,
  };
}

export function enclosureKind(label: string, value: string): 'servers' | 'shelves' {
  const v = value.trim().toLowerCase();
  if (v === 'servers' || v === 'shelves') return v;
  throw new InputError(`${label}: expected servers (boxes of their own: RAID groups stay inside one) or shelves (expansion shelves of one array: groups may span them), got "${value}"`);
}

/**
 * The stream a camera's SD card records: the main stream unless the plan says otherwise. Hikvision and
 * Dahua cameras record the main stream to their card as set out of the box (the stream is a choice in the
 * camera's record schedule: "Recording Stream: Main stream and Sub Stream are selectable", Hikvision Network
 * Speed Dome user manual, Record Schedule), and ANR back-fill to the NVR needs the main stream.
 */
function sdStream(f: Fields, noSub: boolean): 'main' | 'sub' {
  if (!f.has('sdCardStream')) return 'main';
  const v = text(f, 'sdCardStream', '').trim().toLowerCase();
  if (v !== 'main' && v !== 'sub') throw expected(f.label('sdCardStream'), v, 'main or sub');
  if (v === 'sub' && noSub) throw new InputError(`${f.label('sdCardStream')}: sub, but no sub stream is recorded in this group; expected substream: RATE with it`);
  return v;
}

/**
 * A camera's stream is carried by the camera's own network port: 100 Mbit/s or 1 Gbit/s Ethernet on every
 * camera sold (a few have 10 Gbit/s SFP+). A stream above 1 Gbit/s is a typo (a unit off by 1000).
 */
const MAX_STREAM_BPS = 1e9;

function cameraStream(label: string, given: string, bps: ReturnType<typeof big>): ReturnType<typeof big> {
  if (bps.gt(MAX_STREAM_BPS)) throw expected(label, given, "a camera stream of at most 1 Gbit/s (a camera's own Ethernet port); 8Mbps is the seed's 1080P stream");
  return bps;
}

/** no disk sold in 2026 holds more (the largest, enterprise QLC SSDs, hold 245.76 TB; hard disks 36 TB) */
const MAX_DISK_BYTES = 256_000_000_000_000n;

/** One disk's size, as sold: refused past any disk on the market (a unit off by 1000, `1PB` for `1TB`). */
export function parseDisk(label: string, given: string): bigint {
  const bytes = parseSize(label, given);
  if (bytes > MAX_DISK_BYTES) throw expected(label, given, 'a disk of at most 256 TB (no disk sold holds more; hard disks reach 36 TB)');
  return bytes;
}
