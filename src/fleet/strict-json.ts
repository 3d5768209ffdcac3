/**
 * Documents read back as their exact text says (issue 20): JSON.parse keeps the last of two equal keys
 * (`"verdict":"pass", ... "verdict":"fail"` reads as fail to one program and pass to another) and rounds
 * numbers silently (`1e999` is Infinity, written back as null; `90.000000000000000001` is 90). vstor writes
 * every number as JSON.stringify does and never repeats a key, so a document that does either was not
 * written by it as it stands. Pure: text in, value out, or one line saying where it is wrong.
 */
import { hasLoneSurrogate } from './canonical.ts';

/** Parses `text` as JSON, refusing duplicate keys and numbers JSON.stringify would not write back alike. */
export function parseStrictJson(text: string): unknown {
  const problem = strictProblem(text);
  if (problem) throw new SyntaxError(problem);
  return JSON.parse(text);
}

/** A walk over the text's tokens: objects' keys a level at a time, and every number literal. */
function strictProblem(text: string): string | undefined {
  const keys: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined; // JSON.parse says what is wrong
      const value = JSON.parse(text.slice(i, end + 1)) as string;
      if (hasLoneSurrogate(value)) return `string at character ${i} holds a lone surrogate (RFC 8785 3.2.2.2: not canonical)`;
      const top = keys[keys.length - 1];
      if (top && expectKey) {
        const key = value;
        if (top.has(key)) return `duplicate key ${JSON.stringify(key)} at character ${i}`;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      keys.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      keys.push(null);
    } else if (ch === '}' || ch === ']') {
      keys.pop();
    } else if (ch === ',') {
      expectKey = keys[keys.length - 1] !== null && keys.length > 0;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) return undefined;
      const n = Number(m[0]);
      if (!Number.isFinite(n) || JSON.stringify(n) !== m[0]) return `number ${m[0]} at character ${i} does not read back as written (it reads as ${JSON.stringify(n)})`;
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}
