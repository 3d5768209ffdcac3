/**
 * Listing one folder of an archive for a scan: its mtime (when the caller does not have it), its entries,
 * and a stat of each file that may be a segment (a regular, visible file with a media extension). The same
 * function runs in the scan's thread (stat by name, name-stat.ts) and in the listing workers (stat by
 * absolute path: a worker cannot change directory), so both read a folder alike. The answer is columns of
 * plain arrays: cheap to send between threads, and no object a file.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { ext, MEDIA_EXTENSIONS } from './layouts/types.ts';
import { fsPath, nameFromBytes, readableName } from './names.ts';
import { folderMtime } from './folder-state.ts';

/** Entry kinds and what the stat said, as bits */
export const DIR = 1;
export const FILE = 2;
export const LINK = 4;
/** a file that may be a segment, stat'ed: size and mtime hold */
export const STATED = 8;
/** listed, then gone before its stat */
export const VANISHED = 16;
/** this process may not read it (from its mode, owner and group) */
export const UNREADABLE = 32;

export interface FolderListing {
  rel: string;
  /** the folder's mtime (lstat before the listing), -1 when it is gone, a line to report when unreadable */
  seen?: number | string;
  /** why the folder could not be listed (an errno code) */
  error?: string;
  names: string[];
  kinds: number[];
  size: number[];
  mtime: number[];
}

export type FileStat = { size: number; mtimeMs: number; mode: number; uid: number; gid: number };
/** stat of `dir/name`; `many`: the folder holds enough files to pay for changing into it (name-stat.ts) */
export type StatFn = (dir: string, name: string, many: boolean) => FileStat | undefined;

const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
const gids = new Set(typeof process.getgroups === 'function' ? process.getgroups() : []);

/** Whether this process may read a file, from the stat the scan has anyway (no extra call a file). */
function readable(st: FileStat): boolean {
  if (uid === 0) return true;
  if (st.uid === uid) return (st.mode & 0o400) !== 0;
  if (gids.has(st.gid)) return (st.mode & 0o040) !== 0;
  return (st.mode & 0o004) !== 0;
}

/** stat by absolute path (names stored as bytes go by their bytes) */
export const statByPath: StatFn = (dir, name) => statSync(dir.includes('\uffff') || name.includes('\uffff') ? fsPath(dir, name) : `${dir}/${name}`, { throwIfNoEntry: false });

/**
 * A folder's entries with their names as the index keeps them (names.ts). Read as text first: a name that is
 * not UTF-8 comes back with U+FFFD in it, and only then is the folder read again as bytes (a name a
 * recorder wrote in GBK), so the usual folder costs no Buffer a name.
 */
export function readNames(path: string | Buffer): { name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }[] {
  if (typeof path === 'string') {
    const text = readdirSync(path, { withFileTypes: true });
    if (!text.some((e) => e.name.includes('\ufffd'))) return text;
  }
  return readdirSync(path, { withFileTypes: true, encoding: 'buffer' }).map((e) => {
    const name = nameFromBytes(e.name);
    return { name, isDirectory: () => e.isDirectory(), isFile: () => e.isFile(), isSymbolicLink: () => e.isSymbolicLink() };
  });
}

/**
 * Lists `root/rel`. `needSeen`: lstat the folder first (its mtime before the listing, so that a file added
 * meanwhile moves the mtime past what the index keeps, and the next scan lists it again).
 */
export function listFolder(root: string, rel: string, needSeen: boolean, stat: StatFn): FolderListing {
  const out: FolderListing = { rel, names: [], kinds: [], size: [], mtime: [] };
  if (needSeen) {
    out.seen = folderMtime(() => lstatSync(fsPath(root, rel), { throwIfNoEntry: false }), root, rel);
    if (typeof out.seen === 'string' || out.seen < 0) return out;
  }
  let entries: { name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }[];
  try {
    entries = readNames(fsPath(root, rel));
  } catch (e) {
    out.error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return out;
  }
  const abs = rel ? `${root}/${rel}` : root;
  const many = entries.length >= 8;
  for (const e of entries) {
    const name = e.name;
    let kind = (e.isDirectory() ? DIR : 0) | (e.isFile() ? FILE : 0) | (e.isSymbolicLink() ? LINK : 0);
    let size = 0;
    let mtime = 0;
    if (kind === FILE && !name.startsWith('.') && MEDIA_EXTENSIONS.has(ext(readableName(name)))) {
      const st = stat(abs, name, many);
      if (!st) kind |= VANISHED;
      else {
        kind |= STATED | (readable(st) ? 0 : UNREADABLE);
        size = st.size;
        mtime = st.mtimeMs;
      }
    }
    out.names.push(name);
    out.kinds.push(kind);
    out.size.push(size);
    out.mtime.push(mtime);
  }
  return out;
}
