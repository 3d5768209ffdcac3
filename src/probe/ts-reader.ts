/**
 * An in-process read of an MPEG-TS segment (MediaMTX's `.ts`, ffmpeg's segment muxer, many NVR exports):
 * 188-byte packets, the PAT and PMT to find the video stream, the first and last PTS for the duration, the
 * SPS for the picture size, and continuity counters for lost packets.
 *
 * Why not ffprobe: the ffprobe shipped in @ffprobe-installer (and its 4.1 and 5.1 releases) is a static
 * build that dies with SIGSEGV on any TS file carrying an SDT (service names go through iconv, which a
 * static glibc cannot load), and ffmpeg's own muxer writes one. ffprobe-static 3.1.0 (ffprobe 4.0.2) reads
 * them, but ships 336 MB of binaries for six platforms. This reader needs neither and is the fastest.
 *
 * A file cut mid-write keeps every whole packet before the cut: that footage reads, so it is `warning`, not
 * damaged. What this reader cannot make sense of goes to ffprobe, which stays the authority.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt } from './read-at.ts';
import type { ProbeRow } from './result.ts';

const PACKET = 188;
const SYNC = 0x47;
/** files up to this size are read whole (every continuity counter checked); larger ones head and tail */
const WHOLE_MAX = 16 * 1024 * 1024;
const END_BYTES = 2 * 1024 * 1024;
const PTS_WRAP = 2 ** 33;

const VIDEO_TYPES: Record<number, string> = { 0x01: 'mpeg1video', 0x02: 'mpeg2video', 0x10: 'mpeg4', 0x1b: 'h264', 0x24: 'hevc' };

interface Stream {
  pid: number;
  codec: string;
}

/** A probe result, `damaged` with why, or undefined when the file is not something this reader knows. */
export function readTs(path: string): ProbeRow | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (from: number, length: number): Buffer => readAt(fd, from, Math.min(length, size - from));
    const head = read(0, size <= WHOLE_MAX ? size : END_BYTES);
    const sync = findSync(head);
    if (sync < 0) return damaged('not an MPEG-TS file (no sync bytes)');
    const whole = size <= WHOLE_MAX;
    const headPackets = packets(head, sync);
    const program = findVideo(headPackets);
    if (!program) return damaged('MPEG-TS without a video stream (no PAT/PMT naming one)');
    const cc = new Continuity();
    const first = ptsList(headPackets, program.pid, cc);
    if (first.length === 0) return damaged('MPEG-TS video stream without timestamps');
    let last = first;
    if (!whole) {
      const tailFrom = size - END_BYTES;
      const tail = read(tailFrom, END_BYTES);
      const tailSync = findSync(tail, (PACKET - ((tailFrom - sync) % PACKET)) % PACKET);
      const tailPts = tailSync < 0 ? [] : ptsList(packets(tail, tailSync), program.pid, cc.restart());
      if (tailPts.length > 0) last = tailPts;
    }
    const frame = frameTicks(first);
    // with B-frames presentation times come out of order: the span is from the least to the greatest
    let span = Math.max(...last) - Math.min(...first);
    if (span < 0) span += PTS_WRAP;
    const durationMs = Math.round(((span + frame) / 90_000) * 1000);
    if (!(durationMs > 0)) return damaged('MPEG-TS video stream of no duration');
    if (cc.errors > 0) return damaged(`MPEG-TS: ${cc.errors} continuity error(s) in the video stream (lost packets)`);
    const dims = program.codec === 'h264' || program.codec === 'hevc' ? pictureSize(headPackets, program) : undefined;
    const cut = whole && (size - sync) % PACKET !== 0;
    return {
      probe_status: cut ? 'warning' : 'ok',
      probe_detail: cut ? 'mpeg-ts: cut mid-write (a partial last packet); the whole packets before it read' : 'mpeg-ts reader',
      duration_ms: durationMs,
      codec: program.codec,
      width: dims?.width ?? null,
      height: dims?.height ?? null,
      fps: frame > 0 ? Math.round((90_000 / frame) * 1000) / 1000 : null,
      bit_rate: Math.round((size * 8 * 1000) / durationMs),
      creation_ms: null,
    };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function damaged(detail: string): ProbeRow {
  return { probe_status: 'damaged', probe_detail: detail, duration_ms: null, codec: null, width: null, height: null, fps: null, bit_rate: null, creation_ms: null };
}

/** The first offset (from `from`) where three packets in a row start with the sync byte. */
function findSync(buf: Buffer, from = 0): number {
  for (let i = from; i < Math.min(buf.length, from + PACKET * 2); i++) {
    if (buf[i] === SYNC && (i + PACKET >= buf.length || buf[i + PACKET] === SYNC) && (i + 2 * PACKET >= buf.length || buf[i + 2 * PACKET] === SYNC)) return i;
  }
  return -1;
}

interface Packet {
  pid: number;
  start: boolean;
  cc: number;
  hasPayload: boolean;
  discontinuity: boolean;
  payload: Buffer;
}

