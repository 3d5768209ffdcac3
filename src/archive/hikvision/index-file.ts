/**
 * Hikvision's storage index (`index00.bin`, its copy `index01.bin`): what a Hikvision camera or NVR writes
 * beside its `hivNNNNN.mp4` containers on an SD card, a NAS share's `datadirN/` or an IP-SAN volume. Pure:
 * bytes in, records out, every fault said.
 *
 * Layout, as the open readers read it: bkbilly/libHikvision (`libhikvision/__init__.py`: getFileHeader,
 * getSegmentsBIN; after davehope/libHikvision in PHP) and yrambler2001/hikvision-ezviz-sdcard-video-extractor
 * (`lib.js`: getFileHeader, parseSegment, processSegments; index versions 2 and 3), both MIT:
 *
 *   header, 1280 bytes   u64 modifyTimes (a counter the device moves on every write), u32 version,
 *                        u32 avFiles (containers), u32 nextFileRecNo, u32 lastFileRecNo, 1176 bytes of the
 *                        current file record, 76 bytes unknown, u32 checksum (its algorithm is not known)
 *   a record a container, 32 bytes each, avFiles of them
 *   256 segment records of 80 bytes a container, in container order:
 *     u8 type, u8 status, 2 bytes, u32 resolution, u64 startTime, u64 endTime, u64 firstKeyFrame absolute
 *     time, u32 firstKeyFrame stdTime, u32 lastFrame stdTime, u32 startOffset, u32 endOffset, 4 bytes,
 *     u32 infoNum, u64 infoTypes, u32 infoStartTime, u32 infoEndTime, u32 infoStartOffset, u32 infoEndOffset
 *   A record whose endTime is 0 is unused. The low 32 bits of a time are seconds, which every reader formats
 *   as UTC to show the device's wall clock: they are the device's local time, read here in its zone. The
 *   high 32 bits hold the microseconds (below 1,000,000 in every record of the real index tested).
 */

export const HEADER_BYTES = 1280;
export const CONTAINER_RECORD_BYTES = 32;
export const SEGMENT_RECORD_BYTES = 80;
export const SEGMENTS_A_CONTAINER = 256;
/** every container is preallocated to this size (yrambler2001's README: "each exactly 256MB") */
export const CONTAINER_BYTES = 256 * 1024 * 1024;

export interface IndexHeader {
  modifyTimes: bigint;
  version: number;
  containers: number;
  nextFileRecNo: number;
  lastFileRecNo: number;
  checksum: number;
}

/** One recording as the index names it: a byte range of a container and its wall-clock times. */
export interface IndexSegment {
  /** the container's number: `hiv00042.mp4` is 42 */
  container: number;
  /** its place among the container's 256 records: the order the device wrote them in */
  slot: number;
  type: number;
  status: number;
  /** seconds of the device's wall clock (read as UTC fields, then placed in its zone) */
  startWall: number;
  endWall: number;
  /** microseconds past startWall / endWall */
  startMicros: number;
  endMicros: number;
  startOffset: number;
  endOffset: number;
}

export interface ParsedIndex {
  header: IndexHeader;
  /** records in use (an endTime not 0), footage or not: what the open readers list */
  records: number;
  segments: IndexSegment[];
  /** records that cannot be footage as written, each said once (a count of the rest of its kind) */
  problems: string[];
}

/** The file is not an index at all: one line saying why (the caller names the file). */
export class IndexError extends Error {
  override name = 'IndexError';
}

