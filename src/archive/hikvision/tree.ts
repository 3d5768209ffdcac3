/**
 * A Hikvision storage tree read as the scan reads any folder of segments: a data folder (`datadirN/` on a NAS
 * share or IP-SAN volume, or an SD card's root) holds `index00.bin` / `index01.bin` and the `hivNNNNN.mp4`
 * containers; each used index record is a recording, named `hivNNNNN.mp4@start-end` (range-path.ts). A share
 * is one camera: its channel is named by the folder above its data folders (or the data folder itself, an SD
 * card's root). No open source says how an NVR writing to a NAS marks a record's channel (the readers cited in
 * index-file.ts read a share as one camera's), so a share is judged as one channel.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fsPath } from '../names.ts';
import { chooseIndex, CONTAINER_BYTES, type ParsedIndex } from './index-file.ts';
import { readSqliteIndex } from './sqlite-index.ts';
import { rangeName } from './range-path.ts';
import { placeSegments } from './times.ts';

export const INDEX_FILES = ['index00.bin', 'index01.bin'];
/** newer firmware keeps the index in SQLite (libHikvision get_index_path, getSegmentsSQL) */
export const SQLITE_INDEX = 'record_db_index00';
/** a share's other files: pictures and their index, the device's logs, its info; not recordings */
const OWN_FILES = /^(index\d\dp?\.bin|hiv\d{5}\.(mp4|pic)|info\.bin|logCurFile\.bin|logMainFile\.bin|record_db_index\d\d)$/;

/** Whether a tree's media files are Hikvision containers that sit beside their index: the tree is one to read. */
export function hikvisionTree(root: string, samples: string[][]): boolean {
  const containers = samples.filter((p) => /^hiv\d{5}\.mp4$/.test(p.at(-1)!));
  if (containers.length === 0 || containers.length * 2 < samples.length) return false;
  return containers.some((p) => [...INDEX_FILES, SQLITE_INDEX].some((i) => statSync(fsPath(join(root, ...p.slice(0, -1), i), ''), { throwIfNoEntry: false })?.isFile()));
}

export function isHikvisionFolder(names: string[]): boolean {
  return names.some((n) => INDEX_FILES.includes(n) || n === SQLITE_INDEX) && names.some((n) => /^hiv\d{5}\.mp4$/.test(n));
}

/** A file of a Hikvision share that is not a recording by itself: listed as the layout's, not as a stray. */
export function isShareFile(name: string): boolean {
  return OWN_FILES.test(name);
}

/** The channel a data folder's recordings belong to: the share's folder (above datadirN), else its own. */
export function shareChannel(folderParts: string[], rootName: string): string {
  const last = folderParts.at(-1);
  if (last && /^datadir\d+$/.test(last)) return folderParts.at(-2) ?? rootName;
  return last ?? rootName;
}

/**
 * The device folder a data folder belongs to, when it is below the root: a NAS holding several devices'
 * shares (`NAS/gate_north/datadir0`), each its own recorder. Undefined when the root is the share itself.
 */
export function deviceFolder(folderParts: string[]): string[] | undefined {
  const last = folderParts.at(-1);
  const device = last && /^datadir\d+$/.test(last) ? folderParts.slice(0, -1) : folderParts;
  return device.length > 0 ? device : undefined;
}

/** info.bin's length (libHikvision getNASInfo: "48s 4s B 3I", native alignment) */
const INFO_BYTES = 68;

/**
 * A share's `info.bin` (bkbilly/libHikvision `getNASInfo`): the device's serial number in its first 48 bytes,
 * then its MAC, block size, block count and number of data folders. The serial names the recorder; a share
 * without a readable one is still read, named by its folder, and the audit says why.
 */
export function readShareInfo(dir: string): { serial?: string; problem?: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fsPath(join(dir, 'info.bin'), ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `${dir}/info.bin: ${code === 'ENOENT' ? 'absent' : `cannot be read (${code ?? (e as Error).message})`}; the device's serial number is not known, the share is named by its folder` };
  }
  const end = bytes.subarray(0, 48).indexOf(0);
  const serial = bytes.subarray(0, end < 0 ? 48 : end).toString('latin1');
  if (bytes.length < INFO_BYTES || !/^[\x21-\x7e]{6,48}$/.test(serial)) {
    return { problem: `${dir}/info.bin: not a share's info (${bytes.length} bytes, expected ${INFO_BYTES} beginning with a serial number); the share is named by its folder` };
  }
  return { serial };
}

