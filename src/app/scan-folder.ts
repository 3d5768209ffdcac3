/**
 * One listed folder brought into the index, in named steps: whether it needs listing at all (its mtime, what
 * the listing said), what it holds (archive/classify-listing.ts), its files' times settled (a repeated hour
 * placed by mtimes; a Hikvision data folder read through its index), its segments and skipped files written
 * in the scan's batch, and its sub-folders queued (new ones recorded at once, gone ones forgotten).
 */
import { DAY_MS } from '../archive/time.ts';
import { basename, dirname, resolve } from 'node:path';
import { classifyListing, type FoundFile } from '../archive/classify-listing.ts';
import { placeSegment, typicalLength } from '../archive/fold.ts';
import { mustList } from '../archive/folder-state.ts';
import type { FolderListing } from '../archive/folder-list.ts';
import { deviceFolder, isHikvisionFolder, readDataFolder, readPictures, readShareInfo, shareChannel } from '../archive/hikvision/tree.ts';
import { hikvisionShare } from '../archive/layouts/hikvision-share.ts';
import type { Layout } from '../archive/layouts/index.ts';
import { channelKey, channelName, type ParsedSegment } from '../archive/layouts/types.ts';
import { fsPath, shownPath } from '../archive/names.ts';
import type { DirRow, SegmentFile, Store } from '../index/store.ts';
import type { WriteBatch } from '../index/write-batch.ts';
import { readMp4Header } from '../probe/mp4-header.ts';
import type { ScanResult } from '../result/audit-result.ts';
import type { ScanOptions } from './scan.ts';

export type ScanVisit = { rel: string; parentId: number | null; prev?: DirRow; seen?: number };

/** What every folder of one root's scan shares. */
export interface ScanRun {
  store: Store;
  root: string;
  rootId: number;
  layout: Layout;
  opts: ScanOptions;
  result: ScanResult;
  batch: WriteBatch;
  /** the real time the scan began: "touched recently" is against it */
  wallClock: number;
  recentMs: number;
  /** a folder gone from the tree forgotten, with its segments */
  forget(rel: string): void;
  /** a folder queued to be listed */
  push(v: ScanVisit): void;
}

export function visitFolder(run: ScanRun, visit: ScanVisit, listing: FolderListing): void {
  const seen = listedMtime(run, visit, listing);
  if (seen === undefined) return;
  const { rel, prev } = visit;
  run.batch.begin();
  const dirId = prev?.id ?? run.store.insertDir(run.rootId, visit.parentId, rel);
  const abs = join(run.root, rel);
  const listed = classifyListing(listing, rel ? rel.split('/') : [], run.layout, run.opts.zone);
  for (const name of listed.vanished) run.result.problems.push(`${shownPath(join(abs, name))}: vanished during the scan`);
  // a Hikvision data folder: its recordings are the index's records, its files the layout's own
  const share = run.layout.name === hikvisionShare.name && isHikvisionFolder(listing.names);
  const files = share ? shareFiles(run, abs, listed.folder) : placeAll(run, rel, listed.found, listed.skipped);
  const neverListed = !prev || prev.mtime_ms === null;
  // known sub-folders, read before this folder's new mtime is written
  const before = new Map((prev && !neverListed ? run.store.childDirs(prev.id) : []).map((c) => [c.rel, c]));
  writeFolder(run, rel, dirId, { seen, files, skipped: listed.skipped, share, neverListed, wasSealed: prev?.sealed === 1 });
  queueSubdirs(run, rel, dirId, listed.subdirs, before);
  for (const gone of before.keys()) run.forget(gone);
  run.result.dirsListed++;
  run.result.files += files.length;
  if (run.batch.wrote(files.length)) run.opts.onProgress?.({ root: run.root, dirs: run.result.dirsListed + run.result.dirsUnchanged, files: run.result.files });
}

/** The folder's mtime when it must be listed and could be; undefined when it is gone, unchanged or unreadable. */
function listedMtime(run: ScanRun, visit: ScanVisit, listing: FolderListing): number | undefined {
  const seen = visit.seen ?? listing.seen!;
  const r = run.result;
  if (typeof seen === 'string') {
    r.problems.push(seen);
    r.unlisted++;
    return undefined;
  }
  if (seen < 0) {
    if (visit.prev) run.forget(visit.rel);
    return undefined;
  }
  if (visit.prev && !mustList(visit.prev.mtime_ms, visit.prev.sealed, seen, run.wallClock, run.recentMs)) {
    r.dirsUnchanged++;
    return undefined;
  }
  if (listing.error !== undefined) {
    r.problems.push(`${shownPath(join(run.root, visit.rel))}: cannot list (${listing.error})`);
    r.unlisted++;
    return undefined;
  }
  return seen;
}

