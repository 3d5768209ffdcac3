/**
 * The canonical form of a JSON document, the bytes its digest and signature cover: object keys sorted by
 * code unit, no whitespace, strings and numbers as JSON.stringify writes them (the JSON Canonicalization
 * Scheme, RFC 8785, for the values vstor writes). It is computed over the document as parsed back from
 * its JSON text, so the writer and every reader digest the same values.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
