/**
 * Read-side queries of the audit, over the roots being audited (a channel may span several roots: disks).
 * A channel's segments are rows (open folders, a row a file) and packs (closed folders, a row a channel);
 * `ascending` merges both into one stream in start order, so the rest of the audit sees segments only.
 */
import { shownPath } from '../archive/names.ts';
import type { DB } from './open.ts';
import { PackReader } from './pack.ts';
import type { MeasuredStream } from '../probe/result.ts';
import type { ProbeRow } from './store.ts';
import { READABLE_STATUSES } from '../probe/result.ts';

export interface SegmentRef {
  /** row id; 0 for a packed segment not yet probed */
  id: number;
  dir_id: number;
  name: string;
  start_ms: number;
  end_ms: number | null;
  duration_ms: number | null;
  probe_status: string | null;
  probe_detail: string | null;
  /** how much of it was decoded (ProbeRow.decoded), and when */
  decoded: number | null;
  checked_ms: number | null;
  size: number;
  /** the file's mtime: when the recorder last wrote it */
  mtime_ms: number;
  /** set for a segment of a pack: what its probe result row needs */
  pack?: { rootId: number; channelId: number; mtimeMs: number };
}

interface PackRow {
  id: number;
  root_id: number;
  channel_id: number;
  first_start: number;
  last_start: number;
  names: string;
  members: Buffer;
}

interface Overlay {
  dir_id: number;
  name: string;
  id: number;
  probe_status: string | null;
  probe_detail: string | null;
  duration_ms: number | null;
  decoded: number | null;
  checked_ms: number | null;
}

/**
 * Whether a segment still needs a check to `depth` decoded: never probed, its probe failed as a tool, or a
 * container that reads but whose frames were not decoded as deep. Damage and timeouts are final.
 */
export function needsCheck(r: Pick<SegmentRef, 'probe_status' | 'decoded'>, depth: number): boolean {
  if (r.probe_status === null || r.probe_status === 'error') return true;
  return READABLE_STATUSES.has(r.probe_status) && (r.decoded ?? 0) < depth;
}

/** probe results of packed segments: all of a channel's, or 'by-pack' when there are too many to hold */
type Overlays = OverlayMap | 'by-pack';
/** by folder, then name: most folders have none, so most members are looked up by a number only */
type OverlayMap = Map<number, Map<string, Overlay>>;

function overlayMap(rows: Overlay[]): OverlayMap {
  const map: OverlayMap = new Map();
  for (const o of rows) {
    let names = map.get(o.dir_id);
    if (!names) map.set(o.dir_id, (names = new Map()));
    names.set(o.name, o);
  }
  return map;
}
const OVERLAYS_AT_ONCE = 5_000;

/**
 * A packed segment as a SegmentRef. Its name is split out of the pack's names only when asked for: the
 * audit walks every segment of the window but names only the few it probes or reports.
 */
class PackedRef implements SegmentRef {
  readonly id: number;
  readonly start_ms: number;
  readonly end_ms: number | null;
  readonly duration_ms: number | null;
  readonly probe_status: string | null;
  probe_detail: string | null;
  readonly decoded: number | null;
  readonly checked_ms: number | null;
  readonly size: number;
  readonly mtime_ms: number;
  private named: string | undefined;

  constructor(
    private readonly reader: PackReader,
    private readonly k: number,
    readonly dir_id: number,
    o: Overlay | undefined,
    readonly pack: { rootId: number; channelId: number; mtimeMs: number },
  ) {
    this.id = o?.id ?? 0;
    this.start_ms = reader.start(k);
    this.end_ms = reader.end(k) ?? null;
    this.duration_ms = o?.duration_ms ?? null;
    this.probe_status = o?.probe_status ?? null;
    this.probe_detail = o?.probe_detail ?? null;
    this.decoded = o?.decoded ?? null;
    this.checked_ms = o?.checked_ms ?? null;
    this.size = reader.size(k);
    this.mtime_ms = pack.mtimeMs;
  }

  get name(): string {
    return (this.named ??= this.reader.name(this.k));
  }

  set name(value: string) {
    this.named = value;
  }
}

/** One sorted source of the merge: its current segment and how to step on. */
interface Cursor {
  head: SegmentRef;
  next(): SegmentRef | undefined;
}