/** The whole packets from `at` on (a partial last one is left out). */
function packets(buf: Buffer, at: number): Packet[] {
  const out: Packet[] = [];
  for (let i = at; i + PACKET <= buf.length; i += PACKET) {
    if (buf[i] !== SYNC) continue;
    const pid = ((buf[i + 1]! & 0x1f) << 8) | buf[i + 2]!;
    const afc = (buf[i + 3]! >> 4) & 0x3;
    let p = i + 4;
    let discontinuity = false;
    if (afc & 0x2) {
      const len = buf[p]!;
      if (len > 0) discontinuity = (buf[p + 1]! & 0x80) !== 0;
      p += 1 + len;
    }
    out.push({ pid, start: (buf[i + 1]! & 0x40) !== 0, cc: buf[i + 3]! & 0x0f, hasPayload: (afc & 0x1) !== 0, discontinuity, payload: p < i + PACKET ? buf.subarray(p, i + PACKET) : Buffer.alloc(0) });
  }
  return out;
}

/** A PSI section's body from a packet that starts one (after the pointer field). */
function section(p: Packet): Buffer | undefined {
  if (!p.start || p.payload.length < 1) return undefined;
  const body = p.payload.subarray(1 + p.payload[0]!);
  if (body.length < 3) return undefined;
  const length = ((body[1]! & 0x0f) << 8) | body[2]!;
  return body.subarray(0, Math.min(body.length, 3 + length));
}

/** PAT -> PMT -> the first video elementary stream. */
function findVideo(list: Packet[]): Stream | undefined {
  const pmtPids = new Set<number>();
  for (const p of list) {
    if (p.pid !== 0) continue;
    const s = section(p);
    if (!s || s[0] !== 0x00) continue;
    for (let i = 8; i + 4 <= s.length - 4; i += 4) {
      const program = (s[i]! << 8) | s[i + 1]!;
      if (program !== 0) pmtPids.add(((s[i + 2]! & 0x1f) << 8) | s[i + 3]!);
    }
    if (pmtPids.size > 0) break;
  }
  for (const p of list) {
    if (!pmtPids.has(p.pid)) continue;
    const s = section(p);
    if (!s || s[0] !== 0x02) continue;
    const infoLength = ((s[10]! & 0x0f) << 8) | s[11]!;
    for (let i = 12 + infoLength; i + 5 <= s.length - 4; ) {
      const type = s[i]!;
      const pid = ((s[i + 1]! & 0x1f) << 8) | s[i + 2]!;
      const esInfo = ((s[i + 3]! & 0x0f) << 8) | s[i + 4]!;
      if (VIDEO_TYPES[type]) return { pid, codec: VIDEO_TYPES[type]! };
      i += 5 + esInfo;
    }
  }
  return undefined;
}

/** Counts packets of a stream whose continuity counter skips (a packet lost). */
class Continuity {
  errors = 0;
  private last = -1;
  private repeated = false;

  /** Goes on counting from a later part of the file (the tail of a file read head and tail). */
  restart(): this {
    this.last = -1;
    this.repeated = false;
    return this;
  }

  see(p: Packet): void {
    if (!p.hasPayload) return;
    if (this.last >= 0 && !p.discontinuity) {
      if (p.cc === this.last && !this.repeated) {
        this.repeated = true; // one duplicate packet is allowed
        return;
      }
      if (p.cc !== ((this.last + 1) & 0x0f)) this.errors++;
    }
    this.repeated = false;
    this.last = p.cc;
  }
}

/** The PTS of each PES the video stream starts in these packets, in order (continuity checked on the way). */
function ptsList(list: Packet[], pid: number, cc: Continuity): number[] {
  const out: number[] = [];
  for (const p of list) {
    if (p.pid !== pid) continue;
    cc.see(p);
    if (!p.start) continue;
    const b = p.payload;
    if (b.length < 14 || b[0] !== 0 || b[1] !== 0 || b[2] !== 1) continue;
    if ((b[7]! & 0x80) === 0) continue;
    const pts = (b[9]! & 0x0e) * 2 ** 29 + b[10]! * 2 ** 22 + (b[11]! & 0xfe) * 2 ** 14 + b[12]! * 2 ** 7 + (b[13]! >> 1);
    out.push(pts);
  }
  return out;
}

/** A frame's length in 90 kHz ticks: the most common gap between successive presentation times. */
function frameTicks(pts: number[]): number {
  const sorted = [...pts].sort((a, b) => a - b);
  const deltas = sorted.slice(1).map((t, i) => t - sorted[i]!).filter((d) => d > 0 && d < 90_000 * 60);
  if (deltas.length === 0) return 0;
  deltas.sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)]!;
}

/** The first access unit's elementary stream bytes (PES payloads from a start up to the next start). */
function firstAccessUnit(list: Packet[], pid: number): Buffer | undefined {
  const parts: Buffer[] = [];
  for (const p of list) {
    if (p.pid !== pid) continue;
    if (p.start) {
      if (parts.length > 0) break;
      const b = p.payload;
      if (b.length < 9) return undefined;
      parts.push(b.subarray(9 + b[8]!));
    } else if (parts.length > 0) parts.push(p.payload);
  }
  return parts.length > 0 ? Buffer.concat(parts) : undefined;
}

