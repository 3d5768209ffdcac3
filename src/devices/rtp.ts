/**
 * RTP as an ONVIF replay server sends it (ONVIF Streaming Specification, "RTP header extension" for replay),
 * read back into an H.264 / H.265 elementary stream: the RTP header (RFC 3550 5.1), the replay extension
 * (profile 0xABAC, 3 words: the frame's NTP time, then the C(lean point) E(nd) D(iscontinuity) T(ermination)
 * bits and a CSeq; layout as networkoptix/nx_open `nx_rtp/src/nx/rtp/onvif_header_extension.cpp` reads it,
 * MPL-2.0), and the payloads: H.264 single NAL, STAP-A, FU-A (RFC 6184 5.6-5.8), H.265 single NAL, AP, FU
 * (RFC 7798 4.4). Pure: no sockets here.
 */

/** seconds from the NTP epoch (1900) to the Unix epoch (1970) */
const NTP_UNIX_S = 2_208_988_800;
const ONVIF_EXTENSIONS = new Set([0xabac, 0xabad]);

export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  /** the frame's time by the recorder's clock (Unix ms), from the ONVIF replay extension */
  clockMs?: number;
  /** the ONVIF C bit: this packet begins a clean point (a key frame) */
  cleanPoint?: boolean;
  payload: Buffer;
}

/** One RTP packet; undefined when it is not one (the caller says what it was reading). */
export function parseRtp(b: Buffer): RtpPacket | undefined {
  if (b.length < 12 || b[0]! >> 6 !== 2) return undefined;
  const padding = (b[0]! & 0x20) !== 0;
  const extension = (b[0]! & 0x10) !== 0;
  let at = 12 + (b[0]! & 0x0f) * 4;
  const packet: RtpPacket = { payloadType: b[1]! & 0x7f, marker: (b[1]! & 0x80) !== 0, sequence: b.readUInt16BE(2), timestamp: b.readUInt32BE(4), payload: Buffer.alloc(0) };
  if (extension) {
    if (at + 4 > b.length) return undefined;
    const profile = b.readUInt16BE(at);
    const words = b.readUInt16BE(at + 2);
    if (at + 4 + words * 4 > b.length) return undefined;
    if (ONVIF_EXTENSIONS.has(profile) && words >= 3) {
      const seconds = b.readUInt32BE(at + 4);
      const fraction = b.readUInt32BE(at + 8);
      packet.clockMs = (seconds - NTP_UNIX_S) * 1000 + Math.round((fraction / 2 ** 32) * 1000);
      packet.cleanPoint = (b[at + 12]! & 0x80) !== 0;
    }
    at += 4 + words * 4;
  }
  const end = padding ? b.length - b[b.length - 1]! : b.length;
  if (end < at) return undefined;
  packet.payload = b.subarray(at, end);
  return packet;
}

