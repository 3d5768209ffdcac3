/**
 * Parsing of the quantities users type: bitrates, sizes, percentages, counts. Every parser names the
 * input in its error so the CLI can print one clear line. Units go through mathjs so that bytes and bits
 * can never be confused: "8MB/s" is megabytes, which we accept only as 64 Mbit/s and say so.
 */
import { expected, InputError } from '../errors.ts';
import { big, math, type Big } from './decimal.ts';
import { remembering } from './remember.ts';

export interface ParsedBitrate {
  /** bits per second, exact */
  bps: Big;
  /** set when the input was in bytes per second and was converted; the CLI shows it */
  note?: string;
}

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;

/**
 * Results of the unit parsers by their text: a plan of 100,000 groups repeats a few dozen texts
 * (`4Mbps`, `100%`), and mathjs takes ~20 us a unit. Only results are kept; a bad text throws each time,
 * naming its own input. Values are immutable (bigint, BigNumber).
 */
const bitrates = remembering<Big>(4096);
const sizes = remembering<bigint>(4096);
const percents = remembering<Big>(4096);
const positives = remembering<Big>(4096);
const BITRATE = new RegExp(
  String.raw`^${NUMBER}\s*([kmgt]?)(i?)\s*(bps|bits?/s|b/s|bit|bits|Bps|B/s|bytes?/s|)$`,
  'i',
);

/**
 * Accepts `8Mbps`, `8 Mbit/s`, `8Mb/s`, `8000kbps`, `8M`, `512 kbit/s`. A capital B after the prefix
 * (`8MB/s`, `8MBps`) means bytes: converted to bits with a note, never silently.
 */
export function parseBitrate(input: string, text: string): ParsedBitrate {
  const trimmed = String(text).trim();
  // a text in bytes a second is parsed each time: its note names the input it came from
  if (/B(ps|\/s)|bytes?\/s/.test(trimmed)) return readBitrate(input, text, trimmed);
  return { bps: bitrates(trimmed, () => readBitrate(input, text, trimmed).bps) };
}

function readBitrate(input: string, text: string, trimmed: string): ParsedBitrate {
  const m = BITRATE.exec(trimmed);
  if (!m) throw expected(input, text, 'a bitrate such as 8Mbps, 8 Mbit/s or 8000kbps');
  const [, num, rawPrefix, binary, rawUnit] = m;
  if (!rawPrefix && !rawUnit) throw expected(input, text, `a bitrate with a unit, e.g. ${bitrateHint(num!)}`);
  const unitIsBytes = /^(B\/s|Bps|bytes?\/s)$/.test(rawUnit!);
  const prefix = rawPrefix!.toLowerCase() === 'k' ? 'k' : rawPrefix!.toUpperCase();
  if (binary && !prefix) throw expected(input, text, 'a bitrate such as 8Mbps (binary prefix without a size)');
  const unitPrefix = binary ? (prefix === 'k' ? 'Ki' : `${prefix}i`) : prefix;
  const value = math.unit(big(num!), `${unitPrefix}${unitIsBytes ? 'B' : 'b'}/s`);
  const bps = value.toNumeric('b/s') as Big;
  if (bps.isZero()) throw expected(input, text, 'a bitrate above zero');
  if (unitIsBytes) {
    return { bps, note: `${input} ${trimmed} is bytes per second: read as ${formatBitsPlain(bps)} (use Mbps for megabits)` };
  }
  return { bps };
}

/**
 * A unit for a bare number that makes a valid example: 8 -> 8Mbps, 8000 -> 8000kbps, 8000000 -> 8000000bps
 * (read as bits a second, the number is what it was), 0 -> 8Mbps (zero is no bitrate at all).
 */
function bitrateHint(num: string): string {
  const n = Number(num);
  if (!(n > 0)) return '8Mbps or 4096kbps';
  if (n >= 100_000) return `${num}bps (= ${n / 1e6} Mbit/s)`;
  if (n >= 100) return `${num}kbps`;
  return `${num}Mbps or ${num}kbps`;
}

function formatBitsPlain(bps: Big): string {
  return `${bps.div(1e6).toString()} Mbit/s`;
}

const SIZE = new RegExp(String.raw`^${NUMBER}\s*([kmgtpe]?)(i?)(b?)$`, 'i');

/**
 * A size in bytes: `16TB`, `16 TB`, `16T`, `14.5 TiB`, `500GB`. Disks are sold in decimal units, so `TB`
 * is 10^12. A lower-case `b` means bits and is refused: nobody sells disks in terabits.
 */