// the columns every merged segment needs, as arrays: objects from SQLite cost twice as much a row; a row's
// name and ffprobe's words are read by id for the few segments probed or reported
const ROW_COLUMNS = 's.id, s.dir_id, s.start_ms, s.end_ms, s.duration_ms, s.probe_status, s.size, s.mtime_ms, s.decoded, s.checked_ms';
type RawRow = [id: number, dirId: number, start: number, end: number | null, duration: number | null, status: string | null, size: number, mtime: number, decoded: number | null, checkedMs: number | null];
const PACK_COLUMNS = 'p.id, p.root_id, p.channel_id, p.first_start, p.last_start, p.names, p.members';

export class AuditQueries {
  private readonly stmts;

  constructor(private readonly db: DB, private readonly rootIds: number[], private readonly now: number) {
    const marks = rootIds.map(() => '?').join(',');
    const rows = `SELECT ${ROW_COLUMNS} FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.packed = 0 AND s.start_ms <= ?`;
    const packs = `SELECT ${PACK_COLUMNS} FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.first_start <= ?`;
    const probed = `FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.probe_status IN ('ok', 'warning')`;
    const dirRoots = `d.root_id IN (${marks})`;
    this.stmts = {
      // every channel these roots have held (issue 21): one whose footage is all gone (an unmounted disk, a
      // wiped folder) is judged, and fails no-segments, instead of vanishing from every report and metric
      channels: db.prepare(`SELECT c.id, c.name, c.first_seen_ms FROM channels c WHERE
          EXISTS (SELECT 1 FROM sightings g WHERE g.channel_id = c.id AND g.root_id IN (${marks})) ORDER BY c.name`),
      rowsFrom: db.prepare(`${rows} AND s.start_ms >= ? ORDER BY s.start_ms`).raw(true),
      rowsDescending: db.prepare(`${rows} ORDER BY s.start_ms DESC LIMIT ?`).raw(true),
      named: db.prepare('SELECT name, probe_detail FROM segments WHERE id = ?'),
      packsFrom: db.prepare(`${packs} AND p.last_start >= ? ORDER BY p.first_start`),
      // ids and last starts only (the index packs_channel_choice answers it): rows are read by id when needed
      packsDescending: db.prepare(`SELECT p.id, p.last_start FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.first_start <= ? ORDER BY p.last_start DESC`).raw(true),
      packById: db.prepare(`SELECT ${PACK_COLUMNS} FROM packs p WHERE p.id = ?`),
      // probe results of a pack's members: rows marked packed = 1 in its time range
      overlay: db.prepare('SELECT dir_id, name, id, probe_status, probe_detail, duration_ms, decoded, checked_ms FROM segments WHERE channel_id = ? AND start_ms BETWEEN ? AND ? AND packed = 1 AND root_id = ?'),
      // a channel's few probed packed segments (the default audit probes a handful), read once; a deep
      // audit's many are read a pack at a time instead
      channelOverlays: db.prepare(`SELECT dir_id, name, id, probe_status, probe_detail, duration_ms, decoded, checked_ms FROM segments WHERE channel_id = ? AND packed = 1 AND probe_status IS NOT NULL LIMIT ${OVERLAYS_AT_ONCE + 1}`),
      probedStreams: db.prepare(`SELECT s.width, s.height, s.fps, s.codec ${probed} AND s.start_ms <= ? LIMIT 500`),
      probedDurations: db.prepare(`SELECT s.duration_ms ${probed} AND s.duration_ms > 0 LIMIT 200`),
      // how many segments start in [from, now]: whole packs by their counts, the one or two a bound cuts by members
      countRows: db.prepare(`SELECT COUNT(*) FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.packed = 0 AND s.start_ms >= ? AND s.start_ms <= ?`).pluck(),
      countWholePacks: db.prepare(`SELECT COALESCE(SUM(p.count), 0) FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.first_start >= ? AND p.last_start <= ?`).pluck(),
      cutPacks: db.prepare(`SELECT p.names, p.members FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.last_start >= ? AND p.first_start <= ? AND (p.first_start < ? OR p.last_start > ?)`),
      futureRows: db.prepare(`SELECT COUNT(*) FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.packed = 0 AND s.start_ms > ?`).pluck(),
      futurePacks: db.prepare(`SELECT p.names, p.members FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.last_start > ?`),
      // a pack's average member size stands for its day; rows (open folders) are few
      packSizes: db.prepare(`SELECT CAST(p.bytes AS REAL) / p.count AS size FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.count > 0`).pluck(),
      rowSizes: db.prepare(`SELECT s.size FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.packed = 0 LIMIT 2000`).pluck(),
      smallRows: db.prepare(`SELECT ${ROW_COLUMNS} FROM segments s WHERE s.channel_id = ? AND s.root_id IN (${marks}) AND s.packed = 0 AND s.start_ms >= ? AND s.start_ms <= ? AND s.size > 0 AND s.size < ? AND (s.probe_status IS NULL OR s.probe_status = 'error' OR (s.probe_status IN ('ok', 'warning') AND COALESCE(s.decoded, 0) < 1)) ORDER BY s.start_ms DESC LIMIT ?`).raw(true),
      // packs whose smallest non-empty member is not small are not read (min_size NULL: written before it was kept)
      smallPacks: db.prepare(`SELECT p.id FROM packs p WHERE p.channel_id = ? AND p.root_id IN (${marks}) AND p.first_start <= ? AND p.last_start >= ? AND (p.min_size IS NULL OR (p.min_size > 0 AND p.min_size < ?)) ORDER BY p.last_start DESC`).pluck(),
      // new on every root that holds it: first seen there after that root's first completed scan
      installed: db.prepare(`SELECT MIN(s.first_seen_ms) AS first FROM sightings s WHERE s.channel_id = ? AND s.root_id IN (${marks})`),
      path: db.prepare(`SELECT r.path || '/' || CASE WHEN d.rel = '' THEN '' ELSE d.rel || '/' END AS prefix FROM dirs d JOIN roots r ON r.id = d.root_id WHERE d.id = ?`),
      // from the few skipped files to their folders (CROSS JOIN keeps that order; the other way round reads
      // every folder of the roots)
      skippedCount: db.prepare(`SELECT COUNT(*) AS n FROM skipped k CROSS JOIN dirs d ON d.id = k.dir_id WHERE ${dirRoots}`),
      // files of recorders vstor does not read (archive/layouts/unread.ts): by kind, with one path
      unreadRecorders: db.prepare(`SELECT k.reason, COUNT(*) AS files, MIN(CASE WHEN d.rel = '' THEN k.name ELSE d.rel || '/' || k.name END) AS example FROM skipped k CROSS JOIN dirs d ON d.id = k.dir_id WHERE ${dirRoots} AND k.reason LIKE ? GROUP BY k.reason`),
      skippedExamples: db.prepare(`SELECT d.rel, k.name, k.reason FROM skipped k CROSS JOIN dirs d ON d.id = k.dir_id WHERE ${dirRoots} ORDER BY d.rel, k.name LIMIT ?`),
      setProbe: db.prepare(
        'UPDATE segments SET probe_status = @probe_status, probe_detail = @probe_detail, duration_ms = @duration_ms, codec = @codec, width = @width, height = @height, fps = @fps, bit_rate = @bit_rate, creation_ms = @creation_ms, decoded = @decoded, checked_ms = @checked_ms WHERE id = @id',
      ),
      insertOverlay: db.prepare(
        `INSERT INTO segments (dir_id, root_id, name, channel_id, start_ms, end_ms, size, mtime_ms, packed, probe_status, probe_detail, duration_ms, codec, width, height, fps, bit_rate, creation_ms, decoded, checked_ms)
         VALUES (@dir_id, @root_id, @name, @channel_id, @start_ms, @end_ms, @size, @mtime_ms, 1, @probe_status, @probe_detail, @duration_ms, @codec, @width, @height, @fps, @bit_rate, @creation_ms, @decoded, @checked_ms)`,
      ),
    };
  }

