/**
 * A walk over an MP4's top-level boxes (size + type headers only). A file cut off mid-write keeps the
 * header of a box whose declared size runs past the end of the file; ffprobe passes such a file with exit 0
 * when the moov box came first (faststart), so this check catches what ffprobe cannot.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const MP4_LIKE = /\.(mp4|m4v|mov)$/i;
/** boxes an MP4/QuickTime file can start with */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp', 'sidx', 'moof']);

export function isMp4Like(path: string): boolean {
  return MP4_LIKE.test(path);
}

/** A top-level box: its type, where it starts and its whole size; or why the walk cannot go on. */
export type TopBox = { type: string; at: number; size: number } | { problem: string };

/**
 * The top-level boxes of an open MP4, by their headers only, in order; a box that runs past the end of the
 * file, a header that is not one, or stray bytes at the end end the walk with the problem.
 */
export function* topLevelBoxes(fd: number, size: number): Generator<TopBox> {
  const header = Buffer.alloc(16);
  let offset = 0;
  let boxes = 0;
  while (offset < size) {
    if (size - offset < 8) {
      yield { problem: `truncated: ${size - offset} stray bytes after the last box` };
      return;
    }
    readSync(fd, header, 0, 16, offset);
    let boxSize = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (boxes === 0 && !FIRST_BOXES.has(type)) return void (yield { problem: 'not an MP4 file (no MP4 box at the start)' });
    if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) return void (yield { problem: `corrupt box header at byte ${offset}` });
    if (boxSize === 1) {
      if (size - offset < 16) return void (yield { problem: `truncated: box ${type} header cut off` });
      boxSize = Number(header.readBigUInt64BE(8));
    } else if (boxSize === 0) {
      boxSize = size - offset; // runs to the end of the file by definition
    }
    if (boxSize < 8) return void (yield { problem: `corrupt box ${type} at byte ${offset}` });
    if (offset + boxSize > size) return void (yield { problem: `truncated: box ${type} ends at byte ${offset + boxSize}, the file at ${size}` });
    yield { type, at: offset, size: boxSize };
    offset += boxSize;
    boxes++;
  }
}

/** Returns why the box structure is broken, or undefined when every top-level box fits in the file. */
export function mp4BoxProblem(path: string | Buffer): string | undefined {
  const fd = openSync(path, 'r');
  try {
    let sawMoov = false;
    for (const box of topLevelBoxes(fd, fstatSync(fd).size)) {
      if ('problem' in box) return box.problem;
      if (box.type === 'moov') sawMoov = true;
    }
    return sawMoov ? undefined : 'no moov box (recording never finished)';
  } finally {
    closeSync(fd);
  }
}
