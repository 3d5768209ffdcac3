/**
 * The digest and signature cover RFC 8785 bytes (issue 20, item 10): the RFC author's own test vectors
 * (fixtures/jcs/README.md), and the inputs the scheme refuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/fleet/canonical.ts';
import { parseStrictJson } from '../../src/fleet/strict-json.ts';

const JCS = join(import.meta.dirname, 'fixtures', 'jcs');
const vectors = readdirSync(JCS).filter((f) => f.endsWith('.input.json')).map((f) => f.replace('.input.json', ''));

describe('canonical JSON (RFC 8785)', () => {
  it('has the six vectors', () => expect(vectors.sort()).toEqual(['arrays', 'french', 'structures', 'unicode', 'values', 'weird']));

  it.each(vectors)('writes %s byte for byte as the RFC\'s vectors say', (name) => {
    const input = JSON.parse(readFileSync(join(JCS, `${name}.input.json`), 'utf8')) as unknown;
    const expected = readFileSync(join(JCS, `${name}.output.json`));
    expect(Buffer.from(canonicalJson(input), 'utf8').equals(expected.subarray(0, expected.length - (expected.at(-1) === 0x0a ? 1 : 0)))).toBe(true);
  });

  it('refuses what has no canonical form: lone surrogates and numbers outside JSON', () => {
    expect(() => canonicalJson({ name: 'gate\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
    expect(() => canonicalJson({ days: Infinity })).toThrow(/no JSON form/);
    expect(() => canonicalJson([Number.NaN])).toThrow(/no JSON form/);
    expect(canonicalJson({ smile: '\ud83d\ude02' })).toBe('{"smile":"😂"}');
  });

  it('reads back a document only when its text has one meaning', () => {
    expect(() => parseStrictJson('{"channel":"gate\\ud800"}')).toThrow(/lone surrogate/);
    expect(parseStrictJson('{"channel":"gate\\ud83d\\ude02"}')).toEqual({ channel: 'gate😂' });
  });
});