  channels(): { id: number; name: string; first_seen_ms: number }[] {
    return this.stmts.channels.all(...this.rootIds) as { id: number; name: string; first_seen_ms: number }[];
  }

  /**
   * A channel's segments from `from` on, in start order, up to `now`: its rows and its packs' members merged.
   * Packs overlap rarely (two disks, a clock change), so the merge keeps a few cursors open at most.
   */
  *ascending(channelId: number, from = -Infinity): Generator<SegmentRef> {
    const lower = Number.isFinite(from) ? from : -Number.MAX_SAFE_INTEGER;
    const rowIt = mapIterator(this.stmts.rowsFrom.iterate(channelId, ...this.rootIds, this.now, lower) as IterableIterator<RawRow>, fromRaw);
    const packIt = this.stmts.packsFrom.iterate(channelId, ...this.rootIds, this.now, lower) as IterableIterator<PackRow>;
    try {
      const cursors: Cursor[] = [];
      const rowCursor = iteratorCursor(rowIt);
      if (rowCursor) cursors.push(rowCursor);
      let nextPack = packIt.next();
      const overlays = this.overlaysOf(channelId);
      for (;;) {
        let best = -1;
        for (let i = 0; i < cursors.length; i++) if (best < 0 || cursors[i]!.head.start_ms < cursors[best]!.head.start_ms) best = i;
        // a pack starting no later than the best head may hold something earlier: open it first
        if (!nextPack.done && (best < 0 || nextPack.value.first_start <= cursors[best]!.head.start_ms)) {
          const c = this.packCursor(nextPack.value, lower, overlays);
          if (c) cursors.push(c);
          nextPack = packIt.next();
          continue;
        }
        if (best < 0) return;
        const cursor = cursors[best]!;
        yield cursor.head;
        const head = cursor.next();
        if (head) cursor.head = head;
        else cursors.splice(best, 1);
      }
    } finally {
      rowIt.return?.(undefined);
      packIt.return?.();
    }
  }

