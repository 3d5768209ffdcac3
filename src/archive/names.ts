/**
 * File and folder names that are not UTF-8. Chinese NVR exports name folders in GBK (`大门` as b4f3c3c5), and
 * Node reads such a name as text with replacement characters: the path no longer leads to the file, and the
 * folder would vanish from the audit. Names are read as bytes; a name that is valid UTF-8 stays text, any
 * other is kept as a marker and its bytes in hex, so the index holds the exact bytes and every file-system
 * call gets them back. People and layouts see it decoded as GB18030 (a superset of GBK) with a marker.
 *
 * Self-contained (no imports): the rescan's worker thread runs `fsPath` by its source text.
 */

/** U+FFFF is a noncharacter: no name a recorder writes starts with it */
export const RAW_MARK = '\uffff';

/** The name as the index keeps it: the text when the bytes are UTF-8, else RAW_MARK + hex of the bytes. */
export function nameFromBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  // a round trip is exact only for valid UTF-8 (replacement characters re-encode differently)
  return Buffer.byteLength(text) === bytes.length && Buffer.from(text).equals(bytes) ? text : RAW_MARK + bytes.toString('hex');
}

export function isRawName(name: string): boolean {
  return name.charCodeAt(0) === 0xffff;
}

/**
 * A path the file-system calls take: the plain string when no part of `rel` was stored as bytes, else a
 * Buffer with each part's exact bytes.
 */
export function fsPath(base: string, rel: string): string | Buffer {
  const full = rel ? `${base}/${rel}` : base;
  if (!full.includes('\uffff')) return full;
  const parts = full.split('/').map((p) => (p.charCodeAt(0) === 0xffff ? Buffer.from(p.slice(1), 'hex') : Buffer.from(p)));
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(Buffer.from('/'));
    out.push(p);
  });
  return Buffer.concat(out);
}

const gb18030 = new TextDecoder('gb18030', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/**
 * A stored name's bytes decoded for people and layouts: as GB18030 (Chinese NVRs' GBK) when they are valid
 * GB18030 and decode to no character that two byte sequences share (the euro sign, private-use code
 * points); else as Windows-1252 (a European NAS's "Cámara Nº1"), which maps every byte to a character of its
 * own. Either way two different names never decode alike, and U+FFFD never appears: the decoded text (with
 * its encoding) can stand for the bytes in a channel's identity.
 */
export function decodeRaw(name: string, prefer?: RawEncoding): { text: string; encoding: RawEncoding } {
  const bytes = Buffer.from(name.slice(1), 'hex');
  if (prefer === 'CP1252') return { text: cp1252.decode(bytes), encoding: 'CP1252' };
  try {
    const text = gb18030.decode(bytes);
    if (!/[\u20ac\ue000-\uf8ff\ufffd]/.test(text)) return { text, encoding: 'GB18030' };
  } catch {
    // not GB18030
  }
  return { text: cp1252.decode(bytes), encoding: 'CP1252' };
}

export type RawEncoding = 'GB18030' | 'CP1252';

/**
 * The encoding a path's names that are not UTF-8 are read in: one for the whole path, since a recorder
 * writes its names in one (a Windows-1252 folder's files may happen to be valid GB18030). Windows-1252 when
 * any of them is not GB18030 (decodeRaw), else GB18030; undefined when all are UTF-8.
 */
export function pathEncoding(parts: string[]): RawEncoding | undefined {
  let found: RawEncoding | undefined;
  for (const p of parts) {
    if (!isRawName(p)) continue;
    if (decodeRaw(p).encoding === 'CP1252') return 'CP1252';
    found = 'GB18030';
  }
  return found;
}

/** How a stored name is shown: itself, or its bytes decoded (decodeRaw) and marked with the encoding. */
export function shownName(name: string): string {
  if (!isRawName(name)) return name;
  const { text, encoding } = decodeRaw(name);
  return `${text}〔${encoding}〕`;
}

/** How layouts read a stored name: itself, or its bytes decoded, unmarked (an extension stays an extension). */
export function readableName(name: string, prefer?: RawEncoding): string {
  return isRawName(name) ? decodeRaw(name, prefer).text : name;
}

/** A path with every part shown as shownName does. */
export function shownPath(path: string): string {
  return path.includes('\uffff') ? path.split('/').map(shownName).join('/') : path;
}