/** The folder's segments, skipped files and mtime written in the batch; sealed once it is closed. */
function writeFolder(run: ScanRun, rel: string, dirId: number, f: { seen: number; files: SegmentFile[]; skipped: { name: string; reason: string }[]; share: boolean; neverListed: boolean; wasSealed: boolean }): void {
  const { store, opts, result, root } = run;
  // closed once the folder and every file in it have been quiet a while: a segment can grow for an hour
  // or more (Dahua files, a long recordSegmentDuration) without the folder's mtime moving. A Hikvision data
  // folder never closes: its index and containers are written in place, which its mtime does not show.
  const closed = !f.share && run.wallClock - f.seen > run.recentMs && f.files.every((x) => run.wallClock - x.mtimeMs > run.recentMs);
  const sync = store.syncDirSegments(run.rootId, dirId, rel, f.files, opts.now, { neverListed: f.neverListed, wasSealed: f.wasSealed, seal: closed });
  result.added += sync.added;
  result.changed += sync.changed;
  result.removed += sync.removed.length;
  if (sync.removed.length > 0) opts.onRemoved?.(root, sync.removed);
  if (sync.addedFiles.length > 0 && opts.onAdded) opts.onAdded(root, sync.addedFiles.map((x) => ({ channel: x.channel, path: join(rel, x.name), start: x.start })));
  if (!f.neverListed || f.skipped.length > 0) store.replaceSkipped(dirId, f.skipped);
  store.setDirMtime(dirId, f.seen, closed);
}

/** Sub-folders queued: new ones recorded now, known ones only on a watcher's targeted rescan; `before` keeps those gone. */
function queueSubdirs(run: ScanRun, rel: string, dirId: number, subdirs: string[], before: Map<string, DirRow>): void {
  for (const sub of subdirs) {
    const subRel = join(rel, sub);
    let child = before.get(subRel);
    if (child) {
      before.delete(subRel);
      // a known folder was checked on its own (folder-check.ts); a watcher's targeted rescan looks again
      if (!run.opts.only) continue;
    } else {
      // Recorded now, with no mtime, in the same transaction as this folder's own mtime: a scan killed
      // before it reaches them lists them next time instead of trusting this folder and missing them.
      child = { id: run.store.insertDir(run.rootId, dirId, subRel), parent_id: dirId, rel: subRel, mtime_ms: null, sealed: 0 };
      run.result.newDirs++;
    }
    run.push({ rel: subRel, parentId: dirId, prev: child });
  }
}

/**
 * A folder's files with their times settled: names in a repeated hour placed by their mtimes (fold.ts);
 * a file whose path says only its day starts its length before its mtime (the length from its header),
 * and without a readable length it has no start: skipped, and said so.
 */
function placeAll(run: ScanRun, rel: string, found: FoundFile[], skipped: { name: string; reason: string }[]): SegmentFile[] {
  const ambiguous = (p: ParsedSegment) => p.startLater !== undefined || p.endLater !== undefined;
  const anyAmbiguous = found.some((f) => ambiguous(f.parsed));
  const typical = anyAmbiguous ? typicalLength(found.map((f) => ({ start: f.parsed.start, mtime: f.mtimeMs, ambiguous: ambiguous(f.parsed) }))) : undefined;
  const out: SegmentFile[] = [];
  for (const { name, parsed, size, mtimeMs } of found) {
    if (parsed.startFromLength) {
      const length = readMp4Header(fsPath(run.root, join(rel, name)))?.duration_ms ?? undefined;
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
    if (at.guessed) run.result.foldGuesses++;
    out.push({ name, channel: channelKey(parsed), start: at.start, end: at.end, size, mtimeMs });
  }
  return out;
}

/**
 * A Hikvision data folder's recordings, as the index names them, for its share's one channel. A share in a
 * device folder below the root (a NAS holding several devices' shares) is its own recorder, named by its
 * folder and the serial number in its info.bin.
 */
function shareFiles(run: ScanRun, abs: string, folder: string[]): SegmentFile[] {
  const { root, result } = run;
  const { recordings, problems } = readDataFolder(abs, run.opts.zone);
  result.problems.push(...problems.map(shownPath));
  const pictures = readPictures(abs, run.opts.zone);
  if (pictures) (result.pictures ??= []).push({ folder: shownPath(abs), ...pictures });
  const device = deviceFolder(folder);
  // a data folder audited alone (`datadir0/`) has its share's info.bin beside it
  const info = readShareInfo(device ? resolve(root, ...device) : /^datadir\d+$/.test(basename(root)) ? dirname(resolve(root)) : root);
  if (info.problem && !result.problems.includes(shownPath(info.problem))) result.problems.push(shownPath(info.problem));
  const name = channelName(shareChannel(folder, basename(root)));
  const recorder = device && (info.serial ? `${device.at(-1)!} (${info.serial})` : device.at(-1)!);
  const channel = channelKey({ channel: name, ...(recorder === undefined ? {} : { recorder: channelName(recorder) }) });
  // a share whose index cannot be read is still a camera: it fails (no-segments), it does not vanish
  if (recordings.length === 0) run.store.noteChannel(run.rootId, channel, run.opts.now);
  return recordings.map((r) => ({ name: r.name, channel, start: r.start, end: r.end, size: r.size, mtimeMs: r.mtimeMs }));
}

function join(rel: string, name: string): string {
  return rel ? `${rel}/${name}` : name;
}