  private overlaysOf(channelId: number): Overlays {
    const few = this.stmts.channelOverlays.all(channelId) as Overlay[];
    return few.length > OVERLAYS_AT_ONCE ? 'by-pack' : overlayMap(few);
  }

  /** A pack's members by position, as segment refs with their probe results. */
  private packView(p: PackRow, overlays: Overlays): { pack: PackReader; ref(k: number): SegmentRef } {
    const pack = new PackReader(p.names, p.members);
    const overlay = overlays === 'by-pack' ? overlayMap(this.stmts.overlay.all(p.channel_id, p.first_start, p.last_start, p.root_id) as Overlay[]) : overlays;
    const ref = (k: number): SegmentRef => {
      const dirId = pack.dirId(k);
      const names = overlay.size > 0 ? overlay.get(dirId) : undefined;
      const o = names ? names.get(pack.name(k)) : undefined;
      return new PackedRef(pack, k, dirId, o, { rootId: p.root_id, channelId: p.channel_id, mtimeMs: pack.mtime(k) });
    };
    return { pack, ref };
  }

  private packCursor(p: PackRow, from: number, overlays: Overlays): Cursor | undefined {
    const { pack, ref } = this.packView(p, overlays);
    let i = pack.firstAtOrAfter(from);
    const at = (k: number): SegmentRef | undefined => (k >= pack.count || pack.start(k) > this.now ? undefined : ref(k));
    const head = at(i);
    return head ? { head, next: () => at(++i) } : undefined;
  }

  /** The first segment starting at or after `t`: samples spread over time, without counting rows. */
  atOrAfter(channelId: number, t: number): SegmentRef | undefined {
    for (const s of this.ascending(channelId, t)) return s;
    return undefined;
  }

  /** The newest `limit` segments, newest first: they lie in the newest rows and the packs that end last. */
  newest(channelId: number, limit: number): SegmentRef[] {
    const found = (this.stmts.rowsDescending.all(channelId, ...this.rootIds, this.now, limit) as RawRow[]).map(fromRaw);
    const packs = this.stmts.packsDescending.all(channelId, ...this.rootIds, this.now) as [id: number, lastStart: number][];
    let overlays: Overlays | undefined;
    for (const [id, lastStart] of packs) {
      // packs come by their last start, latest first: once `limit` segments start after this pack's last
      // one, neither it nor any after it holds one of the newest (a day of 10-second segments is 14 MB of
      // index a channel: reading 33 of them cost a warm audit seconds)
      if (found.length >= limit) {
        found.sort((a, b) => b.start_ms - a.start_ms);
        if (found[limit - 1]!.start_ms > lastStart) break;
      }
      const p = this.stmts.packById.get(id) as PackRow;
      overlays ??= this.overlaysOf(channelId);
      // only the pack's last members up to `now`, not a whole day of them
      const { pack, ref } = this.packView(p, overlays);
      const end = pack.firstAtOrAfter(this.now + 1);
      for (let k = Math.max(0, end - limit); k < end; k++) found.push(ref(k));
    }
    return found.sort((a, b) => b.start_ms - a.start_ms).slice(0, limit);
  }

