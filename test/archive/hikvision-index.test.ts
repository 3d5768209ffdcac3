/**
 * Issue 23: Hikvision's own index (`index00.bin`), read as the open readers read it (src/archive/hikvision/
 * index-file.ts cites them), on a real index a camera wrote (fixtures/hikvision/README.md), and on damage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseIndex, HEADER_BYTES, IndexError, parseIndex, parseShareInfo, SEGMENT_RECORD_BYTES } from '../../src/archive/hikvision/index-file.ts';
import { placeSegments } from '../../src/archive/hikvision/times.ts';

const real = gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'hikvision', 'yrambler2001-exampleV2-index00.bin.gz')));
const wall = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');

describe('a real Hikvision index (version 2)', () => {
  const index = parseIndex(real);

  it('gives the header, record count and first and last times the open readers give', () => {
    expect(index.header).toMatchObject({ version: 2, containers: 55, modifyTimes: 482_619n });
    expect(index.records).toBe(5492);
    const starts = index.segments.map((s) => s.startWall).sort((a, b) => a - b);
    expect(wall(starts[0]!)).toBe('2021-01-11 22:03:40');
    expect(wall(starts.at(-1)!)).toBe('2025-05-25 22:56:57');
    // the first record, as yrambler2001's reader prints it: hiv00000.mp4, bytes 0-2,881,484
    expect(index.segments[0]).toMatchObject({ container: 0, slot: 0, startWall: 1745856378, endWall: 1745856392, startOffset: 0, endOffset: 2881484 });
  });

  it('reads the wall clock in the device zone: Asia/Shanghai is 8 h before UTC', () => {
    const { placed } = placeSegments(index.segments.slice(0, 1), 'Asia/Shanghai');
    expect(new Date(placed[0]!.start).toISOString()).toBe('2025-04-28T08:06:18.091Z');
  });
});

describe('damage', () => {
  it('refuses a zeroed, truncated or overcounting index in one line', () => {
    expect(() => parseIndex(new Uint8Array(HEADER_BYTES))).toThrow(IndexError);
    expect(() => parseIndex(new Uint8Array(HEADER_BYTES))).toThrow('its header is zeros (a blank or wiped index)');
    expect(() => parseIndex(real.subarray(0, 100))).toThrow('100 bytes, shorter than the 1280-byte header');
    const over = Buffer.from(real);
    over.writeUInt32LE(100_000, 12);
    expect(() => parseIndex(over)).toThrow(/counts 100000 containers, whose records need \d+ bytes; the file has 16777216/);
  });

  it('keeps out records that cannot be footage, saying so', () => {
    const bad = Buffer.from(real);
    const first = HEADER_BYTES + 55 * 32;
    bad.writeUInt32LE(1745856000, first + 16); // ends before it starts
    bad.writeUInt32LE(300 * 1024 * 1024, first + SEGMENT_RECORD_BYTES + 44); // runs past the container
    const index = parseIndex(bad);
    expect(index.records).toBe(5492);
    expect(index.segments).toHaveLength(5490);
    expect(index.problems).toEqual(['hiv00000.mp4 record 0 ends before it starts', "hiv00000.mp4 record 1 runs past its container's 268435456 bytes (to 314572800)"]);
  });

  it('uses the newer of two copies, and says when a copy cannot be read', () => {
    const older = Buffer.from(real);
    older.writeBigUInt64LE(482_000n, 0);
    expect(chooseIndex([{ name: 'index00.bin', bytes: older }, { name: 'index01.bin', bytes: real }]).from).toBe('index01.bin');
    const r = chooseIndex([{ name: 'index00.bin', bytes: new Uint8Array(10) }, { name: 'index01.bin', bytes: real }]);
    expect(r.from).toBe('index01.bin');
    expect(r.warnings).toEqual(['index00.bin: 10 bytes, shorter than the 1280-byte header; its copy is used']);
    expect(() => chooseIndex([{ name: 'index00.bin', bytes: new Uint8Array(10) }])).toThrow('the index cannot be read');
  });

  it('reads info.bin as libHikvision does, and refuses garbage', () => {
    const info = new Uint8Array(68);
    info.set(new TextEncoder().encode('DS-2CD2443G2-IW20230101AAWRJ12345678'), 0);
    new DataView(info.buffer).setUint32(64, 2, true);
    expect(parseShareInfo(info)).toEqual({ serial: 'DS-2CD2443G2-IW20230101AAWRJ12345678', dataDirs: 2 });
    expect(() => parseShareInfo(new Uint8Array(68).fill(0xff))).toThrow(/not text/);
  });
});

describe('the repeated autumn hour', () => {
  it('is placed by the index order: a record after one in the second pass is in the second pass', () => {
    // Europe/Berlin, 2024-10-27: 02:00-03:00 happens twice (CEST, then CET)
    const at = (h: number, m: number) => Date.UTC(2024, 9, 27, h, m) / 1000;
    const rec = (slot: number, start: number) => ({ container: 0, slot, type: 0, status: 0, startWall: start, endWall: start + 600, startMicros: 0, endMicros: 0, startOffset: slot * 10, endOffset: slot * 10 + 5 });
    const { placed } = placeSegments([rec(0, at(2, 40)), rec(1, at(2, 10)), rec(2, at(2, 30))], 'Europe/Berlin');
    expect(placed.map((p) => new Date(p.start).toISOString())).toEqual(['2024-10-27T00:40:00.000Z', '2024-10-27T01:10:00.000Z', '2024-10-27T01:30:00.000Z']);
  });
});
