/**
 * JSON with exact integers: bigint byte counts are written as bare integer literals (JSON.stringify
 * refuses bigint, and a Number loses digits past 2^53, which 10^18 bytes is).
 */
const MARK = '\u0000bigint:';

export function toJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${MARK}${v.toString()}` : v), indent);
  return text.replace(new RegExp(`"${MARK.replace('\u0000', '\\\\u0000')}(-?\\d+)"`, 'g'), '$1');
}

/** Arrays longer than this are written an element at a time by `jsonChunks`. */
const STREAM_FROM = 256;

/**
 * The text `toJson(value)` gives, in pieces: long arrays an element at a time, so a plan of 100,000 groups is
 * never one 100 MB string (and its copies) in memory. Joined, the pieces are exactly toJson's text.
 */
export function* jsonChunks(value: unknown, depth = 0): Generator<string> {
  const pad = '  '.repeat(depth);
  const inner = '  '.repeat(depth + 1);
  const nested = (v: unknown): string => toJson(v).replace(/\n/g, `\n${inner}`);
  if (Array.isArray(value) && value.length >= STREAM_FROM) {
    yield '[\n';
    for (let i = 0; i < value.length; i++) yield `${inner}${nested(value[i])}${i < value.length - 1 ? ',' : ''}\n`;
    yield `${pad}]`;
    return;
  }
  const entries = isPlainObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function') : [];
  if (entries.length === 0 || !entries.some(([, v]) => holdsLongArray(v))) {
    yield toJson(value).replace(/\n/g, `\n${pad}`);
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield `${inner}${JSON.stringify(k)}: `;
    yield* jsonChunks(v, depth + 1);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${pad}}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

function holdsLongArray(v: unknown, depth = 0): boolean {
  if (Array.isArray(v)) return v.length >= STREAM_FROM;
  if (!isPlainObject(v) || depth > 3) return false;
  return Object.values(v).some((x) => holdsLongArray(x, depth + 1));
}
