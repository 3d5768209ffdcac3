/** The index's reads and writes, as prepared statements. Callers group writes in transactions. */
import type { ProbeRow } from '../probe/result.ts';
import type { DB } from './open.ts';

export type { ProbeRow };
import { dayOf, extendPack, MemberList, PackReader, withoutFolder, type EncodedPack, type PackMember } from './pack.ts';

export interface DirRow {
  id: number;
  parent_id: number | null;
  rel: string;
  mtime_ms: number | null;
  /** listed when it had been unchanged for a while: its segments are packed and final until its mtime changes */
  sealed?: number;
  /** the folder's mtime read by a scan before its walk (-1: gone) */
  seen?: number;
}

export interface SegmentFile {
  name: string;
  channel: string;
  start: number;
  end?: number;
  size: number;
  mtimeMs: number;
}

export interface SegmentRow extends Partial<ProbeRow> {
  id: number;
  dir_id: number;
  name: string;
  channel_id: number;
  start_ms: number;
  end_ms: number | null;
  size: number;
  mtime_ms: number;
}

const PROBE_COLUMNS = ['probe_status', 'probe_detail', 'duration_ms', 'codec', 'width', 'height', 'fps', 'bit_rate', 'creation_ms', 'decoded', 'checked_ms'] as const;

type KeptProbe = ProbeRow & { size: number; mtime_ms: number };

export interface RemovedSegment {
  channel: string;
  path: string;
  start: number;
}

export class Store {
  private readonly stmts;
  private readonly channelIds = new Map<string, number>();
  /** "root:channel" pairs known to have a sighting row */
  private readonly sighted = new Set<string>();
  /**
   * For sightings during the scan under way: the root's last completed scan before it (real time), or -1 when
   * it has none: a channel first held then was installed after it; one held before any completed scan was
   * there all along as far as the index can tell.
   */
  private seenAfter = -1;
  /** members on their way into packs, by "channel:root:day": written together by flushPacks() */
  private queuedPacks = new Map<string, { rootId: number; channelId: number; day: number; members: MemberList }>();

