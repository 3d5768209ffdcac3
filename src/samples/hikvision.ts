/**
 * A Hikvision share as a camera writes one, for `vstor samples make --layout hikvision-share` and the tests: a
 * folder a camera, each with `info.bin`, `datadir0/index00.bin` and `index01.bin` (the layout index-file.ts
 * reads: header, container records, 256 records of 80 bytes a container) and `hivNNNNN.mp4` containers
 * holding real MPEG-PS (H.264 made by the shipped ffmpeg) at the offsets the index names, grown to the
 * 256 MB every container is preallocated to (sparse: the disk holds only what was written). Times are the
 * camera's wall clock in `zone`, as the device writes them.
 */
import { mkdirSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_BYTES, CONTAINER_RECORD_BYTES, HEADER_BYTES, SEGMENT_RECORD_BYTES, SEGMENTS_A_CONTAINER } from '../archive/hikvision/index-file.ts';
import { wallMsOf } from '../archive/time.ts';
import { hikClockDescriptor, psPackets, ptsOf } from '../probe/ps-reader.ts';

export interface ShareRecording {
  start: number;
  end: number;
  bytes: Uint8Array;
}

/** Seconds of the wall clock in `zone` at `t`, as the device stores them (read back as UTC fields). */
export function wallSeconds(t: number, zone: string): number {
  return Math.floor(wallMsOf(t, zone) / 1000);
}

/**
 * A program stream map carrying Hikvision's clock descriptor (probe/ps-reader.ts) for an H.264 video stream:
 * what a device writes before every key frame.
 */
function clockPsm(wallMs: number): Uint8Array {
  const clock = hikClockDescriptor(wallMs);
  const body = [0xe0 | 0x0, 0xff, 0x00, clock.length, ...clock, 0x00, 0x04, 0x1b, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  return Uint8Array.from([0x00, 0x00, 0x01, 0xbc, body.length >> 8, body.length & 0xff, ...body]);
}

/**
 * A recording as a Hikvision device writes it: the MPEG-PS `stream` (ffmpeg's) with the device's clock at
 * `startWallMs` (UTC fields) plus each key frame's PTS written into a program stream map before it. Every
 * frame of the samples' clips is a key frame, so every frame gets one.
 */
export function withDeviceClock(stream: Uint8Array, startWallMs: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let from = 0;
  let first: number | undefined;
  let pack: number | undefined;
  for (const p of psPackets(stream, 0)) {
    if (p.code === 0xba) pack = p.end;
    if (p.code < 0xe0 || p.code > 0xef || pack === undefined) continue;
    const pts = ptsOf(stream, p.at);
    if (pts === undefined) continue;
    first ??= pts;
    parts.push(stream.subarray(from, pack), clockPsm(startWallMs + Math.round((pts - first) / 90)));
    from = pack;
    pack = undefined;
  }
  parts.push(stream.subarray(from));
  return Buffer.concat(parts);
}

/**
 * Writes one camera's share under `dir`: its info, index (two copies) and containers, `perContainer`
 * recordings a container (256, as many as a container's records, unless larger recordings fill it first).
 */
export function writeShare(dir: string, serial: string, recordings: ShareRecording[], zone: string, perContainer = SEGMENTS_A_CONTAINER): void {
  const data = join(dir, 'datadir0');
  mkdirSync(data, { recursive: true });
  const info = new Uint8Array(68);
  info.set(new TextEncoder().encode(serial.slice(0, 47)), 0);
  new DataView(info.buffer).setUint32(64, 1, true);
  writeFileSync(join(dir, 'info.bin'), info);
  const containers = Math.max(1, Math.ceil(recordings.length / perContainer));
  const index = new Uint8Array(HEADER_BYTES + containers * (CONTAINER_RECORD_BYTES + SEGMENTS_A_CONTAINER * SEGMENT_RECORD_BYTES));
  const v = new DataView(index.buffer);
  v.setBigUint64(0, BigInt(recordings.length), true);
  v.setUint32(8, 2, true);
  v.setUint32(12, containers, true);
  for (let c = 0; c < containers; c++) {
    const mine = recordings.slice(c * perContainer, (c + 1) * perContainer);
    const file = join(data, `hiv${String(c).padStart(5, '0')}.mp4`);
    const parts: Uint8Array[] = [];
    let offset = 0;
    mine.forEach((r, slot) => {
      const at = HEADER_BYTES + containers * CONTAINER_RECORD_BYTES + (c * SEGMENTS_A_CONTAINER + slot) * SEGMENT_RECORD_BYTES;
      v.setUint8(at, 13);
      v.setBigUint64(at + 8, BigInt(wallSeconds(r.start, zone)), true);
      v.setBigUint64(at + 16, BigInt(wallSeconds(r.end, zone)), true);
      v.setBigUint64(at + 24, BigInt(wallSeconds(r.start, zone)), true);
      v.setUint32(at + 40, offset, true);
      v.setUint32(at + 44, offset + r.bytes.length, true);
      parts.push(r.bytes);
      offset += r.bytes.length;
    });
    writeFileSync(file, Buffer.concat(parts));
    truncateSync(file, CONTAINER_BYTES);
    const last = mine.at(-1)?.end;
    if (last !== undefined) utimesSync(file, last / 1000, last / 1000);
  }
  writeFileSync(join(data, 'index00.bin'), index);
  writeFileSync(join(data, 'index01.bin'), index);
  const newest = recordings.at(-1)?.end;
  if (newest !== undefined) {
    for (const f of ['index00.bin', 'index01.bin']) utimesSync(join(data, f), newest / 1000, newest / 1000);
    utimesSync(data, newest / 1000, newest / 1000);
    utimesSync(dir, newest / 1000, newest / 1000);
  }
}
