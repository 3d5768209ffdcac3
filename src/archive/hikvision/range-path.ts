/**
 * A recording inside a Hikvision container is a byte range of it, named in the index as the container and
 * the range: `hiv00042.mp4@2883584-10709556` (archive/hikvision/tree.ts writes such names). The probe reads it
 * as ffmpeg's subfile protocol does, a window onto the container; nothing is copied, the archive is only read.
 */
const RANGE = /^(.*\/hiv\d{5}\.mp4)@(\d+)-(\d+)$/;

export interface ByteRange {
  file: string;
  start: number;
  end: number;
}

export function rangeName(container: string, start: number, end: number): string {
  return `${container}@${start}-${end}`;
}

/** The container and its range when `path` names a range, else undefined. */
export function byteRangeOf(path: string): ByteRange | undefined {
  const m = RANGE.exec(path);
  return m ? { file: m[1]!, start: Number(m[2]), end: Number(m[3]) } : undefined;
}

/** The input ffprobe and ffmpeg read for a segment: the file, or a window onto its container. */
export function mediaInput(absPath: string): string {
  const r = byteRangeOf(absPath);
  return r ? `subfile,,start,${r.start},end,${r.end},,:file:${r.file}` : `file:${absPath}`;
}
