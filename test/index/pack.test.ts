import { describe, expect, it } from 'vitest';
import { encodePack, PackReader } from '../../src/index/pack.ts';

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
});