  constructor(readonly db: DB) {
    const p = (sql: string) => db.prepare(sql);
    this.stmts = {
      rootByPath: p('SELECT id, layout, last_complete_ms FROM roots WHERE path = ?'),
      insertRoot: p('INSERT INTO roots (path, first_scan_ms) VALUES (?, ?)'),
      setRootLayout: p('UPDATE roots SET layout = ? WHERE id = ?'),
      // the first completed scan is what tells a channel installed later from one that was always there
      setRootScanned: p('UPDATE roots SET last_scan_ms = @ms, first_complete_ms = COALESCE(first_complete_ms, @wall), last_complete_ms = @wall WHERE id = @id'),
      insertSighting: p('INSERT OR IGNORE INTO sightings (root_id, channel_id, first_seen_ms) VALUES (?, ?, ?)'),
      dirsOfRoot: p('SELECT id, rel FROM dirs WHERE root_id = ?'),
      dirByRel: p('SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs WHERE root_id = ? AND rel = ?'),
      childDirs: p('SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs WHERE parent_id = ?'),
      newestDirs: p('SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs WHERE root_id = ? AND mtime_ms IS NOT NULL ORDER BY mtime_ms DESC LIMIT ?'),
      recentDirs: p('SELECT id, parent_id, rel, mtime_ms, sealed FROM dirs WHERE root_id = ? AND mtime_ms >= ? ORDER BY mtime_ms DESC LIMIT ?'),
      insertDir: p('INSERT INTO dirs (root_id, parent_id, rel, mtime_ms) VALUES (?, ?, ?, NULL)'),
      setDirMtime: p('UPDATE dirs SET mtime_ms = ?, sealed = ? WHERE id = ?'),
      segmentsOfDir: p('SELECT id, name, size, mtime_ms FROM segments WHERE dir_id = ? AND packed = 0'),
      rowsOfDirFull: p(`SELECT s.name, s.start_ms, s.size, s.mtime_ms, c.name AS channel, ${PROBE_COLUMNS.map((c) => `s.${c}`).join(', ')} FROM segments s JOIN channels c ON c.id = s.channel_id WHERE s.dir_id = ?`),
      packByKey: p('SELECT id, names, members FROM packs WHERE channel_id = ? AND root_id = ? AND day = ?'),
      insertPack: p('INSERT INTO packs (root_id, channel_id, day, first_start, last_start, count, bytes, names, members, min_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      updatePack: p('UPDATE packs SET first_start = ?, last_start = ?, count = ?, bytes = ?, names = ?, members = ?, min_size = ? WHERE id = ?'),
      deletePack: p('DELETE FROM packs WHERE id = ?'),
      dirPacks: p('SELECT packs FROM dirs WHERE id = ?'),
      setDirPacks: p('UPDATE dirs SET packs = ? WHERE id = ?'),
      channelName: p('SELECT name FROM channels WHERE id = ?'),
      insertSegmentFull: p(
        `INSERT INTO segments (dir_id, root_id, name, channel_id, start_ms, end_ms, size, mtime_ms, packed, ${PROBE_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${PROBE_COLUMNS.map(() => '?').join(', ')})`,
      ),
      insertSegment: p('INSERT INTO segments (dir_id, root_id, name, channel_id, start_ms, end_ms, size, mtime_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      updateSegment: p(
        'UPDATE segments SET channel_id = ?, start_ms = ?, end_ms = ?, size = ?, mtime_ms = ?, probe_status = NULL, probe_detail = NULL, duration_ms = NULL, codec = NULL, width = NULL, height = NULL, fps = NULL, bit_rate = NULL, creation_ms = NULL, decoded = NULL, checked_ms = NULL WHERE id = ?',
      ),
      deleteSegment: p('DELETE FROM segments WHERE id = ?'),
      segmentForRemoval: p('SELECT s.name, s.start_ms, c.name AS channel FROM segments s JOIN channels c ON c.id = s.channel_id WHERE s.id = ?'),
      deleteSkippedOfDir: p('DELETE FROM skipped WHERE dir_id = ?'),
      insertSkipped: p('INSERT OR REPLACE INTO skipped (dir_id, name, reason) VALUES (?, ?, ?)'),
      subtreeDirs: p("SELECT id, rel FROM dirs WHERE root_id = ? AND (rel = ? OR (rel >= ? || '/' AND rel < ? || '0'))"),
      segmentsOfDirFull: p('SELECT s.name, s.start_ms, c.name AS channel FROM segments s JOIN channels c ON c.id = s.channel_id WHERE s.dir_id = ? AND s.packed = 0'),
      deleteSegmentsOfDir: p('DELETE FROM segments WHERE dir_id = ?'),
      deleteDir: p('DELETE FROM dirs WHERE id = ?'),
      channelByName: p('SELECT id FROM channels WHERE name = ?'),
      insertChannel: p('INSERT INTO channels (name, first_seen_ms) VALUES (?, ?)'),
      insertScan: p('INSERT INTO scans (root_id, started_ms) VALUES (?, ?)'),
      finishScan: p(
        'UPDATE scans SET finished_ms = @finished_ms, dirs_listed = @dirs_listed, dirs_unchanged = @dirs_unchanged, files_added = @files_added, files_removed = @files_removed, files_changed = @files_changed WHERE id = @id',
      ),
    };
  }

  /** Starts a write transaction: a scan writes a batch of folders at a time, all or nothing. */
  begin(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  commit(): void {
    this.db.exec('COMMIT');
  }

  /** Undoes the batch under way. SQLite may have rolled it back itself (a full disk does): then nothing is left to do. */
  rollback(): void {
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // already rolled back
    }
  }

  /** The root's row, made on first sight (its first scan's time noted). */
  /** A root the index knows, or undefined; nothing is written. */
  rootRow(path: string): { id: number; layout: string | null; last_complete_ms: number | null } | undefined {
    return this.stmts.rootByPath.get(path) as { id: number; layout: string | null; last_complete_ms: number | null } | undefined;
  }

  ensureRoot(path: string, nowMs: number): { id: number; layout: string | null; last_complete_ms: number | null } {
    const row = this.stmts.rootByPath.get(path) as { id: number; layout: string | null; last_complete_ms: number | null } | undefined;
    if (row) return row;
    const id = Number(this.stmts.insertRoot.run(path, nowMs).lastInsertRowid);
    return { id, layout: null, last_complete_ms: null };
  }

  setRootLayout(rootId: number, layout: string): void {
    this.stmts.setRootLayout.run(layout, rootId);
  }

  setRootScanned(rootId: number, ms: number, wallMs = ms): void {
    this.stmts.setRootScanned.run({ ms, wall: wallMs, id: rootId });
  }

  dirByRel(rootId: number, rel: string): DirRow | undefined {
    return this.stmts.dirByRel.get(rootId, rel) as DirRow | undefined;
  }

  childDirs(dirId: number): DirRow[] {
    return this.stmts.childDirs.all(dirId) as DirRow[];
  }

  /** The most recently changed folders of a root: where a recorder is writing now. */
  newestDirs(rootId: number, limit: number): DirRow[] {
    return this.stmts.newestDirs.all(rootId, limit) as DirRow[];
  }

  /** Folders of a root changed since `sinceMs`, newest first, at most `limit`: where recorders write now. */
  recentDirs(rootId: number, sinceMs: number, limit: number): DirRow[] {
    return this.stmts.recentDirs.all(rootId, sinceMs, limit) as DirRow[];
  }

  insertDir(rootId: number, parentId: number | null, rel: string): number {
    return Number(this.stmts.insertDir.run(rootId, parentId, rel).lastInsertRowid);
  }

  setDirMtime(dirId: number, mtimeMs: number, sealed = false): void {
    this.stmts.setDirMtime.run(mtimeMs, sealed ? 1 : 0, dirId);
  }

  channelId(name: string, nowMs: number): number {
    let id = this.channelIds.get(name);
    if (id !== undefined) return id;
    const row = this.stmts.channelByName.get(name) as { id: number } | undefined;
    id = row ? row.id : Number(this.stmts.insertChannel.run(name, nowMs).lastInsertRowid);
    this.channelIds.set(name, id);
    return id;
  }

  /**
   * Notes that the root holds a channel whose recordings cannot be read (a Hikvision share whose index does
   * not parse): audits then judge it, and it fails no-segments, instead of never knowing it.
   */
  noteChannel(rootId: number, name: string, nowMs: number): void {
    this.channelOnRoot(rootId, name, nowMs);
  }

  /**
   * The channel's id, noting (in the scan's transaction, with its segments) when this root first held it:
   * evidence of installation that an interrupted scan cannot fake.
   */
  private channelOnRoot(rootId: number, name: string, nowMs: number): number {
    const id = this.channelId(name, nowMs);
    const key = `${rootId}:${id}`;
    if (!this.sighted.has(key)) {
      this.stmts.insertSighting.run(rootId, id, this.seenAfter);
      this.sighted.add(key);
    }
    return id;
  }

  /**
   * Brings one folder's segments in line with what is on disk. Changed files lose their probe result (the
   * cache key is path, size and mtime). A folder listed `seal`ed (unchanged for a while) goes into packs;
   * an open one is kept as a row a file. Returns counts and the segments that went away.
   */
  syncDirSegments(
    rootId: number,
    dirId: number,
    dirRel: string,
    files: SegmentFile[],
    nowMs: number,
    state: { neverListed?: boolean; wasSealed?: boolean; seal?: boolean } = {},
  ): { added: number; addedFiles: SegmentFile[]; removed: RemovedSegment[]; changed: number } {
    if (state.neverListed) {
      // a folder never listed before has no rows: its mtime is written in the same transaction as they are
      if (state.seal) this.addToPacks(rootId, dirId, files, nowMs);
      else for (const f of files) this.insertRow(rootId, dirId, f, undefined, false, nowMs);
      return { added: files.length, addedFiles: files, removed: [], changed: 0 };
    }
    if (state.wasSealed || state.seal) return this.rebuildDir(rootId, dirId, dirRel, files, nowMs, state.seal === true);
    return this.diffDir(rootId, dirId, dirRel, files, nowMs);
  }

  /** An open folder listed again: only what changed is written (a watcher does this at every new segment). */
  private diffDir(rootId: number, dirId: number, dirRel: string, files: SegmentFile[], nowMs: number): { added: number; addedFiles: SegmentFile[]; removed: RemovedSegment[]; changed: number } {
    const existing = new Map<string, { id: number; size: number; mtime_ms: number }>();
    for (const row of this.stmts.segmentsOfDir.all(dirId) as { id: number; name: string; size: number; mtime_ms: number }[]) existing.set(row.name, row);
    let added = 0;
    let changed = 0;
    const addedFiles: SegmentFile[] = [];
    for (const f of files) {
      const old = existing.get(f.name);
      const channelId = this.channelOnRoot(rootId, f.channel, nowMs);
      if (!old) {
        this.stmts.insertSegment.run(dirId, rootId, f.name, channelId, f.start, f.end ?? null, f.size, f.mtimeMs);
        added++;
        addedFiles.push(f);
      } else {
        existing.delete(f.name);
        if (old.size !== f.size || old.mtime_ms !== f.mtimeMs) {
          this.stmts.updateSegment.run(channelId, f.start, f.end ?? null, f.size, f.mtimeMs, old.id);
          changed++;
        }
      }
    }
    const removed: RemovedSegment[] = [];
    for (const old of existing.values()) {
      const row = this.stmts.segmentForRemoval.get(old.id) as { name: string; start_ms: number; channel: string };
      removed.push({ channel: row.channel, path: join(dirRel, row.name), start: row.start_ms });
      this.stmts.deleteSegment.run(old.id);
    }
    return { added, addedFiles, removed, changed };
  }

  /**
   * A folder that is or was packed, listed again: its segments taken out of their packs and written afresh
   * as packs or rows, keeping the probe results of files whose size and mtime did not change.
   */
  private rebuildDir(rootId: number, dirId: number, dirRel: string, files: SegmentFile[], nowMs: number, seal: boolean): { added: number; addedFiles: SegmentFile[]; removed: RemovedSegment[]; changed: number } {
    const before = new Map<string, { channel: string; start: number; size: number; mtime: number }>();
    const probes = new Map<string, KeptProbe>();
    for (const r of this.stmts.rowsOfDirFull.all(dirId) as (KeptProbe & { name: string; start_ms: number; channel: string })[]) {
      before.set(r.name, { channel: r.channel, start: r.start_ms, size: r.size, mtime: r.mtime_ms });
      if (r.probe_status !== null) probes.set(r.name, r);
    }
    for (const m of this.takeFromPacks(rootId, dirId)) before.set(m.name, { channel: m.channel, start: m.start, size: m.size, mtime: m.mtimeMs });
    this.stmts.deleteSegmentsOfDir.run(dirId);
    let changed = 0;
    const addedFiles: SegmentFile[] = [];
    const kept = new Map<string, KeptProbe>();
    for (const f of files) {
      const old = before.get(f.name);
      if (!old) addedFiles.push(f);
      else {
        before.delete(f.name);
        if (old.size !== f.size || old.mtime !== f.mtimeMs) changed++;
      }
      const probe = probes.get(f.name);
      if (probe && probe.size === f.size && probe.mtime_ms === f.mtimeMs) kept.set(f.name, probe);
    }
    if (seal) {
      this.addToPacks(rootId, dirId, files, nowMs);
      // probe results of packed segments go on as overlay rows
      for (const f of files) if (kept.has(f.name)) this.insertRow(rootId, dirId, f, kept.get(f.name), true, nowMs);
    } else {
      for (const f of files) this.insertRow(rootId, dirId, f, kept.get(f.name), false, nowMs);
    }
    const removed = [...before].map(([name, o]) => ({ channel: o.channel, path: join(dirRel, name), start: o.start }));
    return { added: addedFiles.length, addedFiles, removed, changed };
  }

  private insertRow(rootId: number, dirId: number, f: SegmentFile, probe: KeptProbe | undefined, packed: boolean, nowMs: number): void {
    if (!probe && !packed) {
      this.stmts.insertSegment.run(dirId, rootId, f.name, this.channelOnRoot(rootId, f.channel, nowMs), f.start, f.end ?? null, f.size, f.mtimeMs);
      return;
    }
    this.stmts.insertSegmentFull.run(dirId, rootId, f.name, this.channelOnRoot(rootId, f.channel, nowMs), f.start, f.end ?? null, f.size, f.mtimeMs, packed ? 1 : 0, ...PROBE_COLUMNS.map((c) => probe?.[c] ?? null));
  }

  /** Queues a closed folder's files for their packs (channel, root, day) and notes on the folder which. */
  private addToPacks(rootId: number, dirId: number, files: SegmentFile[], nowMs: number): void {
    const keys = new Set<string>();
    for (const f of files) {
      const channelId = this.channelOnRoot(rootId, f.channel, nowMs);
      const day = dayOf(f.start);
      const key = `${channelId}:${rootId}:${day}`;
      let entry = this.queuedPacks.get(key);
      if (!entry) this.queuedPacks.set(key, (entry = { rootId, channelId, day, members: new MemberList() }));
      entry.members.push({ name: f.name, start: f.start, end: f.end, size: f.size, mtimeMs: f.mtimeMs, dirId });
      keys.add(`${channelId}:${day}`);
    }
    this.stmts.setDirPacks.run(keys.size > 0 ? [...keys].join(',') : null, dirId);
  }

  /**
   * Writes the queued members into their packs. A scan calls it before each commit: a pack gathers a day
   * of a channel from many folders, and is rewritten once a batch instead of once a folder.
   */
  flushPacks(): void {
    for (const { rootId, channelId, day, members } of this.queuedPacks.values()) {
      const row = this.stmts.packByKey.get(channelId, rootId, day) as { id: number; names: string; members: Buffer } | undefined;
      const pack = extendPack(row ? new PackReader(row.names, row.members) : undefined, members);
      if (row) this.stmts.updatePack.run(pack.firstStart, pack.lastStart, pack.count, pack.bytes, pack.names, pack.members, minSizeColumn(pack), row.id);
      else this.stmts.insertPack.run(rootId, channelId, day, pack.firstStart, pack.lastStart, pack.count, pack.bytes, pack.names, pack.members, minSizeColumn(pack));
    }
    this.queuedPacks.clear();
  }

  /** Forgets queued members and cached ids (the scan's transaction was rolled back, and rows with it). */
  discardQueued(): void {
    this.queuedPacks.clear();
    this.channelIds.clear();
    this.sighted.clear();
  }

  /** Takes a folder's members out of the packs that hold them; returns them with their channel's name. */
  private takeFromPacks(rootId: number, dirId: number): (PackMember & { channel: string })[] {
    const keys = (this.stmts.dirPacks.get(dirId) as { packs: string | null } | undefined)?.packs;
    if (!keys) return [];
    this.flushPacks();
    const taken: (PackMember & { channel: string })[] = [];
    for (const key of keys.split(',')) {
      const [channelId, day] = key.split(':').map(Number) as [number, number];
      const row = this.stmts.packByKey.get(channelId, rootId, day) as { id: number; names: string; members: Buffer } | undefined;
      if (!row) continue;
      const channel = (this.stmts.channelName.get(channelId) as { name: string }).name;
      const { pack, taken: mine } = withoutFolder(new PackReader(row.names, row.members), dirId);
      for (const m of mine) taken.push({ ...m, channel });
      if (!pack) this.stmts.deletePack.run(row.id);
      else this.stmts.updatePack.run(pack.firstStart, pack.lastStart, pack.count, pack.bytes, pack.names, pack.members, minSizeColumn(pack), row.id);
    }
    this.stmts.setDirPacks.run(null, dirId);
    return taken;
  }

  replaceSkipped(dirId: number, skipped: { name: string; reason: string }[]): void {
    this.stmts.deleteSkippedOfDir.run(dirId);
    for (const s of skipped) this.stmts.insertSkipped.run(dirId, s.name, s.reason);
  }

  /** Forgets a folder that is gone, with everything under it; returns the segments it held. */
  removeSubtree(rootId: number, rel: string): { dirIds: number[]; removed: RemovedSegment[] } {
    const dirs = (rel === '' ? this.stmts.dirsOfRoot.all(rootId) : this.stmts.subtreeDirs.all(rootId, rel, rel, rel)) as { id: number; rel: string }[];
    const removed: RemovedSegment[] = [];
    for (const d of dirs) {
      for (const s of this.stmts.segmentsOfDirFull.all(d.id) as { name: string; start_ms: number; channel: string }[]) {
        removed.push({ channel: s.channel, path: join(d.rel, s.name), start: s.start_ms });
      }
      for (const m of this.takeFromPacks(rootId, d.id)) removed.push({ channel: m.channel, path: join(d.rel, m.name), start: m.start });
      this.stmts.deleteSegmentsOfDir.run(d.id);
      this.stmts.deleteSkippedOfDir.run(d.id);
      this.stmts.deleteDir.run(d.id);
    }
    return { dirIds: dirs.map((d) => d.id), removed };
  }

  /** The names of the channels ever seen under a root (a device's, when it cannot be asked now). */
  channelsSeen(rootId: number): string[] {
    return (this.db.prepare('SELECT c.name FROM channels c JOIN sightings g ON g.channel_id = c.id WHERE g.root_id = ? ORDER BY c.name').all(rootId) as { name: string }[]).map((r) => r.name);
  }

  /**
   * Forgets that a root held a channel (a camera taken away on purpose), so that audits stop failing it
   * `no-segments`. Only a channel with no footage left in the root can be forgotten: false when it has some.
   */
  forgetChannel(rootId: number, name: string): 'forgotten' | 'has-footage' | 'unknown' {
    const row = this.db.prepare('SELECT c.id FROM channels c JOIN sightings g ON g.channel_id = c.id WHERE g.root_id = ? AND c.name = ?').get(rootId, name) as { id: number } | undefined;
    if (!row) return 'unknown';
    const footage = this.db.prepare('SELECT 1 FROM segments WHERE root_id = ? AND channel_id = ? UNION ALL SELECT 1 FROM packs WHERE root_id = ? AND channel_id = ? LIMIT 1').get(rootId, row.id, rootId, row.id);
    if (footage) return 'has-footage';
    this.db.prepare('DELETE FROM sightings WHERE root_id = ? AND channel_id = ?').run(rootId, row.id);
    return 'forgotten';
  }

  /**
   * Starts a scan of a root: its row, and `seenAfter`, the root's last completed scan (real time, or -1 when it
   * has none) that the scan's new sightings are dated after.
   */
  startScan(rootId: number, nowMs: number, seenAfter: number): number {
    this.seenAfter = seenAfter;
    return Number(this.stmts.insertScan.run(rootId, nowMs).lastInsertRowid);
  }

  finishScan(id: number, stats: { finished_ms: number; dirs_listed: number; dirs_unchanged: number; files_added: number; files_removed: number; files_changed: number }): void {
    this.stmts.finishScan.run({ id, ...stats });
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** SQLite stores no Infinity in a REAL column portably: a pack of empty members only is kept as -1 (none small). */
function minSizeColumn(pack: EncodedPack): number {
  return Number.isFinite(pack.minSize) ? pack.minSize : -1;
}
