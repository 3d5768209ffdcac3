import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { formatBitrate, formatBytes, groupDigits } from '../../src/units/format.ts';
import { parseBitrate, parseCount, parsePercent, parseSize } from '../../src/units/parse.ts';

describe('parseBitrate', () => {
  it.each([
    ['8Mbps', 8_000_000],
    ['8 Mbps', 8_000_000],
    ['8 Mbit/s', 8_000_000],
    ['8Mb/s', 8_000_000],
    ['8000kbps', 8_000_000],
    ['8000 kbit/s', 8_000_000],
    ['8M', 8_000_000],
    ['8m', 8_000_000],
    ['1.5Mbps', 1_500_000],
    ['512kbps', 512_000],
    ['64 kbit/s', 64_000],
    ['1Gbps', 1_000_000_000],
    ['2 Mibit/s', 2_097_152],
  ])('%s is %d bit/s', (text, bps) => {
    const r = parseBitrate('--bitrate', text);
    expect(r.bps.toNumber()).toBe(bps);
    expect(r.note).toBeUndefined();
  });

  it.each([
    ['8MB/s', 64_000_000],
    ['8MBps', 64_000_000],
    ['1 MB/s', 8_000_000],
  ])('%s is megabytes: %d bit/s, with a note saying so', (text, bps) => {
    const r = parseBitrate('--bitrate', text);
    expect(r.bps.toNumber()).toBe(bps);
    expect(r.note).toMatch(/bytes per second/);
  });

  it.each(['', 'fast', '8', '8 XB/s', '-8Mbps', '0Mbps', '8 Mbps extra', '8Zbps'])('refuses %j', (text) => {
    expect(() => parseBitrate('--bitrate', text)).toThrow(InputError);
    expect(() => parseBitrate('--bitrate', text)).toThrow(/^--bitrate: /);
  });
});

describe('parseSize', () => {
  it.each([
    ['16TB', 16_000_000_000_000n],
    ['16 TB', 16_000_000_000_000n],
    ['16T', 16_000_000_000_000n],
    ['500GB', 500_000_000_000n],
    ['1.1TB', 1_100_000_000_000n],
    ['14.5 TiB', 15_942_918_602_752n],
    ['1 PiB', 1_125_899_906_842_624n],
    ['500kB', 500_000n],
    ['1EB', 1_000_000_000_000_000_000n],
    ['1000PB', 1_000_000_000_000_000_000n],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize('--disk', text)).toBe(bytes);
  });

  it('names bits as bits and refuses them', () => {
    expect(() => parseSize('--disk', '16tb')).toThrow(/in bits/);
    expect(() => parseSize('--disk', '16Tb')).toThrow(/--disk: "16Tb" is in bits; expected bytes, e.g. 16TB/);
  });

  it.each(['16XB', '', 'big', '0TB', '-1TB', '1.5B'])('refuses %j', (text) => {
    expect(() => parseSize('--disk', text)).toThrow(/^--disk: /);
  });
});

describe('parsePercent and parseCount', () => {
  it('reads percentages exactly', () => {
    expect(parsePercent('--overhead', '10%').toString()).toBe('0.1');
    expect(parsePercent('--overhead', '0%').toString()).toBe('0');
    expect(parsePercent('--overhead', '12.5').toString()).toBe('0.125');
    expect(() => parsePercent('--overhead', '100%', { belowMax: true })).toThrow(/--overhead: expected a percentage from 0% and below 100%/);
    expect(() => parsePercent('--duty', '0%', { aboveMin: true })).toThrow(/--duty/);
    expect(() => parsePercent('--duty', '150%')).toThrow(/--duty/);
  });

  it('reads counts and refuses the rest', () => {
    expect(parseCount('--channels', '1000')).toBe(1000);
    expect(parseCount('--spares', '0', 0)).toBe(0);
    for (const bad of ['0', '-5', '1.5', 'ten', '', '1e3']) {
      expect(() => parseCount('--channels', bad)).toThrow(/^--channels: expected a whole number/);
    }
  });
});

describe('format', () => {
  it('shows bytes in SI and IEC', () => {
    expect(formatBytes(7_776_000_000_000n)).toBe('7.776 TB');
    expect(formatBytes(7_776_000_000_000_000n)).toBe('7.776 PB');
    expect(formatBytes(7_776_000_000_000n, 'iec')).toBe('7.072 TiB');
    expect(formatBytes(7_776_000_000_000_000n, 'iec')).toBe('6.906 PiB');
    expect(formatBytes(999n)).toBe('999 B');
    expect(formatBitrate(8_000_000)).toBe('8 Mbit/s');
    expect(groupDigits(7_776_000_000_000_000n)).toBe('7,776,000,000,000,000');
  });
});
