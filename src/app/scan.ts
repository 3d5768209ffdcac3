/**
 * A scan brings the index up to date with one archive root. It lists only folders whose mtime changed
 * since the last scan (a folder's mtime changes when entries are added, removed or renamed in it), plus
 * folders touched in the last hour, where a segment may still be growing. The archive is only read.
 *
 * Synchronous fs calls: on a warm cache they are several times faster than awaited async calls (measured:
 * docs/performance.md), and the scan is the only work the process has while it runs.
 */
import { DAY_MS } from '../archive/time.ts';
import { statSync } from 'node:fs';
import { decodeRaw, fsPath, isRawName, pathEncoding, readableName, shownPath, type RawEncoding } from '../archive/names.ts';
import { basename, dirname, resolve } from 'node:path';
import { fileProblem, InputError } from '../errors.ts';
import type { DirRow, RemovedSegment, SegmentFile, Store } from '../index/store.ts';
import { detectLayout, folderParser, layoutByName, parsePath, unreadTree, type Detection, type Layout } from '../archive/layouts/index.ts';
import type { ScanResult } from '../result/audit-result.ts';

export type { ScanResult } from '../result/audit-result.ts';
import { channelKey, channelName, ext, MEDIA_EXTENSIONS, type ParsedSegment } from '../archive/layouts/types.ts';
import { hikvisionShare } from '../archive/layouts/hikvision-share.ts';
import { deviceFolder, hikvisionTree, isHikvisionFolder, isShareFile, readDataFolder, readPictures, readShareInfo, shareChannel } from '../archive/hikvision/tree.ts';
import { placeSegment, typicalLength } from '../archive/fold.ts';
import { UNREAD_REASON, unreadRecorderFile } from '../archive/layouts/unread.ts';
import { readMp4Header } from '../probe/mp4-header.ts';
import { changedFolders } from './folder-check.ts';
import { mustList } from '../archive/folder-state.ts';
import { NameStat } from '../archive/name-stat.ts';
import { FolderLister } from '../archive/folder-lister.ts';
import { DIR, FILE, LINK, readNames, UNREADABLE, VANISHED } from '../archive/folder-list.ts';
import { availableParallelism } from 'node:os';

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

type ScanVisit = { rel: string; parentId: number | null; prev?: DirRow; seen?: number };


/** A folder touched this recently is listed again even if its mtime is unchanged: a segment may be growing. */
const RECENT_MS = 3_600_000;
/** a scan that has listed this many files hands the rest of its folders to listing threads (folder-lister.ts) */
const LIST_THREADS_FROM = 20_000;
const LIST_THREADS = Math.min(2, availableParallelism());
const BATCH_DIRS = 2_000;
const BATCH_FILES = 50_000;

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

/**
 * A folder's files with their times settled: names in a repeated hour placed by their mtimes (fold.ts);
 * a file whose path says only its day starts its length before its mtime (the length from its header),
 * and without a readable length it has no start: skipped, and said so.
 */
function placeAll(found: { name: string; parsed: ParsedSegment; size: number; mtimeMs: number }[], result: ScanResult, root: string, rel: string, skipped: { name: string; reason: string }[]): SegmentFile[] {
  const ambiguous = (p: ParsedSegment) => p.startLater !== undefined || p.endLater !== undefined;
  const anyAmbiguous = found.some((f) => ambiguous(f.parsed));
  const typical = anyAmbiguous ? typicalLength(found.map((f) => ({ start: f.parsed.start, mtime: f.mtimeMs, ambiguous: ambiguous(f.parsed) }))) : undefined;
  const out: SegmentFile[] = [];
  for (const { name, parsed, size, mtimeMs } of found) {
    if (parsed.startFromLength) {
      const length = mp4Length(fsPath(root, join(rel, name)));
      const start = length === undefined ? undefined : mtimeMs - length;
      // the day the path names, give or take a day for events that run past midnight and clock changes
      if (start === undefined || start < parsed.start - DAY_MS || start > parsed.start + 2 * DAY_MS) {
        skipped.push({ name, reason: 'no start time (the path names only the day, and the length does not read)' });
        continue;
      }
      out.push({ name, channel: channelKey(parsed), start, end: mtimeMs, size, mtimeMs });
      continue;
    }
    const at = anyAmbiguous ? placeSegment(parsed, mtimeMs, typical) : { start: parsed.start, end: parsed.end, guessed: false };
    if (at.guessed) result.foldGuesses++;
    out.push({ name, channel: channelKey(parsed), start: at.start, end: at.end, size, mtimeMs });
  }
  return out;
}

/**
 * A Hikvision data folder's recordings, as the index names them, for its share's one channel. A share in a
 * device folder below the root (a NAS holding several devices' shares) is its own recorder, named by its
 * folder and the serial number in its info.bin.
 */