/** The picture size from the stream's sequence parameter set. */
function pictureSize(list: Packet[], stream: Stream): { width: number; height: number } | undefined {
  const au = firstAccessUnit(list, stream.pid);
  if (!au) return undefined;
  for (const nal of nalUnits(au)) {
    if (stream.codec === 'h264' && (nal[0]! & 0x1f) === 7) return h264Size(unescape(nal.subarray(1)));
    if (stream.codec === 'hevc' && ((nal[0]! >> 1) & 0x3f) === 33) return hevcSize(unescape(nal.subarray(2)));
  }
  return undefined;
}

function* nalUnits(b: Buffer): Generator<Buffer> {
  let start = -1;
  for (let i = 0; i + 3 <= b.length; i++) {
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 1) {
      if (start >= 0) yield b.subarray(start, b[i - 1] === 0 ? i - 1 : i);
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0 && start < b.length) yield b.subarray(start);
}

/** Removes emulation-prevention bytes (00 00 03 -> 00 00). */
function unescape(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (i >= 2 && b[i] === 3 && b[i - 1] === 0 && b[i - 2] === 0) continue;
    out.push(b[i]!);
  }
  return Buffer.from(out);
}

class Bits {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.b[this.at >> 3];
      if (byte === undefined) throw new Error('end of SPS');
      v = v * 2 + ((byte >> (7 - (this.at & 7))) & 1);
      this.at++;
    }
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new Error('bad exp-Golomb code');
    return 2 ** zeros - 1 + this.u(zeros);
  }
  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }
}

/** ITU-T H.264 7.3.2.1.1 seq_parameter_set_data, as far as the cropped picture size. */
function h264Size(b: Buffer): { width: number; height: number } | undefined {
  try {
    const r = new Bits(b);
    const profile = r.u(8);
    r.u(16); // constraint flags, level
    r.ue(); // seq_parameter_set_id
    let chroma = 1;
    if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) {
      chroma = r.ue();
      if (chroma === 3) r.u(1);
      r.ue();
      r.ue();
      r.u(1);
      if (r.u(1)) {
        for (let i = 0; i < (chroma !== 3 ? 8 : 12); i++) {
          if (!r.u(1)) continue;
          let last = 8;
          let next = 8;
          for (let j = 0; j < (i < 6 ? 16 : 64); j++) {
            if (next !== 0) next = (last + r.se() + 256) % 256;
            last = next === 0 ? last : next;
          }
        }
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    const pocType = r.ue();
    if (pocType === 0) r.ue();
    else if (pocType === 1) {
      r.u(1);
      r.se();
      r.se();
      const n = r.ue();
      for (let i = 0; i < n; i++) r.se();
    }
    r.ue(); // max_num_ref_frames
    r.u(1);
    const widthMbs = r.ue() + 1;
    const heightUnits = r.ue() + 1;
    const frameMbsOnly = r.u(1);
    if (!frameMbsOnly) r.u(1);
    r.u(1);
    let [cl, cr, ct, cb] = [0, 0, 0, 0];
    if (r.u(1)) [cl, cr, ct, cb] = [r.ue(), r.ue(), r.ue(), r.ue()];
    const subW = chroma === 1 || chroma === 2 ? 2 : 1;
    const subH = (chroma === 1 ? 2 : 1) * (2 - frameMbsOnly);
    return { width: widthMbs * 16 - subW * (cl + cr), height: heightUnits * 16 * (2 - frameMbsOnly) - subH * (ct + cb) };
  } catch {
    return undefined;
  }
}

/** ITU-T H.265 7.3.2.2 seq_parameter_set_rbsp, as far as the conformance window. */
function hevcSize(b: Buffer): { width: number; height: number } | undefined {
  try {
    const r = new Bits(b);
    r.u(4);
    const subLayers = r.u(3);
    r.u(1);
    r.u(96); // general profile, tier, level
    const profilePresent: number[] = [];
    const levelPresent: number[] = [];
    for (let i = 0; i < subLayers; i++) {
      profilePresent.push(r.u(1));
      levelPresent.push(r.u(1));
    }
    if (subLayers > 0) for (let i = subLayers; i < 8; i++) r.u(2);
    for (let i = 0; i < subLayers; i++) {
      if (profilePresent[i]) r.u(88);
      if (levelPresent[i]) r.u(8);
    }
    r.ue();
    const chroma = r.ue();
    if (chroma === 3) r.u(1);
    let width = r.ue();
    let height = r.ue();
    if (r.u(1)) {
      const subW = chroma === 1 || chroma === 2 ? 2 : 1;
      const subH = chroma === 1 ? 2 : 1;
      width -= subW * (r.ue() + r.ue());
      height -= subH * (r.ue() + r.ue());
    }
    return { width, height };
  } catch {
    return undefined;
  }
}
