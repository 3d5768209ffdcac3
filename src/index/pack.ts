/**
 * A pack: the segments of one channel on one root in one UTC day, from closed folders, kept as one index
 * row. Pure encoding; the store decides what is packed. Five float64s a member (start, end or NaN, size,
 * mtime, folder id) in start order, little-endian as on every platform Node runs on here; names joined by
 * '/', which no file name contains.
 */
import { DAY_MS } from '../archive/time.ts';

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
  /** the smallest size above 0 (Infinity when every member is empty): packs without small members are skipped */
  minSize: number;
}

const FIELDS = 5;
export { DAY_MS };

export function dayOf(t: number): number {
  return Math.floor(t / DAY_MS);
}

/**
 * Members on their way into a pack, kept as columns: a plain array of numbers is stored unboxed, so
 * thousands of queued members are not thousands of objects for the garbage collector to promote.
 */
export class MemberList {
  readonly names: string[] = [];
  readonly values: number[] = [];

  get length(): number {
    return this.names.length;
  }

  push(m: PackMember): void {
    this.names.push(m.name);
    this.values.push(m.start, m.end ?? Number.NaN, m.size, m.mtimeMs, m.dirId);
  }

  start(i: number): number {
    return this.values[i * FIELDS]!;
  }
}

/** Builds a pack from members taken in order, by position in a reader or as objects. */
class PackWriter {
  private readonly values: Float64Array;
  private readonly names: string[] = [];
  private n = 0;
  private bytes = 0;
  private minSize = Infinity;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity * FIELDS);
  }

  add(name: string, start: number, end: number, size: number, mtime: number, dirId: number): void {
    const at = this.n++ * FIELDS;
    this.values[at] = start;
    this.values[at + 1] = end;
    this.values[at + 2] = size;
    this.values[at + 3] = mtime;
    this.values[at + 4] = dirId;
    this.names.push(name);
    this.bytes += size;
    if (size > 0 && size < this.minSize) this.minSize = size;
  }

  copy(r: PackReader, i: number): void {
    const at = i * FIELDS;
    const v = r.raw;
    this.add(r.name(i), v[at]!, v[at + 1]!, v[at + 2]!, v[at + 3]!, v[at + 4]!);
  }

  done(): EncodedPack | undefined {
    if (this.n === 0) return undefined;
    const values = this.values.subarray(0, this.n * FIELDS);
    return {
      names: this.names.join('/'),
      members: Buffer.from(values.buffer, values.byteOffset, values.byteLength),
      count: this.n,
      firstStart: values[0]!,
      lastStart: values[(this.n - 1) * FIELDS]!,
      bytes: this.bytes,
      minSize: this.minSize,
    };
  }
}

/**
 * A pack with members added: the stored members are copied as numbers, not decoded into objects, so a
 * day of 10-second segments (8 640 a channel) costs no garbage to extend.
 */
export function extendPack(stored: PackReader | undefined, added: MemberList): EncodedPack {
  const order = Array.from({ length: added.length }, (_, k) => k);
  const nameOf = (k: number) => added.names[k]!;
  order.sort((a, b) => added.start(a) - added.start(b) || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  const count = stored?.count ?? 0;
  const w = new PackWriter(count + order.length);
  let i = 0;
  let j = 0;
  while (i < count || j < order.length) {
    const k = order[j];
    // the stored member goes first unless the added one starts earlier (or at once with a smaller name)
    const addedFirst = k !== undefined && (i >= count || added.start(k) < stored!.start(i) || (added.start(k) === stored!.start(i) && nameOf(k) < stored!.name(i)));
    if (!addedFirst) w.copy(stored!, i++);
    else {
      const v = added.values;
      const at = k * FIELDS;
      w.add(nameOf(k), v[at]!, v[at + 1]!, v[at + 2]!, v[at + 3]!, v[at + 4]!);
      j++;
    }
  }
  return w.done()!;
}

/** The pack without the members of one folder (undefined when none is left), and those members. */
export function withoutFolder(stored: PackReader, dirId: number): { pack: EncodedPack | undefined; taken: PackMember[] } {
  const w = new PackWriter(stored.count);
  const taken: PackMember[] = [];
  for (let i = 0; i < stored.count; i++) {
    if (stored.dirId(i) === dirId) taken.push(stored.member(i));
    else w.copy(stored, i);
  }
  return { pack: w.done(), taken };
}

/** Reads a pack's members by position; names are split only when one is asked for. */
export class PackReader {
  readonly count: number;
  /** the members' numbers, five a member */
  readonly raw: Float64Array;
  private nameList?: string[];

  constructor(private readonly names: string, blob: Uint8Array) {
    // a Float64Array needs an 8-byte aligned offset; a Buffer from SQLite may sit anywhere in its memory
    const aligned = blob.byteOffset % 8 === 0 ? blob : Uint8Array.prototype.slice.call(blob);
    this.raw = new Float64Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.byteLength / 8));
    this.count = Math.floor(this.raw.length / FIELDS);
  }

  start(i: number): number {
    return this.raw[i * FIELDS]!;
  }

  end(i: number): number | undefined {
    const v = this.raw[i * FIELDS + 1]!;
    return Number.isNaN(v) ? undefined : v;
  }

  size(i: number): number {
    return this.raw[i * FIELDS + 2]!;
  }

  mtime(i: number): number {
    return this.raw[i * FIELDS + 3]!;
  }

  dirId(i: number): number {
    return this.raw[i * FIELDS + 4]!;
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

}
