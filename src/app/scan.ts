/**
 * A scan brings the index up to date with one archive root. It lists only folders whose mtime changed
 * since the last scan (a folder's mtime changes when entries are added, removed or renamed in it), plus
 * folders touched in the last hour, where a segment may still be growing. The archive is only read.
 *
 * Synchronous fs calls: on a warm cache they are several times faster than awaited async calls (measured:
 * docs/performance.md), and the scan is the only work the process has while it runs.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { FolderLister } from '../archive/folder-lister.ts';
import { fsPath, pathEncoding, readableName } from '../archive/names.ts';
import { readNames } from '../archive/folder-list.ts';
import { hikvisionTree } from '../archive/hikvision/tree.ts';
import { hikvisionShare } from '../archive/layouts/hikvision-share.ts';
import { detectLayout, layoutByName, unreadTree, type Detection, type Layout } from '../archive/layouts/index.ts';
import { ext, MEDIA_EXTENSIONS } from '../archive/layouts/types.ts';
import { NameStat } from '../archive/name-stat.ts';
import { fileProblem, InputError } from '../errors.ts';
import type { RemovedSegment, Store } from '../index/store.ts';
import { WriteBatch } from '../index/write-batch.ts';
import type { ScanResult } from '../result/audit-result.ts';
import { changedFolders } from './folder-check.ts';
import { visitFolder, type ScanRun, type ScanVisit } from './scan-folder.ts';

export type { ScanResult } from '../result/audit-result.ts';

export interface ScanOptions {
  /** undefined = auto (the layout remembered for this root, else detected) */
  layout?: Layout;
  zone: string;
  now: number;
  /** the real clock, for "touched recently" (the audit's `now` may be a past date being re-audited) */
  clock?: () => number;
  /** changes the process's working directory: files are then stat'ed by name (archive/name-stat.ts) */
  chdir?: (dir: string) => void;
  onProgress?: (p: { root: string; dirs: number; files: number }) => void;
  onRemoved?: (root: string, removed: RemovedSegment[]) => void;
  onAdded?: (root: string, added: { channel: string; path: string; start: number }[]) => void;
  /**
   * After each write batch is committed: what onAdded and onRemoved said since the last commit is in the
   * index now (a batch that fails is rolled back, and its files are news again at the next scan).
   */
  onCommitted?: () => void;
  /**
   * Rescan only these folders (relative to the root) and whatever is new under them, instead of the whole
   * tree: what a watcher does when a folder it follows changes.
   */
  only?: string[];
  /** files listed before worker threads take over the listing (folder-lister.ts); tests lower it */
  listThreadsFrom?: number;
}



/** A folder touched this recently is listed again even if its mtime is unchanged: a segment may be growing. */
const RECENT_MS = 3_600_000;
/** a scan that has listed this many files hands the rest of its folders to listing threads (folder-lister.ts) */
const LIST_THREADS_FROM = 20_000;
const LIST_THREADS = Math.min(2, availableParallelism());

export function rootPath(dir: string): string {
  const abs = resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    throw fileProblem(dir, e, { kind: 'folder', expected: 'an archive folder' });
  }
  if (!st.isDirectory()) throw new InputError(`${dir}: not a folder; expected an archive folder`);
  return abs;
}




function join(rel: string, name: string): string {
  return rel ? `${rel}/${name}` : name;
}

