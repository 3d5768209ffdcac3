/** What `vstor watch` reports, one object a line with --json. */
import { DAY_MS as DAY } from '../../archive/time.ts';
export type WatchEventType = 'ready' | 'added' | 'removed' | 'removed-early' | 'damaged' | 'verdict' | 'warning';

export interface WatchEvent {
  type: WatchEventType;
  /** ISO time the event was seen */
  at: string;
  /** the recorder the channel belongs to (a root, or NAME of NAME=PATH) */
  recorder?: string;
  channel?: string;
  path?: string;
  /** ISO start of the segment */
  start?: string;
  verdict?: string;
  previous?: string;
  reasons?: string[];
  detail?: string;
}


/** A deleted segment is normal recycling when it had aged out of the window, otherwise evidence. */
export function removalType(start: number, now: number, retentionDays: number): 'removed' | 'removed-early' {
  return start < now - retentionDays * DAY ? 'removed' : 'removed-early';
}
