/**
 * A scan brings the index up to date with one archive root. It lists only folders whose mtime changed
 * since the last scan (a folder's mtime changes when entries are added, removed or renamed in it), plus
 * folders touched in the last hour, where a segment may still be growing. The archive is only read.
 *
 * Synchronous fs calls: on a warm cache they are several times faster than awaited async calls (design.md's
 * measurements), and the scan is the only work the process has while it runs.
 */
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { DirRow, RemovedSegment, SegmentFile, Store } from '../index/store.ts';
import { detectLayout, layoutByName, parsePath, type Detection, type Layout } from '../archive/layouts/index.ts';
import { ext, MEDIA_EXTENSIONS } from '../archive/layouts/types.ts';
import { changedFolders } from './changed-folders.ts';
import { folderMtime, mustList } from './folder-state.ts';
import { NameStat } from './name-stat.ts';

export interface ScanOptions {
  /** undefined = auto (the layout remembered for this root, else detected) */
  layout?: Layout;
  zone: string;
  now: number;
  /** the real clock, for "touched recently" (the audit's `now` may be a past date being re-audited) */
  wallClock?: number;
  /** folders touched this recently are listed again even when their mtime is unchanged */
  recentMs?: number;
  onProgress?: (p: { root: string; dirs: number; files: number }) => void;
  onRemoved?: (root: string, removed: RemovedSegment[]) => void;
  onAdded?: (root: string, added: { channel: string; path: string; start: number }[]) => void;
  /**
   * Rescan only these folders (relative to the root) and whatever is new under them, instead of the whole
   * tree: what a watcher does when a folder it follows changes.
   */
  only?: string[];
}

export interface ScanResult {
  root: string;
  rootId: number;
  layout?: Layout;
  detected?: Detection;
  dirsListed: number;
  dirsUnchanged: number;
  files: number;
  added: number;
  removed: number;
  changed: number;
  /** unreadable folders and files that vanished mid-scan: reported, never fatal */
  problems: string[];
}

/** A folder touched this recently is listed again even if its mtime is unchanged: a segment may be growing. */
const RECENT_MS = 3_600_000;
const BATCH_DIRS = 2_000;
const BATCH_FILES = 50_000;