/** Up to `max` media file paths (split in parts) from a depth-first walk, for layout detection. */
export function samplePaths(root: string, max = 64, maxDirs = 2000): string[][] {
  const out: string[][] = [];
  const stack: string[] = [''];
  let dirs = 0;
  while (stack.length > 0 && out.length < max && dirs < maxDirs) {
    const rel = stack.pop()!;
    dirs++;
    let entries: ReturnType<typeof readNames>;
    try {
      entries = readNames(fsPath(root, rel));
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) stack.push(join(rel, e.name));
      else if (e.isFile() && out.length < max) {
        const parts = join(rel, e.name).split('/');
        const encoding = pathEncoding(parts.slice(0, -1));
        if (MEDIA_EXTENSIONS.has(ext(readableName(e.name, encoding)))) out.push(parts.map((p) => readableName(p, encoding)));
      }
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
  // Hikvision's own storage names no time in its paths: its index beside the containers says it is one
  if (hikvisionTree(root, samples)) {
    store.setRootLayout(rootId, hikvisionShare.name);
    const matched = samples.filter((p) => /^hiv\d{5}\.mp4$/.test(p.at(-1)!)).length;
    return { layout: hikvisionShare, detected: { layout: hikvisionShare, matched, sampled: samples.length } };
  }
  let detected: Detection | undefined;
  try {
    detected = detectLayout(samples, zone);
  } catch (e) {
    throw new InputError(`${root}: ${(e as Error).message}`, { cause: e });
  }
  if (!detected) {
    const unread = unreadTree(samples);
    if (unread) throw new InputError(`${root}: ${unread}`);
    throw new InputError(`${root}: no file matches a known layout (looked at ${samples.length}, e.g. ${samples[0]!.join('/')}); name one with --layout (a template, or for MediaMTX with its own recordPath --layout 'mediamtx:<recordPath>')`);
  }
  store.setRootLayout(rootId, detected.layout.name);
  return { layout: detected.layout, detected };
}

export function scanRoot(store: Store, dir: string, opts: ScanOptions): ScanResult {
  const root = rootPath(dir);
  const rootRow = store.ensureRoot(root, opts.now);
  const { layout, detected } = chooseLayout(store, root, rootRow.id, rootRow.layout, opts.layout, opts.zone);
  const result: ScanResult = { root, rootId: rootRow.id, layout, detected, dirsListed: 0, dirsUnchanged: 0, files: 0, added: 0, removed: 0, changed: 0, problems: [], unlisted: 0, foldGuesses: 0, newDirs: 0, listedByThreads: 0 };
  if (!layout) return result;
  const clock = opts.clock ?? Date.now;
  const wallClock = clock();
  const visits = firstVisits(store, root, rootRow.id, wallClock, opts, result);
  const scanId = store.startScan(rootRow.id, opts.now, rootRow.last_complete_ms ?? -1);
  const batch = new WriteBatch(store, opts.onCommitted);
  const names = new NameStat(opts.chdir);
  const lister = new FolderLister<ScanVisit>(root, {
    stat: (d, name, many) => names.stat(d, name, many),
    threadsFrom: opts.listThreadsFrom ?? LIST_THREADS_FROM,
    threads: LIST_THREADS,
    enterRoot: () => names.enter(root),
  });
  const run: ScanRun = {
    store, root, rootId: rootRow.id, layout, opts, result, batch, wallClock, recentMs: RECENT_MS,
    forget: (rel) => {
      batch.begin();
      const { removed } = store.removeSubtree(rootRow.id, rel);
      result.removed += removed.length;
      if (removed.length > 0) opts.onRemoved?.(root, removed);
    },
    push: (v) => lister.push(v),
  };
  for (const v of visits) lister.push({ ...v, seen: v.prev?.seen });
  try {
    for (let item = lister.next(); item; item = lister.next()) visitFolder(run, item.visit, item.listing);
    finishScan(run, scanId, clock);
  } catch (e) {
    batch.abort();
    throw e;
  } finally {
    names.leave();
    lister.close();
  }
  result.listedByThreads = lister.listedByWorkers;
  if (lister.failure) result.problems.push(`${root}: ${lister.failure}; the rest was listed in one thread`);
  return result;
}

/**
 * The folders to start from. A first scan walks the whole tree. A rescan checks every known folder's mtime
 * first (folder-check.ts) and lists only what changed, plus whatever is new under it; a folder's own check
 * covers its known children, so a rescan never walks down into a folder that did not change. A watcher's
 * targeted rescan starts from the folders it names.
 */
function firstVisits(store: Store, root: string, rootId: number, wallClock: number, opts: ScanOptions, result: ScanResult): ScanVisit[] {
  if (opts.only) {
    return opts.only.flatMap((rel) => {
      const prev = store.dirByRel(rootId, rel);
      return prev ? [{ rel, parentId: prev.parent_id, prev }] : [];
    });
  }
  const checked = changedFolders(store.db, rootId, root, wallClock, RECENT_MS, { chdir: opts.chdir });
  if (checked.workerError) result.problems.push(`${root}: the second thread of the folder check failed (${checked.workerError}); checked in one`);
  result.dirsUnchanged = checked.known - checked.changed.length - checked.problems.length;
  result.problems.push(...checked.problems);
  result.unlisted += checked.problems.length;
  return checked.known === 0 ? [{ rel: '', parentId: null }] : checked.changed.map((d) => ({ rel: d.rel, parentId: d.parent_id, prev: d }));
}

/** The scan's last batch: what it did, the root's scan time, committed with everything before it. */
function finishScan(run: ScanRun, scanId: number, clock: () => number): void {
  const { result, store } = run;
  if (result.foldGuesses > 0) {
    result.problems.push(`${run.root}: ${result.foldGuesses} segment(s) named in an hour the clock repeated (turned back) could not be placed by their file times; read as the first pass`);
  }
  run.batch.begin();
  store.setRootScanned(run.rootId, run.opts.now, clock());
  store.finishScan(scanId, {
    finished_ms: clock(),
    dirs_listed: result.dirsListed,
    dirs_unchanged: result.dirsUnchanged,
    files_added: result.added,
    files_removed: result.removed,
    files_changed: result.changed,
  });
  run.batch.commit();
}
