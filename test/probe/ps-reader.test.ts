/**
 * The in-process program stream reader on real Hikvision stream starts: the two record starts quoted in
 * yrambler2001/hikvision-ezviz-sdcard-video-extractor `mpegPsValidator.js` ("User Example 1/2 (Valid)",
 * MIT licence, Copyright (c) yrambler2001), bytes as the camera wrote them at a record's start offset.
 */
import { describe, expect, it } from 'vitest';
import { hikClock, hikClockDescriptor, readPsRange } from '../../src/probe/ps-reader.ts';
import { withDeviceClock } from '../../src/samples/hikvision.ts';

const EXAMPLE_1 = '000001BA5F6C4F8EF40107447FFEFFFF072DFBEC000001BB001283A23F04E17FE0E080C0C008BDE080BFE080000001BC005EF2FF0024400E484B0100194E4064A2DF00FFFFFF4112484B000102030405060708090A0B0C0D0E0F003024E0001C420E071010EA0A8005F0191000001C212A0A7FFF000007081FFE50BE90C0000C430A0140FE007D0303E803FF337DB994000001E0002A8C800927DB13E3BDFFFFFFFC0000000140010C03FFFF0160000003008000000300000300960000BDE048000001E0005E8C0005FFFFFFFFFC000000014201030160000003008000000300000300960000A001502005F1FE36F7DDA9BBB92FD80B70101010400000FA0000186A1C877B944002D6A000331840016B5000198C21000B5A8000CC610005AD4000663088000001E000168C0005FFFFFFFFFC000000014401C172B09C1C0E6640000001E0';
const EXAMPLE_2 = '000001BA441DEC421401028F63FEFFFF00001833000001BB00128147B104E17FE0E080C0C008BDE080BFE080000001BC005EFDFF0024400E484B000219765424E80F00FFFFFF4112484B000102030405060708090A0B0C0D0E0F003024E0001C420E071010EA0A0005A0111F00001C202A0A7FFF000007081FFE40B40FC0000C430A0090FE00FA0301F403FF3C99A1C2000001E000268C800721077B1085FFFC0000000140010C01FFFF01600000030000030000030000030096AC09000001E000368C0003FFFFFC0000000142010101600000030000030000030000030096A001402005A1636B924E5337010101040000384000057E4284000001E000128C0004FFFFFFFC000000014401C0F2F02240000001E0FFD28C0002FFFD000000012601AD1D';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('a Hikvision program stream read in-process', () => {
  it("reads the device's clock and the codec from the stream map of real record starts", () => {
    const one = readPsRange(Buffer.from(EXAMPLE_1, 'hex'));
    expect(one.problem).toBeUndefined();
    expect(one.codec).toBe('hevc');
    expect(iso(one.firstClock)).toBe('2025-04-28T16:06:18.557Z');
    const two = readPsRange(Buffer.from(EXAMPLE_2, 'hex'));
    expect(iso(two.firstClock)).toBe('2025-07-12T21:02:19.640Z');
  });

  it('accepts the IMKH file header before the first pack, and nothing else before it', () => {
    const imkh = Buffer.concat([Buffer.from('IMKH'), Buffer.alloc(36, 1), Buffer.from(EXAMPLE_1, 'hex')]);
    expect(iso(readPsRange(imkh).firstClock)).toBe('2025-04-28T16:06:18.557Z');
    const midStream = Buffer.from(EXAMPLE_1, 'hex').subarray(7);
    expect(readPsRange(midStream).problem).toMatch(/do not begin a program stream/);
    expect(readPsRange(new Uint8Array(4096)).problem).toBe('its bytes are zeros');
    expect(readPsRange(new Uint8Array(0)).problem).toBe('the range is empty');
  });

  it('writes the clock descriptor as the devices do and reads it back; a descriptor naming no date is none', () => {
    for (const t of [Date.UTC(2026, 11, 5, 19, 12, 34, 567), Date.UTC(2031, 0, 31, 23, 59, 59, 999), Date.UTC(2000, 1, 29, 0, 0, 0, 0)]) {
      expect(hikClock(hikClockDescriptor(t))).toBe(t);
    }
    const bad = hikClockDescriptor(Date.UTC(2026, 0, 1));
    bad[7] = 0xd0; // month 13
    expect(hikClock(bad)).toBeUndefined();
  });

  it("reads the first clock from a range's head and the last clock and the PTS span from its tail", () => {
    // one frame a pack: pack header, then a video PES with a PTS 0, 1, 2 ... seconds
    const pes = (pts: number) => {
      const p = pts * 90_000;
      const b = [0x21 | ((Math.floor(p / 2 ** 30) & 7) << 1), (p >>> 22) & 0xff, ((p >>> 14) & 0xfe) | 1, (p >>> 7) & 0xff, ((p << 1) & 0xfe) | 1];
      return [0, 0, 1, 0xba, 0x44, 0, 4, 0, 4, 1, 0, 0, 3, 0xf8, 0, 0, 1, 0xe0, 0, 8 + 100, 0x80, 0x80, 5, ...b, ...new Array(100).fill(0x11)];
    };
    const stream = Uint8Array.from(Array.from({ length: 30 }, (_, i) => pes(i)).flat());
    const clocked = withDeviceClock(stream, Date.UTC(2026, 5, 1, 8, 0, 0));
    const read = readPsRange(clocked.subarray(0, 300), clocked.subarray(clocked.length - 500));
    expect(iso(read.firstClock)).toBe('2026-06-01T08:00:00.000Z');
    expect(iso(read.lastClock)).toBe('2026-06-01T08:00:29.000Z');
    expect(read.ptsSpan).toBe(29);
  });
});
