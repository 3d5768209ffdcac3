/**
 * Continuous or event recording, read from the files (issue 19, item 3). Shinobi, motion and ZoneMinder
 * default to event recording (gaps expected), but a Shinobi monitor in "Record" mode writes back-to-back
 * segments, and judging it as events passed a 30-day hole. Pure: a channel's segment spans in, its pattern
 * out; the audit decides the mode from it unless a rule says.
 */

/** Starts this close to the previous segment's end are back to back (a recorder cuts at key frames). */
const TOUCH_MS = 5_000;
/** at least this many neighbouring pairs with known ends before the files may say anything */
const MIN_PAIRS = 10;
/** this share of pairs back to back: the channel records continuously */
const CONTINUOUS_SHARE = 0.8;

export interface RecordingPattern {
  /** neighbouring segments whose first's end is known */
  pairs: number;
  /** of them, back to back */
  backToBack: number;
  /** the 90th percentile of the quiet spells between segments that are not back to back (ms), or null */
  usualQuietMs: number | null;
}

/** Reads the pattern from segments in start order (an end undefined when nothing says it). */
export function recordingPattern(segments: Iterable<{ start: number; end?: number }>): RecordingPattern {
  let pairs = 0;
  let backToBack = 0;
  const quiet: number[] = [];
  let prevEnd: number | undefined;
  for (const s of segments) {
    if (prevEnd !== undefined) {
      pairs++;
      const hole = s.start - prevEnd;
      if (hole <= TOUCH_MS) backToBack++;
      else quiet.push(hole);
    }
    prevEnd = s.end;
  }
  quiet.sort((a, b) => a - b);
  return { pairs, backToBack, usualQuietMs: quiet.length > 0 ? quiet[Math.min(quiet.length - 1, Math.floor(quiet.length * 0.9))]! : null };
}

export type ModeSource = 'rule' | 'layout' | 'files';

/**
 * The mode a channel is judged in: a rule's, else continuous when most of its segments run back to back
 * (whatever the layout's default), else the layout's.
 */
export function decideMode(layoutMode: 'continuous' | 'event', ruleMode: 'continuous' | 'event' | undefined, pattern: RecordingPattern | undefined): { mode: 'continuous' | 'event'; source: ModeSource } {
  if (ruleMode) return { mode: ruleMode, source: 'rule' };
  if (layoutMode === 'event' && pattern && pattern.pairs >= MIN_PAIRS && pattern.backToBack >= pattern.pairs * CONTINUOUS_SHARE) return { mode: 'continuous', source: 'files' };
  return { mode: layoutMode, source: 'layout' };
}

/** An event channel silent far longer than its usual quiet spells (and over a day) is worth a look. */
export function silenceLimitMs(pattern: RecordingPattern | undefined): number | undefined {
  if (!pattern || pattern.usualQuietMs === null || pattern.pairs < MIN_PAIRS) return undefined;
  return Math.max(86_400_000, pattern.usualQuietMs * 10);
}
