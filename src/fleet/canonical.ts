/**
 * The canonical form of a JSON document, the bytes its digest and signature cover: object keys sorted by
 * code unit, no whitespace, strings and numbers as JSON.stringify writes them (the JSON Canonicalization
 * Scheme, RFC 8785, for the values vstor writes). It is computed over the document as parsed back from
 * its JSON text, so the writer and every reader digest the same values.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} has no JSON form (RFC 8785 3.2.2.3)`);
  if (typeof value === 'string') return canonicalString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${canonicalString(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

function canonicalString(text: string): string {
  if (hasLoneSurrogate(text)) throw new RangeError('a string with a lone surrogate has no canonical form (RFC 8785 3.2.2.2)');
  return JSON.stringify(text);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds half of a UTF-16 pair alone: no UTF-8 form, so no canonical bytes. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