function shareFiles(abs: string, folder: string[], root: string, zone: string, result: ScanResult, unreadable: (channel: string) => void): SegmentFile[] {
  const { recordings, problems } = readDataFolder(abs, zone);
  result.problems.push(...problems.map(shownPath));
  const pictures = readPictures(abs, zone);
  if (pictures) (result.pictures ??= []).push({ folder: shownPath(abs), ...pictures });
  const device = deviceFolder(folder);
  // a data folder audited alone (`datadir0/`) has its share's info.bin beside it
  const info = readShareInfo(device ? resolve(root, ...device) : /^datadir\d+$/.test(basename(root)) ? dirname(resolve(root)) : root);
  if (info.problem && !result.problems.includes(shownPath(info.problem))) result.problems.push(shownPath(info.problem));
  const name = channelName(shareChannel(folder, basename(root)));
  const recorder = device && (info.serial ? `${device.at(-1)!} (${info.serial})` : device.at(-1)!);
  const channel = channelKey({ channel: name, ...(recorder === undefined ? {} : { recorder: channelName(recorder) }) });
  // a share whose index cannot be read is still a camera: it fails (no-segments), it does not vanish
  if (recordings.length === 0) unreadable(channel);
  return recordings.map((r) => ({ name: r.name, channel, start: r.start, end: r.end, size: r.size, mtimeMs: r.mtimeMs }));
}

