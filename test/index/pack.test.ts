import { describe, expect, it } from 'vitest';
import { extendPack, MemberList, PackReader, withoutFolder } from '../../src/index/pack.ts';
import { encodePack } from '../helpers/pack.ts';

describe('packs', () => {
  const members = [
    { name: '00.20.mp4', start: 2_000, size: 30, mtimeMs: 5.5, dirId: 7 },
    { name: '00.00.mp4', start: 0, end: 10_000, size: 10, mtimeMs: 1.25, dirId: 9 },
    { name: '00.10.mp4', start: 1_000, size: 20, mtimeMs: 3, dirId: 7 },
  ];

  it('round-trips members in start order, with unknown ends, sizes, mtimes and folders', () => {
    const p = encodePack(members);
    expect(p).toMatchObject({ count: 3, firstStart: 0, lastStart: 2_000, bytes: 60, names: '00.00.mp4/00.10.mp4/00.20.mp4' });
    const r = new PackReader(p.names, p.members);
    expect([0, 1, 2].map((i) => r.member(i))).toEqual([members[1], members[2], members[0]]);
    expect(r.end(1)).toBeUndefined();
  });

  it('reads a blob that does not sit on an 8-byte boundary (as SQLite may hand it over)', () => {
    const p = encodePack(members);
    const shifted = Buffer.alloc(p.members.length + 3);
    p.members.copy(shifted, 3);
    const r = new PackReader(p.names, shifted.subarray(3));
    expect(r.count).toBe(3);
    expect(r.size(2)).toBe(30);
    expect(r.mtime(0)).toBe(1.25);
  });

  it('finds the first member at or after a time', () => {
    const p = encodePack(members);
    const r = new PackReader(p.names, p.members);
    expect([-5, 0, 1, 1_000, 1_500, 2_000, 2_001].map((t) => r.firstAtOrAfter(t))).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it('extends a stored pack in start order and takes one folder back out of it', () => {
    const first = encodePack(members);
    const stored = new PackReader(first.names, first.members);
    const more = [
      { name: '00.15.mp4', start: 1_500, size: 5, mtimeMs: 9, dirId: 8 },
      { name: '00.30.mp4', start: 3_000, end: 4_000, size: 6, mtimeMs: 9, dirId: 8 },
      { name: '00.00.mp4', start: -1_000, size: 7, mtimeMs: 9, dirId: 8 },
    ];
    const list = new MemberList();
    for (const m of more) list.push(m);
    const grown = extendPack(stored, list);
    expect(grown).toMatchObject({ count: 6, firstStart: -1_000, lastStart: 3_000, bytes: 78 });
    const r = new PackReader(grown.names, grown.members);
    expect(Array.from({ length: r.count }, (_, i) => [r.start(i), r.dirId(i)])).toEqual([[-1_000, 8], [0, 9], [1_000, 7], [1_500, 8], [2_000, 7], [3_000, 8]]);
    const { pack, taken } = withoutFolder(r, 8);
    expect(taken.map((m) => m.start)).toEqual([-1_000, 1_500, 3_000]);
    expect(taken[2]).toEqual(more[1]);
    expect(pack).toMatchObject({ count: 3, firstStart: 0, lastStart: 2_000, bytes: 60, names: '00.00.mp4/00.10.mp4/00.20.mp4' });
    expect(withoutFolder(new PackReader(pack!.names, pack!.members), 7).pack).toMatchObject({ count: 1 });
    expect(withoutFolder(new PackReader(encodePack(more).names, encodePack(more).members), 8).pack).toBeUndefined();
  });
});