export function parseSize(input: string, text: string): bigint {
  const trimmed = String(text).trim();
  return sizes(trimmed, () => readSize(input, text, trimmed));
}

function readSize(input: string, text: string, trimmed: string): bigint {
  const m = SIZE.exec(trimmed);
  if (!m) throw expected(input, text, 'a size such as 16TB, 14.5TiB or 500GB');
  const [, num, rawPrefix, binary, b] = m;
  if (b === 'b') throw new InputError(`${input}: "${trimmed}" is in bits; expected bytes, e.g. ${num}${rawPrefix!.toUpperCase()}${binary}B`);
  // a bare number is not bytes by default: "--disk 16" means 16 TB to a person and 16 B to a parser
  if (!rawPrefix && !binary && !b) throw expected(input, text, `a size with a unit, e.g. ${sizeHint(num!)}`);
  const prefix = rawPrefix!.toLowerCase() === 'k' ? (binary ? 'Ki' : 'k') : `${rawPrefix!.toUpperCase()}${binary ? 'i' : ''}`;
  if (binary && !rawPrefix) throw expected(input, text, 'a size such as 16TB, 14.5TiB or 500GB');
  const bytes = (math.unit(big(num!), `${prefix}B`).toNumeric('B') as Big);
  if (!bytes.isInteger()) throw expected(input, text, 'a whole number of bytes');
  if (bytes.isZero()) throw expected(input, text, 'a size above zero');
  return BigInt(bytes.toFixed(0));
}

/** A unit for a bare size that makes a plausible example: 16 -> 16TB, 500 -> 500GB. */
function sizeHint(num: string): string {
  const n = Number(num);
  if (!(n > 0)) return '16TB';
  return n < 100 ? `${num}TB` : n < 100_000 ? `${num}GB` : `${num}B`;
}

const PERCENT = new RegExp(String.raw`^${NUMBER}\s*%?$`);

/**
 * A percentage: `10%`, `10`, `0%`, `12.5%`. Returns the fraction (0.1) exactly. Bounds are inclusive
 * unless `aboveMin`/`belowMax` say otherwise.
 */
export function parsePercent(
  input: string,
  text: string | number,
  bounds: { min?: number; max?: number; aboveMin?: boolean; belowMax?: boolean } = {},
): Big {
  const trimmed = String(text).trim();
  const { min = 0, max = 100, aboveMin = false, belowMax = false } = bounds;
  return percents(`${trimmed}|${min}|${max}|${aboveMin}|${belowMax}`, () => readPercent(input, text, trimmed, min, max, aboveMin, belowMax));
}

function readPercent(input: string, text: string | number, trimmed: string, min: number, max: number, aboveMin: boolean, belowMax: boolean): Big {
  const m = PERCENT.exec(trimmed);
  const range = `${aboveMin ? 'above' : 'from'} ${min}% ${belowMax ? 'and below' : 'to'} ${max}%`;
  if (!m) throw expected(input, text, `a percentage ${range}, e.g. 10%`);
  const pct = big(m[1]!);
  if (pct.lt(min) || pct.gt(max) || (aboveMin && pct.eq(min)) || (belowMax && pct.eq(max))) {
    throw expected(input, text, `a percentage ${range}`);
  }
  return pct.div(100);
}

/** A whole number >= min (1 by default): channels, days, disks. */
export function parseCount(input: string, text: string | number, min = 1): number {
  const trimmed = String(text).trim();
  if (!/^\d+$/.test(trimmed)) throw expected(input, text, min === 0 ? 'a whole number (0 or more)' : `a whole number of at least ${min}`);
  const n = Number(trimmed);
  if (!Number.isSafeInteger(n) || n < min) throw expected(input, text, `a whole number of at least ${min}`);
  return n;
}

/** A positive decimal number: hours a day, days held. */
export function parsePositive(input: string, text: string | number, max?: number): Big {
  const trimmed = String(text).trim();
  return positives(`${trimmed}|${max}`, () => readPositive(input, text, trimmed, max));
}

function readPositive(input: string, text: string | number, trimmed: string, max?: number): Big {
  if (!new RegExp(String.raw`^${NUMBER}$`).test(trimmed)) throw expected(input, text, 'a positive number');
  const n = big(trimmed);
  if (n.lte(0)) throw expected(input, text, 'a number above zero');
  if (max !== undefined && n.gt(max)) throw expected(input, text, `a number no greater than ${max}`);
  return n;
}