export function parseHeader(bytes: Uint8Array): IndexHeader {
  if (bytes.length < HEADER_BYTES) throw new IndexError(`${bytes.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const v = view(bytes);
  const header = {
    modifyTimes: v.getBigUint64(0, true),
    version: v.getUint32(8, true),
    containers: v.getUint32(12, true),
    nextFileRecNo: v.getUint32(16, true),
    lastFileRecNo: v.getUint32(20, true),
    checksum: v.getUint32(HEADER_BYTES - 4, true),
  };
  if (header.version === 0 && header.containers === 0 && header.modifyTimes === 0n) throw new IndexError('its header is zeros (a blank or wiped index)');
  if (header.containers === 0) throw new IndexError('its header counts no container');
  const needed = HEADER_BYTES + header.containers * (CONTAINER_RECORD_BYTES + SEGMENTS_A_CONTAINER * SEGMENT_RECORD_BYTES);
  if (needed > bytes.length) throw new IndexError(`its header counts ${header.containers} containers, whose records need ${needed} bytes; the file has ${bytes.length}`);
  return header;
}

/** The header and every used segment record, in container and record order, with what cannot be footage said. */
export function parseIndex(bytes: Uint8Array): ParsedIndex {
  const header = parseHeader(bytes);
  const v = view(bytes);
  const segments: IndexSegment[] = [];
  let records = 0;
  const faults = new Map<string, { first: string; n: number }>();
  const fault = (kind: string, text: string) => {
    const f = faults.get(kind);
    if (f) f.n++;
    else faults.set(kind, { first: text, n: 1 });
  };
  let at = HEADER_BYTES + header.containers * CONTAINER_RECORD_BYTES;
  for (let container = 0; container < header.containers; container++) {
    for (let slot = 0; slot < SEGMENTS_A_CONTAINER; slot++, at += SEGMENT_RECORD_BYTES) {
      const end = v.getBigUint64(at + 16, true);
      if (end === 0n) continue;
      records++;
      const start = v.getBigUint64(at + 8, true);
      const s: IndexSegment = {
        container,
        slot,
        type: v.getUint8(at),
        status: v.getUint8(at + 1),
        startWall: Number(start & 0xffff_ffffn),
        endWall: Number(end & 0xffff_ffffn),
        startMicros: Number(start >> 32n),
        endMicros: Number(end >> 32n),
        startOffset: v.getUint32(at + 40, true),
        endOffset: v.getUint32(at + 44, true),
      };
      const where = `hiv${String(container).padStart(5, '0')}.mp4 record ${slot}`;
      if (s.endWall < s.startWall) fault('end-before-start', `${where} ends before it starts`);
      else if (s.endOffset <= s.startOffset) fault('empty-range', `${where} names no bytes (${s.startOffset}-${s.endOffset})`);
      else if (s.endOffset > CONTAINER_BYTES) fault('past-container', `${where} runs past its container's ${CONTAINER_BYTES} bytes (to ${s.endOffset})`);
      else segments.push(s);
    }
  }
  const problems = [...faults.values()].map((f) => (f.n > 1 ? `${f.first} (and ${f.n - 1} more like it)` : f.first));
  return { header, records, segments, problems };
}

/**
 * The index to trust of a device's two copies: the newer by its modification counter, of those that parse.
 * A copy that does not parse, or two that disagree at one counter, is a warning; none that parses throws.
 */
export function chooseIndex(copies: { name: string; bytes: Uint8Array | undefined }[]): { index: ParsedIndex; from: string; warnings: string[] } {
  const warnings: string[] = [];
  const parsed: { name: string; index: ParsedIndex }[] = [];
  for (const c of copies) {
    if (!c.bytes) continue;
    try {
      parsed.push({ name: c.name, index: parseIndex(c.bytes) });
    } catch (e) {
      warnings.push(`${c.name}: ${(e as Error).message}; its copy is used`);
    }
  }
  if (parsed.length === 0) throw new IndexError(copies.length > 1 ? 'neither copy of the index can be read' : 'the index cannot be read');
  parsed.sort((a, b) => (a.index.header.modifyTimes > b.index.header.modifyTimes ? -1 : a.index.header.modifyTimes < b.index.header.modifyTimes ? 1 : 0));
  const [best, other] = parsed;
  if (other && other.index.header.modifyTimes === best!.index.header.modifyTimes && other.index.segments.length !== best!.index.segments.length) {
    warnings.push(`${best!.name} and ${other.name} disagree (${best!.index.segments.length} and ${other.index.segments.length} recordings) at one modification count; ${best!.name} is used`);
  }
  return { index: best!.index, from: best!.name, warnings };
}

/** `info.bin` at a NAS share's root: the device's serial number and how many data folders it keeps. */
export interface ShareInfo {
  serial: string;
  dataDirs: number;
}

/** Read as libHikvision's getNASInfo reads it: 48 s serial, 4 s MAC, B, 3 pad, u32 bsize, u32 blocks, u32 DataDirs. */
export function parseShareInfo(bytes: Uint8Array): ShareInfo {
  if (bytes.length < 68) throw new IndexError(`${bytes.length} bytes, shorter than the 68 an info.bin holds`);
  const serial = new TextDecoder('latin1').decode(bytes.subarray(0, 48)).replace(/\0.*$/s, '').trim();
  const dataDirs = view(bytes).getUint32(64, true);
  if (!/^[\x20-\x7e]+$/.test(serial)) throw new IndexError('its serial number is not text (not an info.bin, or damaged)');
  if (dataDirs === 0 || dataDirs > 4096) throw new IndexError(`it counts ${dataDirs} data folders`);
  return { serial, dataDirs };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