/** A finished MP4's length in ms from its header, or undefined. */
function mp4Length(path: string | Buffer): number | undefined {
  const row = readMp4Header(path);
  return row?.duration_ms ?? undefined;
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

/**
 * A channel or recorder named from a name that is not UTF-8 carries the encoding its bytes were decoded in
 * (`大门〔GB18030〕`, `Cámara Nº1〔CP1252〕`): a UTF-8 `大门` is another camera, and the decoded text with its
 * encoding stands for the bytes (archive/names.ts decodeRaw).
 */
function markDecoded(parsed: ParsedSegment, raws: string[], prefer: RawEncoding | undefined): void {
  for (const raw of raws) {
    const { text, encoding } = decodeRaw(raw, prefer);
    const mark = `〔${encoding}〕`;
    if (parsed.channel.includes(text) && !parsed.channel.endsWith(mark)) parsed.channel += mark;
    if (parsed.recorder !== undefined && parsed.recorder.includes(text) && !parsed.recorder.endsWith(mark)) parsed.recorder += mark;
  }
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
  const recentMs = RECENT_MS;
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
    const checked = changedFolders(store.db, rootRow.id, root, wallClock, recentMs, { chdir: opts.chdir });
    if (checked.workerError) result.problems.push(`${root}: the second thread of the folder check failed (${checked.workerError}); checked in one`);
    visits = checked.known === 0 ? [{ rel: '', parentId: null }] : checked.changed.map((d) => ({ rel: d.rel, parentId: d.parent_id, prev: d }));
    result.dirsUnchanged = checked.known - checked.changed.length - checked.problems.length;
    result.problems.push(...checked.problems);
    result.unlisted += checked.problems.length;
  }
  const scanId = store.startScan(rootRow.id, opts.now, rootRow.last_complete_ms ?? -1);
  let inTx = false;
  let dirsInTx = 0;
  let filesInTx = 0;
  const begin = () => {
    if (!inTx) {
      store.begin();
      inTx = true;
    }
  };
  const commit = () => {
    if (inTx) {
      store.flushPacks();
      store.commit();
      inTx = false;
      dirsInTx = 0;
      filesInTx = 0;
      opts.onCommitted?.();
    }
  };
  const forget = (rel: string) => {
    begin();
    const { removed } = store.removeSubtree(rootRow.id, rel);
    result.removed += removed.length;
    if (removed.length > 0) opts.onRemoved?.(root, removed);
  };

  const names = new NameStat(opts.chdir);
  const lister = new FolderLister<ScanVisit>(root, {
    stat: (dir, name, many) => names.stat(dir, name, many),
    threadsFrom: opts.listThreadsFrom ?? LIST_THREADS_FROM,
    threads: LIST_THREADS,
    enterRoot: () => names.enter(root),
  });
  for (const v of visits) lister.push({ ...v, seen: v.prev?.seen });
  try {
    for (let item = lister.next(); item; item = lister.next()) {
      const { visit, listing } = item;
      const { rel, parentId, prev } = visit;
      const abs = join(root, rel);
      const seen = visit.seen ?? listing.seen!;
      if (typeof seen === 'string') {
        result.problems.push(seen);
        result.unlisted++;
        continue;
      }
      if (seen < 0) {
        if (prev) forget(rel);
        continue;
      }
      if (prev && !mustList(prev.mtime_ms, prev.sealed, seen, wallClock, recentMs)) {
        result.dirsUnchanged++;
        continue;
      }
      if (listing.error !== undefined) {
        result.problems.push(`${shownPath(abs)}: cannot list (${listing.error})`);
        result.unlisted++;
        continue;
      }
      begin();
      const dirId = prev?.id ?? store.insertDir(rootRow.id, parentId, rel);
      // layouts read names decoded (a GBK folder's text); what they make of a name that is not UTF-8 is
      // marked with its encoding afterwards (markDecoded), so that identities stay apart
      const folderParts = rel ? rel.split('/') : [];
      const rawFolders = folderParts.filter(isRawName);
      // one encoding a path: a Windows-1252 folder's file names are read as Windows-1252 too
      const encoding = pathEncoding(folderParts);
      const readable = (n: string) => readableName(n, encoding);
      const parse = folderParser(layout, folderParts.map(readable), opts.zone);
      const subdirs: string[] = [];
      const found: { name: string; parsed: ParsedSegment; size: number; mtimeMs: number }[] = [];
      const skipped: { name: string; reason: string }[] = [];
      // a Hikvision data folder: its recordings are the index's records, its files the layout's own
      const share = layout.name === hikvisionShare.name && isHikvisionFolder(listing.names);
      for (let i = 0; i < listing.names.length; i++) {
        const name = listing.names[i]!;
        const kind = listing.kinds[i]!;
        if (layout.name === hikvisionShare.name && kind & FILE && isShareFile(name)) continue;
        if (name.startsWith('.')) {
          skipped.push({ name, reason: kind & DIR ? 'hidden folder' : 'hidden file' });
        } else if (kind & DIR) {
          subdirs.push(name);
        } else if (kind & LINK) {
          skipped.push({ name, reason: 'symbolic link (not followed)' });
        } else if (!(kind & FILE)) {
          skipped.push({ name, reason: 'not a regular file' });
        } else if (!MEDIA_EXTENSIONS.has(ext(readable(name)))) {
          const unread = unreadRecorderFile(folderParts.map(readable), readable(name));
          skipped.push({ name, reason: unread ? UNREAD_REASON + unread : 'not a media file' });
        } else {
          const parsed = parse(readable(name));
          if (parsed && (rawFolders.length > 0 || isRawName(name))) markDecoded(parsed, isRawName(name) ? [...rawFolders, name] : rawFolders, encoding);
          if (!parsed) {
            const unread = unreadRecorderFile(folderParts.map(readable), readable(name));
            skipped.push({ name, reason: unread ? UNREAD_REASON + unread : `does not match the ${layout.name} layout` });
            continue;
          }
          if (kind & VANISHED) {
            result.problems.push(`${shownPath(join(abs, name))}: vanished during the scan`);
            continue;
          }
          // a file the audit cannot read is no footage it can vouch for
          if (kind & UNREADABLE) {
            skipped.push({ name, reason: 'cannot be read (permission denied)' });
            continue;
          }
          found.push({ name, parsed, size: listing.size[i]!, mtimeMs: listing.mtime[i]! });
        }
      }
      const files = share ? shareFiles(abs, folderParts.map(readable), root, opts.zone, result, (channel) => store.noteChannel(rootRow.id, channel, opts.now)) : placeAll(found, result, root, rel, skipped);
      // closed once the folder and every file in it have been quiet a while: a segment can grow for an hour
      // or more (Dahua files, a long recordSegmentDuration) without the folder's mtime moving. A Hikvision data
      // folder never closes: its index and containers are written in place, which its mtime does not show.
      const closed = !share && wallClock - seen > recentMs && files.every((f) => wallClock - f.mtimeMs > recentMs);
      const neverListed = !prev || prev.mtime_ms === null;
      const sync = store.syncDirSegments(rootRow.id, dirId, rel, files, opts.now, { neverListed, wasSealed: prev?.sealed === 1, seal: closed });
      result.added += sync.added;
      result.changed += sync.changed;
      result.removed += sync.removed.length;
      if (sync.removed.length > 0) opts.onRemoved?.(root, sync.removed);
      if (sync.addedFiles.length > 0 && opts.onAdded) opts.onAdded(root, sync.addedFiles.map((f) => ({ channel: f.channel, path: join(rel, f.name), start: f.start })));
      if (!neverListed || skipped.length > 0) store.replaceSkipped(dirId, skipped);
      const before = new Map((prev && !neverListed ? store.childDirs(prev.id) : []).map((c) => [c.rel, c]));
      store.setDirMtime(dirId, seen, closed);
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
          result.newDirs++;
        }
        lister.push({ rel: subRel, parentId: dirId, prev: child });
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
    if (result.foldGuesses > 0) {
      result.problems.push(`${root}: ${result.foldGuesses} segment(s) named in an hour the clock repeated (turned back) could not be placed by their file times; read as the first pass`);
    }
    begin();
    store.setRootScanned(rootRow.id, opts.now, clock());
    store.finishScan(scanId, {
      finished_ms: clock(),
      dirs_listed: result.dirsListed,
      dirs_unchanged: result.dirsUnchanged,
      files_added: result.added,
      files_removed: result.removed,
      files_changed: result.changed,
    });
    commit();
  } catch (e) {
    store.discardQueued();
    store.rollback();
    throw e;
  } finally {
    names.leave();
    lister.close();
  }
  result.listedByThreads = lister.listedByWorkers;
  if (lister.failure) result.problems.push(`${root}: ${lister.failure}; the rest was listed in one thread`);
  return result;
}
