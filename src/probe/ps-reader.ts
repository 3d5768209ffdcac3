/**
 * An in-process read of a recording inside a Hikvision container: a byte range of MPEG-PS (ISO 13818-1
 * 2.5.3). What ffmpeg cannot say of such a range is whether its bytes still hold the recording the index
 * names: a container is rewritten round-robin, and a range whose bytes were reused holds other footage that
 * decodes just as well. Two things tell, both read here from the range's first and last bytes:
 *
 * - A recording starts a stream: its first bytes are a pack header (after Hikvision's 40-byte `IMKH` file
 *   header, when there is one). yrambler2001/hikvision-ezviz-sdcard-video-extractor (`lib.js`
 *   processSegments, `mpegPsValidator.js`, MIT) drops a record whose range does not, "overwritten by newer
 *   segment".
 * - Hikvision writes its clock into the program stream map at every key frame: a descriptor tagged 0x40,
 *   `H` `K`, two bytes, then the year after 2000 (8 bits), month (4), day (5), hour (5), minute (6), second (6)
 *   and milliseconds (10), the device's wall clock (ireader/media-server, `libmpeg/source/
 *   mpeg-element-descriptor.c` clock_extension_descriptor and its writer, MIT; the two real stream starts in
 *   yrambler2001's `mpegPsValidator.js` decode to 2025-04-28 16:06:18.557 and 2025-07-12 21:02:19.640). The
 *   audit compares it with the index's times (app/probe-plan.ts).
 *
 * The first and last video PTS give the span the bytes hold, for the same comparison. Pure over bytes.
 */

export const IMKH_BYTES = 40;
const PACK = 0xba;
const PSM = 0xbc;
const PTS_WRAP = 2 ** 33;

/** What a range's bytes say of themselves. */
export interface PsRead {
  /** why the bytes are not the start of a recording; undefined when they are */
  problem?: string;
  codec?: string;
  /** the device's wall clock at the first and the last key frame seen, as UTC fields in ms (Date.UTC) */
  firstClock?: number;
  lastClock?: number;
  /** seconds between the first video PTS of the head and the last of the tail */
  ptsSpan?: number;
}

const VIDEO_TYPES: Record<number, string> = { 0x01: 'mpeg1video', 0x02: 'mpeg2video', 0x10: 'mpeg4', 0x1b: 'h264', 0x24: 'hevc', 0x80: 'hevc' };

/** Reads the head of a range (its first bytes) and, when given, its tail (its last bytes). */
export function readPsRange(head: Uint8Array, tail?: Uint8Array): PsRead {
  if (head.length === 0) return { problem: 'the range is empty' };
  if (head.every((b) => b === 0)) return { problem: 'its bytes are zeros' };
  const from = startOf(head);
  if (from === undefined) return { problem: 'its bytes do not begin a program stream (no pack header where the index says the recording starts): they were written over by other footage, or never held it' };
  const first = scan(head, from);
  const last = tail ? scan(tail, syncIn(tail)) : first;
  const read: PsRead = { codec: first.codec ?? last.codec, firstClock: first.clocks[0], lastClock: last.clocks.at(-1) ?? first.clocks.at(-1) };
  const a = first.pts[0];
  const b = (last.pts.length > 0 ? last.pts : first.pts).at(-1);
  if (a !== undefined && b !== undefined) read.ptsSpan = (((b - a) % PTS_WRAP) + PTS_WRAP) % PTS_WRAP / 90_000;
  return read;
}

/** Where the first pack header is: at 0, or after an `IMKH` file header. */
function startOf(buf: Uint8Array): number | undefined {
  if (isStart(buf, 0, PACK)) return 0;
  if (buf[0] === 0x49 && buf[1] === 0x4d && buf[2] === 0x4b && buf[3] === 0x48 && isStart(buf, IMKH_BYTES, PACK)) return IMKH_BYTES;
  return undefined;
}

/** A tail starts anywhere: the first pack header in it. */
function syncIn(buf: Uint8Array): number {
  for (let i = 0; i + 4 <= buf.length; i++) if (isStart(buf, i, PACK)) return i;
  return buf.length;
}

function isStart(buf: Uint8Array, i: number, code?: number): boolean {
  return buf[i] === 0 && buf[i + 1] === 0 && buf[i + 2] === 1 && (code === undefined ? (buf[i + 3] ?? 0) >= 0xb9 : buf[i + 3] === code);
}

interface Scan {
  codec?: string;
  clocks: number[];
  pts: number[];
}

/** A packet of a program stream: its start code's last byte, where it starts and ends in the buffer. */
export interface PsPacket {
  code: number;
  at: number;
  end: number;
}