export interface ShareRecording {
  name: string;
  start: number;
  end: number;
  size: number;
  /** when the device last wrote it: its end */
  mtimeMs: number;
}

/** The recordings a data folder's index names, placed in the device's zone, and what was wrong on the way. */
export function readDataFolder(abs: string, zone: string): { recordings: ShareRecording[]; problems: string[] } {
  const problems: string[] = [];
  const copies = INDEX_FILES.map((name) => {
    try {
      return { name, bytes: readFileSync(fsPath(join(abs, name), '')) as Uint8Array | undefined };
    } catch {
      return { name, bytes: undefined };
    }
  });
  let chosen: { index: ParsedIndex; from: string; warnings: string[] };
  try {
    chosen = copies.some((c) => c.bytes) ? chooseIndex(copies) : { index: readSqliteIndex(join(abs, SQLITE_INDEX)), from: SQLITE_INDEX, warnings: [] };
  } catch (e) {
    return { recordings: [], problems: [`${abs}: ${(e as Error).message}; no recording of it can be read`] };
  }
  for (const w of chosen.warnings) problems.push(`${abs}/${w}`);
  for (const p of chosen.index.problems) problems.push(`${abs}/${chosen.from}: ${p}; not counted as footage`);
  const { placed, impossible } = placeSegments(chosen.index.segments, zone);
  if (impossible > 0) problems.push(`${abs}/${chosen.from}: ${impossible} record(s) with a time no clock shows; not counted as footage`);
  const sizes = new Map<number, number | undefined>();
  const sizeOf = (container: number) => {
    if (!sizes.has(container)) {
      const st = statSync(fsPath(join(abs, containerName(container)), ''), { throwIfNoEntry: false });
      sizes.set(container, st?.isFile() ? st.size : undefined);
    }
    return sizes.get(container);
  };
  const recordings: ShareRecording[] = [];
  const missing = new Set<string>();
  for (const s of placed) {
    const size = sizeOf(s.container);
    // a range past the container's end (a container cut short, or gone) holds no footage
    if (size === undefined || s.endOffset > Math.max(size, 0) || s.endOffset > CONTAINER_BYTES) {
      missing.add(containerName(s.container));
      continue;
    }
    recordings.push({ name: rangeName(containerName(s.container), s.startOffset, s.endOffset), start: s.start, end: s.end, size: s.endOffset - s.startOffset, mtimeMs: s.end });
  }
  if (missing.size > 0) problems.push(`${abs}: ${[...missing].slice(0, 3).join(', ')}${missing.size > 3 ? ` and ${missing.size - 3} more` : ''} missing or shorter than the index says; their recordings are not counted as footage`);
  return { recordings, problems };
}

function containerName(n: number): string {
  return `hiv${String(n).padStart(5, '0')}.mp4`;
}

/**
 * The pictures a data folder's picture index (`index00p.bin`, its copy `index01p.bin`: the video index's
 * layout, libHikvision's asktype 'image') names: how many, and the first and last taken, in `zone`.
 */
export function readPictures(abs: string, zone: string): { count: number; first: number | null; last: number | null } | undefined {
  const copies = ['index00p.bin', 'index01p.bin'].map((name) => {
    try {
      return { name, bytes: readFileSync(fsPath(join(abs, name), '')) as Uint8Array | undefined };
    } catch {
      return { name, bytes: undefined };
    }
  });
  if (!copies.some((c) => c.bytes)) return undefined;
  try {
    const { placed } = placeSegments(chooseIndex(copies).index.segments, zone);
    const starts = placed.map((p) => p.start).sort((a, b) => a - b);
    return { count: placed.length, first: starts[0] ?? null, last: starts.at(-1) ?? null };
  } catch {
    return { count: 0, first: null, last: null };
  }
}
