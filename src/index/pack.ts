/**
 * A pack: the segments of one channel on one root in one UTC day, from closed folders, kept as one index
 * row. Pure encoding; the store decides what is packed. Five float64s a member (start, end or NaN, size,
 * mtime, folder id) in start order, little-endian as on every platform Node runs on here; names joined by
 * '/', which no file name contains.
 */

export interface PackMember {
  name: string;
  start: number;
  end?: number;
  size: number;
  mtimeMs: number;
  dirId: number;
}

export interface EncodedPack {
  names: string;
  members: Buffer;
  count: number;
  firstStart: number;
  lastStart: number;
  bytes: number;
}

const FIELDS = 5;
export const DAY_MS = 86_400_000;

export function dayOf(t: number): number {
  return Math.floor(t / DAY_MS);
}

/** Encodes members (any order; sorted here by start, then name). */
export function encodePack(members: PackMember[]): EncodedPack {
  const sorted = [...members].sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.dirId - b.dirId));
  const values = new Float64Array(sorted.length * FIELDS);
  let bytes = 0;
  sorted.forEach((m, i) => {
    const at = i * FIELDS;
    values[at] = m.start;
    values[at + 1] = m.end ?? Number.NaN;
    values[at + 2] = m.size;
    values[at + 3] = m.mtimeMs;
    values[at + 4] = m.dirId;
    bytes += m.size;
  });
  return {
    names: sorted.map((m) => m.name).join('/'),
    members: Buffer.from(values.buffer, values.byteOffset, values.byteLength),
    count: sorted.length,
    firstStart: sorted[0]?.start ?? 0,
    lastStart: sorted[sorted.length - 1]?.start ?? 0,
    bytes,
  };
}

/** Reads a pack's members by position; names are split only when one is asked for. */
export class PackReader {
  readonly count: number;
  private readonly values: Float64Array;
  private nameList?: string[];

  constructor(private readonly names: string, blob: Uint8Array) {
    // a Float64Array needs an 8-byte aligned offset; a Buffer from SQLite may sit anywhere in its memory
    const aligned = blob.byteOffset % 8 === 0 ? blob : Uint8Array.prototype.slice.call(blob);
    this.values = new Float64Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 8));
    this.count = Math.floor(this.values.length / FIELDS);
  }

  start(i: number): number {
    return this.values[i * FIELDS]!;
  }

  end(i: number): number | undefined {
    const v = this.values[i * FIELDS + 1]!;
    return Number.isNaN(v) ? undefined : v;
  }

  size(i: number): number {
    return this.values[i * FIELDS + 2]!;
  }

  mtime(i: number): number {
    return this.values[i * FIELDS + 3]!;
  }

  dirId(i: number): number {
    return this.values[i * FIELDS + 4]!;
  }

  name(i: number): string {
    this.nameList ??= this.names.split('/');
    return this.nameList[i]!;
  }

  /** The first position whose start is at or after `t` (count when none). */
  firstAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.start(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  member(i: number): PackMember {
    const end = this.end(i);
    return { name: this.name(i), start: this.start(i), ...(end === undefined ? {} : { end }), size: this.size(i), mtimeMs: this.mtime(i), dirId: this.dirId(i) };
  }

  all(): PackMember[] {
    return Array.from({ length: this.count }, (_, i) => this.member(i));
  }
}