  /**
   * Up to `limit` segments not yet checked to `depth` (or whose probe failed as a tool), from `from` on in start order,
   * leaving out those whose key is in `skip`: a deep probe's next batch.
   */
  unprobed(channelId: number, from: number, limit: number, skip: Set<string> = new Set(), depth = 0): SegmentRef[] {
    const out: SegmentRef[] = [];
    for (const s of this.ascending(channelId, from)) {
      if (needsCheck(s, depth) && !skip.has(s.pack ? `${s.dir_id}/${s.name}` : `#${s.id}`) && out.push(s) >= limit) break;
    }
    return out;
  }

  /** How many of the channel's segments start from `from` to now, without walking them. */
  countFrom(channelId: number, from: number): number {
    let n = (this.stmts.countRows.get(channelId, ...this.rootIds, from, this.now) as number) + (this.stmts.countWholePacks.get(channelId, ...this.rootIds, from, this.now) as number);
    for (const p of this.stmts.cutPacks.all(channelId, ...this.rootIds, from, this.now, from, this.now) as { names: string; members: Buffer }[]) {
      const pack = new PackReader(p.names, p.members);
      n += pack.firstAtOrAfter(this.now + 1) - pack.firstAtOrAfter(from);
    }
    return n;
  }

  /** How many of the channel's segments start after `t`: named in the future, which an audit as of now does not count. */
  futureCount(channelId: number, t: number): number {
    let n = this.stmts.futureRows.get(channelId, ...this.rootIds, t) as number;
    for (const p of this.stmts.futurePacks.all(channelId, ...this.rootIds, t) as { names: string; members: Buffer }[]) {
      const pack = new PackReader(p.names, p.members);
      n += pack.count - pack.firstAtOrAfter(t + 1);
    }
    return n;
  }

  /** The channel's usual segment size: the median of its packs' average sizes, else of its rows' sizes. */
  usualSize(channelId: number): number | undefined {
    const packs = this.stmts.packSizes.all(channelId, ...this.rootIds) as number[];
    const sizes = packs.length > 0 ? packs : (this.stmts.rowSizes.all(channelId, ...this.rootIds) as number[]);
    return sizes.length > 0 ? median(sizes) : undefined;
  }

  /**
   * Unprobed segments from `from` to now that are not empty but smaller than `below` bytes, newest first, up
   * to `limit`. Packs are read as numbers: only the few small members become segment refs.
   */
  smallUnprobed(channelId: number, below: number, from: number, limit: number): SegmentRef[] {
    const out = (this.stmts.smallRows.all(channelId, ...this.rootIds, from, this.now, below, limit) as RawRow[]).map(fromRaw);
    const ids = this.stmts.smallPacks.all(channelId, ...this.rootIds, this.now, from, below) as number[];
    let overlays: Overlays | undefined;
    for (const id of ids) {
      if (out.length >= limit) break;
      const p = this.stmts.packById.get(id) as PackRow;
      const reader = new PackReader(p.names, p.members);
      let view: ReturnType<AuditQueries['packView']> | undefined;
      for (let k = reader.count - 1; k >= 0 && out.length < limit; k--) {
        const size = reader.size(k);
        const start = reader.start(k);
        if (size <= 0 || size >= below || start < from || start > this.now) continue;
        overlays ??= this.overlaysOf(channelId);
        view ??= this.packView(p, overlays);
        const ref = view.ref(k);
        if (needsCheck(ref, 1)) out.push(ref);
      }
    }
    return out;
  }

  /** Fills in a row's name and ffprobe's words (a merged row comes without them). */
  named(ref: SegmentRef): SegmentRef {
    if (ref.name === '' && ref.id !== 0) {
      const row = this.stmts.named.get(ref.id) as { name: string; probe_detail: string | null } | undefined;
      if (row) {
        ref.name = row.name;
        ref.probe_detail = row.probe_detail;
      }
    }
    return ref;
  }