/** The ONVIF replay extension for a frame at `clockMs` (the sample server writes it; the tests read it). */
export function onvifExtension(clockMs: number, cleanPoint: boolean): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt16BE(0xabac, 0);
  b.writeUInt16BE(3, 2);
  const seconds = Math.floor(clockMs / 1000);
  b.writeUInt32BE(seconds + NTP_UNIX_S, 4);
  b.writeUInt32BE(Math.round(((clockMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0, 8);
  b[12] = cleanPoint ? 0x80 : 0;
  return b;
}

export type VideoCodec = 'h264' | 'h265';

const START = Buffer.from([0, 0, 0, 1]);

/** Whether a NAL unit is a key frame's slice: H.264 IDR (5), H.265 IRAP (16-21). */
export function isKeyNal(codec: VideoCodec, nal: Buffer): boolean {
  if (nal.length === 0) return false;
  return codec === 'h264' ? (nal[0]! & 0x1f) === 5 : ((nal[0]! >> 1) & 0x3f) >= 16 && ((nal[0]! >> 1) & 0x3f) <= 21;
}

/**
 * Payloads back into NAL units. A fragment whose start was lost, or a payload of a type neither RFC defines,
 * is a problem the caller reports: replayed footage that does not reassemble is not read.
 */
export class Depacketizer {
  private fragment: Buffer[] | undefined;
  private lastSequence: number | undefined;
  readonly nals: Buffer[] = [];
  problem: string | undefined;

  constructor(readonly codec: VideoCodec) {}

  push(p: RtpPacket): void {
    if (this.lastSequence !== undefined && p.sequence !== ((this.lastSequence + 1) & 0xffff)) {
      // a lost packet: a fragment in progress cannot be whole
      this.fragment = undefined;
    }
    this.lastSequence = p.sequence;
    const b = p.payload;
    if (b.length === 0) return;
    if (this.codec === 'h264') this.h264(b);
    else this.h265(b);
  }

  /** the NAL units read so far as an Annex B stream */
  annexB(parameterSets: Buffer[] = []): Buffer {
    return Buffer.concat([...parameterSets, ...this.nals].flatMap((n) => [START, n]));
  }

  private h264(b: Buffer): void {
    const type = b[0]! & 0x1f;
    if (type >= 1 && type <= 23) this.nals.push(b);
    else if (type === 24) this.aggregate(b, 1);
    else if (type === 28) {
      if (b.length < 2) return this.fail('an FU-A packet without its header');
      const start = (b[1]! & 0x80) !== 0;
      const end = (b[1]! & 0x40) !== 0;
      this.fragmentPart(Buffer.from([(b[0]! & 0xe0) | (b[1]! & 0x1f)]), b.subarray(2), start, end);
    } else this.fail(`an H.264 RTP payload of type ${type}, which RFC 6184 packetization mode 0/1 does not send`);
  }

  private h265(b: Buffer): void {
    if (b.length < 2) return this.fail('an H.265 RTP payload shorter than its header');
    const type = (b[0]! >> 1) & 0x3f;
    if (type < 48) this.nals.push(b);
    else if (type === 48) this.aggregate(b, 2);
    else if (type === 49) {
      if (b.length < 3) return this.fail('an H.265 FU packet without its header');
      const start = (b[2]! & 0x80) !== 0;
      const end = (b[2]! & 0x40) !== 0;
      const header = Buffer.from([(b[0]! & 0x81) | ((b[2]! & 0x3f) << 1), b[1]!]);
      this.fragmentPart(header, b.subarray(3), start, end);
    } else this.fail(`an H.265 RTP payload of type ${type}, which RFC 7798 does not define`);
  }

  /** STAP-A (H.264) / AP (H.265): 16-bit sizes, each followed by one NAL unit */
  private aggregate(b: Buffer, headerBytes: number): void {
    for (let at = headerBytes; at < b.length; ) {
      if (at + 2 > b.length) return this.fail('an aggregation packet cut inside a size');
      const size = b.readUInt16BE(at);
      if (size === 0 || at + 2 + size > b.length) return this.fail('an aggregation packet whose unit runs past its end');
      this.nals.push(b.subarray(at + 2, at + 2 + size));
      at += 2 + size;
    }
  }

  private fragmentPart(header: Buffer, body: Buffer, start: boolean, end: boolean): void {
    if (start) this.fragment = [header, body];
    else if (this.fragment) this.fragment.push(body);
    else return; // its start was lost: the unit is dropped, as a decoder would
    if (end) {
      this.nals.push(Buffer.concat(this.fragment));
      this.fragment = undefined;
    }
  }

  private fail(why: string): void {
    this.problem ??= why;
  }
}

/** NAL units of an Annex B stream (start codes of 3 or 4 bytes), for the sample server's packetizer. */
export function splitAnnexB(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let from = -1;
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 1) {
      if (from >= 0) out.push(trimZeros(b.subarray(from, i)));
      from = i + 3;
      i += 2;
    }
  }
  if (from >= 0 && from < b.length) out.push(b.subarray(from));
  return out.filter((n) => n.length > 0);
}

function trimZeros(n: Buffer): Buffer {
  let end = n.length;
  while (end > 0 && n[end - 1] === 0) end--;
  return n.subarray(0, end);
}

/** A NAL unit as RTP payloads of at most `mtu` bytes: whole, or as FU-A / H.265 FU fragments. */
export function packetize(codec: VideoCodec, nal: Buffer, mtu = 1400): Buffer[] {
  if (nal.length <= mtu) return [nal];
  const out: Buffer[] = [];
  const headerBytes = codec === 'h264' ? 1 : 2;
  const body = nal.subarray(headerBytes);
  const step = mtu - headerBytes - 1;
  for (let at = 0; at < body.length; at += step) {
    const first = at === 0;
    const last = at + step >= body.length;
    const flags = (first ? 0x80 : 0) | (last ? 0x40 : 0);
    const head =
      codec === 'h264'
        ? Buffer.from([(nal[0]! & 0xe0) | 28, flags | (nal[0]! & 0x1f)])
        : Buffer.from([(nal[0]! & 0x81) | (49 << 1), nal[1]!, flags | ((nal[0]! >> 1) & 0x3f)]);
    out.push(Buffer.concat([head, body.subarray(at, at + step)]));
  }
  return out;
}