/** Packs and packets from `at` to the end of `buf`, resyncing at the next pack after bytes it cannot walk. */
export function* psPackets(buf: Uint8Array, at: number): Generator<PsPacket> {
  let i = at;
  while (i + 6 <= buf.length) {
    if (!isStart(buf, i)) {
      i += 1 + syncIn(buf.subarray(i + 1));
      continue;
    }
    const code = buf[i + 3]!;
    if (code === 0xb9) return;
    const length = code === PACK ? packLength(buf, i) : 6 + ((buf[i + 4]! << 8) | buf[i + 5]!);
    yield { code, at: i, end: Math.min(i + length, buf.length) };
    i += length;
  }
}

/** The clocks, PTS and codec of the packets from `at` (a packet cut by the window's end ends the walk). */
function scan(buf: Uint8Array, at: number): Scan {
  const out: Scan = { clocks: [], pts: [] };
  for (const p of psPackets(buf, at)) {
    if (p.code === PSM) readPsm(buf.subarray(p.at, p.end), out);
    else if (p.code >= 0xe0 && p.code <= 0xef) {
      const pts = ptsOf(buf, p.at);
      if (pts !== undefined) out.pts.push(pts);
    }
  }
  return out;
}

function packLength(buf: Uint8Array, i: number): number {
  // MPEG-2: '01' then SCR, mux rate, 5 reserved bits and the stuffing length; MPEG-1: 12 bytes
  if (((buf[i + 4] ?? 0) & 0xc0) === 0x40) return 14 + ((buf[i + 13] ?? 0) & 0x07);
  return 12;
}

export function ptsOf(buf: Uint8Array, i: number): number | undefined {
  if (i + 14 > buf.length || ((buf[i + 6]! & 0xc0) !== 0x80) || (buf[i + 7]! & 0x80) === 0) return undefined;
  const p = buf.subarray(i + 9, i + 14);
  return ((p[0]! >> 1) & 0x07) * 2 ** 30 + ((p[1]! << 22) | ((p[2]! >> 1) << 15) | (p[3]! << 7) | (p[4]! >> 1));
}

/** The program stream map (ISO 13818-1 2.5.4): the video stream's type, and Hikvision's clock descriptor. */
function readPsm(psm: Uint8Array, out: Scan): void {
  if (psm.length < 12) return;
  const infoLength = (psm[8]! << 8) | psm[9]!;
  const infoEnd = Math.min(10 + infoLength, psm.length);
  for (let d = 10; d + 2 <= infoEnd; d += 2 + psm[d + 1]!) {
    const clock = hikClock(psm.subarray(d, d + 2 + psm[d + 1]!));
    if (clock !== undefined) out.clocks.push(clock);
  }
  if (infoEnd + 2 > psm.length) return;
  const mapEnd = Math.min(infoEnd + 2 + ((psm[infoEnd]! << 8) | psm[infoEnd + 1]!), psm.length);
  for (let e = infoEnd + 2; e + 4 <= mapEnd; e += 4 + ((psm[e + 2]! << 8) | psm[e + 3]!)) {
    const id = psm[e + 1]!;
    if (id >= 0xe0 && id <= 0xef && out.codec === undefined) out.codec = VIDEO_TYPES[psm[e]!] ?? `stream type 0x${psm[e]!.toString(16)}`;
  }
}

/** Hikvision's clock descriptor (see the top), as UTC fields in ms; undefined when it is not one or names no date. */
export function hikClock(d: Uint8Array): number | undefined {
  if (d.length < 13 || d[0] !== 0x40 || d[2] !== 0x48 || d[3] !== 0x4b) return undefined;
  const year = 2000 + d[6]!;
  const bits = ((d[7]! << 24) | (d[8]! << 16) | (d[9]! << 8) | d[10]!) >>> 0;
  const month = bits >>> 28;
  const day = (bits >>> 23) & 0x1f;
  const hour = (bits >>> 18) & 0x1f;
  const minute = (bits >>> 12) & 0x3f;
  const second = (bits >>> 6) & 0x3f;
  const ms = ((bits & 0x3f) << 4) | (d[11]! >> 4);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, Math.min(ms, 999));
}

/** Hikvision's clock descriptor for a wall time given as UTC fields in ms: what a device writes (samples). */
export function hikClockDescriptor(wallMs: number): Uint8Array {
  const t = new Date(wallMs);
  const ms = t.getUTCMilliseconds();
  const bits = (((t.getUTCMonth() + 1) << 28) | (t.getUTCDate() << 23) | (t.getUTCHours() << 18) | (t.getUTCMinutes() << 12) | (t.getUTCSeconds() << 6) | (ms >> 4)) >>> 0;
  return Uint8Array.from([0x40, 0x0e, 0x48, 0x4b, 0x01, 0x00, t.getUTCFullYear() - 2000, bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff, (ms & 0x0f) << 4, 0x00, 0xff, 0xff, 0xff]);
}