  /** The absolute path of a segment; looked up only for the few that are probed or reported. */
  pathOf(ref: SegmentRef): string {
    return (this.stmts.path.get(ref.dir_id) as { prefix: string }).prefix + this.named(ref).name;
  }

  /** What the probes measured of the channel's video (the few segments probed, or all with --deep). */
  probedStreams(channelId: number): MeasuredStream[] {
    return this.stmts.probedStreams.all(channelId, ...this.rootIds, this.now) as MeasuredStream[];
  }

  /**
   * The time after which the channel was installed, as far as the index saw it: the last completed scan of
   * its roots before one of them first held it. Undefined when a root held it before any completed scan.
   */
  installedAfter(channelId: number): number | undefined {
    const row = this.stmts.installed.get(channelId, ...this.rootIds) as { first: number | null };
    return row.first !== null && row.first >= 0 ? row.first : undefined;
  }

  /** The channel's usual segment length: the median probed duration, else the median gap between starts. */
  nominalMs(channelId: number): number {
    const durations = (this.stmts.probedDurations.all(channelId, ...this.rootIds) as { duration_ms: number }[]).map((r) => r.duration_ms);
    if (durations.length > 0) return median(durations);
    const starts: number[] = [];
    for (const s of this.ascending(channelId)) if (starts.push(s.start_ms) > 500) break;
    const deltas = starts.slice(1).map((s, i) => s - starts[i]!).filter((d) => d > 0);
    return deltas.length > 0 ? median(deltas) : 3_600_000;
  }

  /** Files the scan found to belong to recorders vstor does not read, by kind (the skip reason). */
  unreadRecorders(prefix: string): { kind: string; files: number; example: string }[] {
    const rows = this.stmts.unreadRecorders.all(...this.rootIds, `${prefix}%`) as { reason: string; files: number; example: string }[];
    return rows.map((r) => ({ kind: r.reason.slice(prefix.length), files: r.files, example: shownPath(r.example) }));
  }

  skipped(examples = 10): { files: number; examples: string[] } {
    const files = (this.stmts.skippedCount.get(...this.rootIds) as { n: number }).n;
    const rows = this.stmts.skippedExamples.all(...this.rootIds, examples) as { rel: string; name: string; reason: string }[];
    return { files, examples: rows.map((r) => `${shownPath(r.rel ? `${r.rel}/${r.name}` : r.name)} (${r.reason})`) };
  }

  /** Stores probe results: on the segment's row, or for a packed segment as a row of its own (packed = 1). */
  setProbes(results: { ref: SegmentRef; row: ProbeRow }[]): void {
    this.db.transaction(() => {
      for (const { ref, row } of results) {
        if (ref.pack && ref.id === 0) {
          const info = this.stmts.insertOverlay.run({
            dir_id: ref.dir_id,
            root_id: ref.pack.rootId,
            name: ref.name,
            channel_id: ref.pack.channelId,
            start_ms: ref.start_ms,
            end_ms: ref.end_ms,
            size: ref.size,
            mtime_ms: ref.pack.mtimeMs,
            ...row,
            decoded: row.decoded ?? null,
            checked_ms: row.checked_ms ?? null,
          });
          ref.id = Number(info.lastInsertRowid);
        } else {
          this.stmts.setProbe.run({ id: ref.id, ...row, decoded: row.decoded ?? null, checked_ms: row.checked_ms ?? null });
        }
      }
    })();
  }
}

function fromRaw([id, dirId, start, end, duration, status, size, mtime, decoded, checkedMs]: RawRow): SegmentRef {
  return { id, dir_id: dirId, name: '', start_ms: start, end_ms: end, duration_ms: duration, probe_status: status, probe_detail: null, decoded, checked_ms: checkedMs, size, mtime_ms: mtime };
}

function* mapIterator<A, B>(it: IterableIterator<A>, f: (a: A) => B): Generator<B> {
  try {
    for (const a of it) yield f(a);
  } finally {
    it.return?.();
  }
}

function iteratorCursor(it: Iterator<SegmentRef>): Cursor | undefined {
  const first = it.next();
  if (first.done) return undefined;
  return {
    head: first.value,
    next: () => {
      const r = it.next();
      return r.done ? undefined : r.value;
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
