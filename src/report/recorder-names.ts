/** Recorders as people read them: a folder by its last part, not its whole path. */
import { basename, isAbsolute } from 'node:path';

/**
 * Short recorder names for labels and screens: a recorder given as a folder is its folder's last part (two that end
 * alike keep their paths), a NAME= recorder its name.
 */
export function recorderLabels(recorders: string[]): Map<string, { recorder: string; path?: string }> {
  const short = (r: string) => (isAbsolute(r) ? basename(r) || r : r);
  const count = new Map<string, number>();
  for (const r of new Set(recorders)) count.set(short(r), (count.get(short(r)) ?? 0) + 1);
  return new Map(recorders.map((r) => [r, isAbsolute(r) ? { recorder: count.get(short(r))! > 1 ? r : short(r), path: r } : { recorder: r }]));
}

