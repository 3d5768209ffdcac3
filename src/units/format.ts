/** Human-readable quantities. Exact values stay bigint; only these display strings round. */
import { remembering } from './remember.ts';
import { big, type Big } from './decimal.ts';

export type UnitSystem = 'si' | 'iec';

const SI = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB'];
const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB'];

/** 7776000000000n -> "7.776 TB" (si) or "7.072 TiB" (iec); at most three decimals, trailing zeros cut. */
/**
 * Texts of figures by their value: a plan of 100,000 groups of a few kinds formats a few hundred distinct
 * sizes and rates, each in ~10 us of BigNumber arithmetic, not a million.
 */
const remembered = remembering<string>(8192);

export function formatBytes(bytes: bigint | Big, units: UnitSystem = 'si', decimals = 3): string {
  return remembered(`B|${bytes.toString()}|${units}|${decimals}`, () => bytesText(bytes, units, decimals));
}

function bytesText(bytes: bigint | Big, units: UnitSystem, decimals: number): string {
  const value = typeof bytes === 'bigint' ? big(bytes) : bytes;
  const base = units === 'si' ? 1000 : 1024;
  const names = units === 'si' ? SI : IEC;
  let i = 0;
  let scaled = value;
  while (i < names.length - 1 && scaled.abs().gte(base)) {
    scaled = scaled.div(base);
    i++;
  }
  return `${trim(scaled.toFixed(decimals))} ${names[i]}`;
}

const RATES = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s', 'Pbit/s'];

/** 8000000 -> "8 Mbit/s"; bit rates are always decimal. */
export function formatBitrate(bps: Big | number, decimals = 3): string {
  return remembered(`b|${bps.toString()}|${decimals}`, () => bitrateText(bps, decimals));
}

function bitrateText(bps: Big | number, decimals: number): string {
  let scaled = big(bps as number);
  let i = 0;
  while (i < RATES.length - 1 && scaled.abs().gte(1000)) {
    scaled = scaled.div(1000);
    i++;
  }
  return `${trim(scaled.toFixed(decimals))} ${RATES[i]}`;
}

/** Bytes a second in MB/s (decimal), the figure storage vendors quote for sustained writes. */
export function formatWriteRate(bytesPerSecond: Big, units: UnitSystem = 'si'): string {
  const div = units === 'si' ? 1e6 : 1024 * 1024;
  return `${trim(bytesPerSecond.div(div).toFixed(2))} ${units === 'si' ? 'MB/s' : 'MiB/s'}`;
}

/** 7776000000000000n -> "7,776,000,000,000,000" */
export function groupDigits(n: bigint | number): string {
  const s = n.toString();
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatFixed(value: Big | number, decimals = 2): string {
  return trim(big(value as number).toFixed(decimals));
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
