/** Writing segments as a recorder leaves them: each file of its own, last written when its recording ended. */
import { copyFileSync, mkdirSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';

/** Copies `clip` to `target` (folders made) and sets its mtime to `endMs`: the evidence the audit reads. */
export function writeSegment(clip: string, target: string, endMs: number): string {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(clip, target);
  utimesSync(target, endMs / 1000, endMs / 1000);
  return target;
}
