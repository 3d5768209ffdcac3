/** Reads up to `length` bytes at `from` of an open file: fewer at its end, never past it. */
import { readSync } from 'node:fs';

export function readAt(fd: number, from: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, length));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, from + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