export function rootPath(dir: string): string {
  const abs = resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${dir}: ${code === 'ENOENT' ? 'no such folder' : `cannot read (${code})`}; expected an archive folder`);
  }
  if (!st.isDirectory()) throw new InputError(`${dir}: not a folder; expected an archive folder`);
  return abs;
}

function join(rel: string, name: string): string {
  return rel ? `${rel}/${name}` : name;
}

function list(abs: string): Dirent[] {
  return readdirSync(abs, { withFileTypes: true });
}

/** Up to `max` media file paths (split in parts) from a depth-first walk, for layout detection. */
export function samplePaths(root: string, max = 64, maxDirs = 2000): string[][] {
  const out: string[][] = [];
  const stack: string[] = [''];
  let dirs = 0;
  while (stack.length > 0 && out.length < max && dirs < maxDirs) {
    const rel = stack.pop()!;
    dirs++;
    let entries: Dirent[];
    try {
      entries = list(join(root, rel));
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) stack.push(join(rel, e.name));
      else if (e.isFile() && MEDIA_EXTENSIONS.has(ext(e.name)) && out.length < max) out.push(join(rel, e.name).split('/'));
    }
  }
  return out;
}

function chooseLayout(store: Store, root: string, rootId: number, stored: string | null, given: Layout | undefined, zone: string): { layout?: Layout; detected?: Detection } {
  if (given) {
    if (stored !== null && stored !== given.name) {
      // Another layout reads the same files as other channels and times: start this root afresh.
      store.db.transaction(() => store.removeSubtree(rootId, ''))();
    }
    if (stored !== given.name) store.setRootLayout(rootId, given.name);
    return { layout: given };
  }
  if (stored !== null) return { layout: layoutByName(stored) };
  const samples = samplePaths(root);
  if (samples.length === 0) return {};
  const detected = detectLayout(samples, zone);
  if (!detected) {
    throw new InputError(`${root}: no file matches a known layout (looked at ${samples.length}, e.g. ${samples[0]!.join('/')}); name one with --layout`);
  }
  store.setRootLayout(rootId, detected.layout.name);
  return { layout: detected.layout, detected };
}

export function scanRoot(store: Store, dir: string, opts: ScanOptions): ScanResult {
  const root = rootPath(dir);
  const rootRow = store.root(root, opts.now);
  const { layout, detected } = chooseLayout(store, root, rootRow.id, rootRow.layout, opts.layout, opts.zone);
  const result: ScanResult = { root, rootId: rootRow.id, layout, detected, dirsListed: 0, dirsUnchanged: 0, files: 0, added: 0, removed: 0, changed: 0, problems: [] };
  if (!layout) return result;

  const wallClock = opts.wallClock ?? Date.now();
  const recentMs = opts.recentMs ?? RECENT_MS;
  // A first scan walks the whole tree. A rescan checks every known folder's mtime first (changed-folders.ts)
  // and lists only what changed, plus whatever is new under it; a folder's own check covers its known
  // children, so a rescan never walks down into a folder that did not change.
  let visits: { rel: string; parentId: number | null; prev?: DirRow }[];
  if (opts.only) {
    visits = opts.only.flatMap((rel) => {
      const prev = store.dirByRel(rootRow.id, rel);
      return prev ? [{ rel, parentId: prev.parent_id, prev }] : [];
    });
  } else {
    const checked = changedFolders(store.db, rootRow.id, root, wallClock, recentMs);
    visits = checked.known === 0 ? [{ rel: '', parentId: null }] : checked.changed.map((d) => ({ rel: d.rel, parentId: d.parent_id, prev: d }));
    result.dirsUnchanged = checked.known - checked.changed.length - checked.problems.length;
    result.problems.push(...checked.problems);
  }
  const db = store.db;
  const scanId = store.startScan(rootRow.id, opts.now);
  let inTx = false;
  let dirsInTx = 0;
  let filesInTx = 0;
  const begin = () => {
    if (!inTx) {
      db.exec('BEGIN IMMEDIATE');
      inTx = true;
    }
  };
  const commit = () => {
    if (inTx) {
      store.flushPacks();
      db.exec('COMMIT');
      inTx = false;
      dirsInTx = 0;
      filesInTx = 0;
    }
  };
  const forget = (rel: string) => {
    begin();
    const { removed } = store.removeSubtree(rootRow.id, rel);
    result.removed += removed.length;
    if (removed.length > 0) opts.onRemoved?.(root, removed);
  };

  const names = new NameStat();
  try {
    const stack = visits;
    while (stack.length > 0) {
      const { rel, parentId, prev } = stack.pop()!;
      const abs = join(root, rel);
      const seen = prev?.seen ?? folderMtime(() => lstatSync(abs, { throwIfNoEntry: false }), root, rel);
      if (typeof seen === 'string') {
        result.problems.push(seen);
        continue;
      }
      if (seen < 0) {
        if (prev) forget(rel);
        continue;
      }
      const old = wallClock - seen > recentMs;
      if (prev && !mustList(prev.mtime_ms, prev.sealed, seen, wallClock, recentMs)) {
        result.dirsUnchanged++;
        continue;
      }
      let entries: Dirent[];
      try {
        entries = list(abs);
      } catch (e) {
        result.problems.push(`${abs}: cannot list (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        continue;
      }
      begin();
      const dirId = prev?.id ?? store.insertDir(rootRow.id, parentId, rel);
      const relParts = rel ? rel.split('/') : [];
      const subdirs: string[] = [];
      const files: SegmentFile[] = [];
      const skipped: { name: string; reason: string }[] = [];
      for (const e of entries) {
        const name = e.name;
        if (name.startsWith('.')) {
          skipped.push({ name, reason: e.isDirectory() ? 'hidden folder' : 'hidden file' });
        } else if (e.isDirectory()) {
          subdirs.push(name);
        } else if (e.isSymbolicLink()) {
          skipped.push({ name, reason: 'symbolic link (not followed)' });
        } else if (!e.isFile()) {
          skipped.push({ name, reason: 'not a regular file' });
        } else if (!MEDIA_EXTENSIONS.has(ext(name))) {
          skipped.push({ name, reason: 'not a media file' });
        } else {
          const parsed = parsePath(layout, [...relParts, name], opts.zone);
          if (!parsed) {
            skipped.push({ name, reason: `does not match the ${layout.name} layout` });
            continue;
          }
          const fst = names.stat(abs, name, entries.length >= 8);
          if (!fst) {
            result.problems.push(`${join(abs, name)}: vanished during the scan`);
            continue;
          }
          files.push({ name, channel: parsed.channel, start: parsed.start, end: parsed.end, size: fst.size, mtimeMs: fst.mtimeMs });
        }
      }
      const neverListed = !prev || prev.mtime_ms === null;
      const sync = store.syncDirSegments(rootRow.id, dirId, rel, files, opts.now, { neverListed, wasSealed: prev?.sealed === 1, seal: old });
      result.added += sync.added;
      result.changed += sync.changed;
      result.removed += sync.removed.length;
      if (sync.removed.length > 0) opts.onRemoved?.(root, sync.removed);
      if (sync.addedFiles.length > 0 && opts.onAdded) opts.onAdded(root, sync.addedFiles.map((f) => ({ channel: f.channel, path: join(rel, f.name), start: f.start })));
      if (!neverListed || skipped.length > 0) store.replaceSkipped(dirId, skipped);
      const before = new Map((prev && !neverListed ? store.childDirs(prev.id) : []).map((c) => [c.rel, c]));
      store.setDirMtime(dirId, seen, old);
      for (const sub of subdirs) {
        const subRel = join(rel, sub);
        let child = before.get(subRel);
        if (child) {
          before.delete(subRel);
          // a known folder was checked on its own (changed-folders.ts); a watcher's targeted rescan looks again
          if (!opts.only) continue;
        } else {
          // Recorded now, with no mtime, in the same transaction as this folder's own mtime: a scan killed
          // before it reaches them lists them next time instead of trusting this folder and missing them.
          child = { id: store.insertDir(rootRow.id, dirId, subRel), parent_id: dirId, rel: subRel, mtime_ms: null, sealed: 0 };
        }
        stack.push({ rel: subRel, parentId: dirId, prev: child });
      }
      for (const gone of before.keys()) forget(gone);
      result.dirsListed++;
      result.files += files.length;
      dirsInTx++;
      filesInTx += files.length;
      if (dirsInTx >= BATCH_DIRS || filesInTx >= BATCH_FILES) {
        commit();
        opts.onProgress?.({ root, dirs: result.dirsListed + result.dirsUnchanged, files: result.files });
      }
    }
    begin();
    store.setRootScanned(rootRow.id, opts.now);
    store.finishScan(scanId, {
      finished_ms: Date.now(),
      dirs_listed: result.dirsListed,
      dirs_unchanged: result.dirsUnchanged,
      files_added: result.added,
      files_removed: result.removed,
      files_changed: result.changed,
    });
    commit();
  } catch (e) {
    store.discardPending();
    if (inTx) db.exec('ROLLBACK');
    throw e;
  } finally {
    names.leave();
  }
  return result;
}
