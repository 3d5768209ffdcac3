/**
 * Placing a segment named in the hour that repeats when the clock is turned back (autumn, in local-time
 * layouts): its name fits two instants an hour apart, and only evidence tells which. The file's mtime is
 * an instant (when the recorder last wrote it: the segment's end), so it says which pass the segment
 * belongs to. Pure.
 *
 * Where the mtime cannot tell (a copied archive), the first pass is taken and the placement counted as
 * guessed. That can only misplace footage onto the other pass: the hour it leaves empty shows as a gap, so
 * a guess can fail a channel that is fine, never pass one that is not.
 */
import { DAY_MS } from './time.ts';
import type { ParsedSegment } from './layouts/types.ts';

export interface Placement {
  start: number;
  end?: number;
  /** the mtime could not tell the passes apart: the first pass was taken */
  guessed: boolean;
}

/** How far an mtime may lie from the end it stands for (a recorder closes a file a little after its last frame). */
const END_SLACK_MS = 10 * 60_000;

/**
 * `typicalMs`: how long the folder's other segments last by their mtimes (undefined when none tells), used
 * where both passes fit the mtime: an hour-long segment's mtime falls where the second pass starts.
 */
export function placeSegment(p: ParsedSegment, mtime: number, typicalMs?: number): Placement {
  if (p.startLater === undefined && p.endLater === undefined) return { start: p.start, end: p.end, guessed: false };
  const starts = p.startLater === undefined ? [p.start] : [p.start, p.startLater];
  if (p.end !== undefined) {
    const ends = p.endLater === undefined ? [p.end] : [p.end, p.endLater];
    // the end the mtime stands for; the start that makes the most sense before it
    const byMtime = [...ends].sort((a, b) => Math.abs(mtime - a) - Math.abs(mtime - b))[0]!;
    const usable = Math.abs(mtime - byMtime) <= END_SLACK_MS;
    const end = usable ? byMtime : ends[0]!;
    const start = startBefore(starts, end, p.wallLengthMs);
    if (start === undefined) return { start: p.start, end: p.end, guessed: true };
    return { start, end, guessed: !usable && ends.length > 1 };
  }
  // a start only: the passes that began before the file was last written, the length closest to the usual
  const fits = starts.filter((s) => s <= mtime + 2_000 && mtime - s <= (typicalMs ?? 3_600_000) * 1.5 + END_SLACK_MS);
  if (fits.length === 0) return { start: p.start, guessed: true };
  const start =
    typicalMs === undefined
      ? fits[fits.length - 1]!
      : [...fits].sort((a, b) => Math.abs(mtime - a - typicalMs) - Math.abs(mtime - b - typicalMs))[0]!;
  return { start, guessed: false };
}

/** Of the candidate starts before `end`, the one whose length is closest to what the wall clock says. */
function startBefore(starts: number[], end: number, wallLengthMs: number | undefined): number | undefined {
  const before = starts.filter((s) => s < end);
  if (before.length === 0) return undefined;
  const want = wallLengthMs !== undefined && wallLengthMs > 0 ? wallLengthMs : 0;
  return before.sort((a, b) => Math.abs(end - a - want) - Math.abs(end - b - want))[0];
}

/**
 * How long a folder's segments usually last by their mtimes: the median of mtime - start over those whose
 * time is not in doubt, when it is plausible (under a day).
 */
export function typicalLength(items: { start: number; mtime: number; ambiguous: boolean }[]): number | undefined {
  const lengths = items.filter((i) => !i.ambiguous && i.mtime > i.start && i.mtime - i.start < DAY_MS).map((i) => i.mtime - i.start);
  if (lengths.length === 0) return undefined;
  lengths.sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)];
}
