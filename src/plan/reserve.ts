/**
 * The free space a recorder keeps before it overwrites: footage can only fill what is left. Pure.
 *
 * Published thresholds:
 * - Frigate (docs, "Storage"; frigate/storage.py): when less than an hour of recording space is left it
 *   deletes the oldest two hours. A volume that holds the retention plus one hour of writes never
 *   reaches that cleanup, so the reserve is one hour of the recorder's writes.
 * - Milestone XProtect (Management Client, Storage and Recording Settings): "When less than 5GB of space
 *   is free, the system always auto-archives (or deletes if no next archive is defined) the oldest data";
 *   "the actual maximum size of your database is the amount of gigabytes you specify, minus 5GB". The
 *   reserve is 5 GB a storage, here one a recorder.
 * Hikvision and Dahua NVRs overwrite when the disk is full and state no reserve: give one as a
 * percentage or a size when the recorder's manual does.
 */
import { expected } from '../errors.ts';
import { afterOverhead } from './build.ts';
import { parsePercent, parseSize } from '../units/parse.ts';
import type { Reserve } from './model.ts';

export const MILESTONE_RESERVE = 5_000_000_000n;

export const RESERVE_SOURCES = {
  frigate: {
    en: 'Frigate deletes the oldest 2 h when less than 1 h of space is left (docs.frigate.video, Storage): reserve = 1 h of writes',
    zh: 'Frigate 在剩余空间不足 1 小时录像时删除最早的 2 小时（docs.frigate.video，Storage）：预留 = 1 小时写入量',
  },
  milestone: {
    en: 'Milestone XProtect archives or deletes the oldest data when less than 5 GB is free (Storage and Recording Settings): reserve = 5 GB',
    zh: 'Milestone XProtect 在剩余空间不足 5 GB 时归档或删除最早的数据（Storage and Recording Settings）：预留 = 5 GB',
  },
} as const;

export function parseReserve(input: string, text: string | number): Reserve {
  const raw = String(text).trim().toLowerCase();
  if (raw === 'none' || /^0+(\.0+)?\s*%?$/.test(raw)) return { kind: 'none' };
  if (raw === 'frigate' || raw === 'milestone') return { kind: raw };
  if (/%$/.test(raw)) return { kind: 'fraction', fraction: parsePercent(input, raw, { belowMax: true }) };
  if (/[a-z]$/i.test(raw)) return { kind: 'bytes', bytes: parseSize(input, String(text)) };
  throw expected(input, text, 'a reserve: a percentage (5%), a size (500GB), frigate, milestone or none');
}

/** Bytes the reserve takes from a volume whose usable space (after overhead) is `usable`. */
export function reserveBytes(reserve: Reserve, usable: bigint, bytesPerDay: bigint): bigint {
  switch (reserve.kind) {
    case 'none':
      return 0n;
    case 'fraction':
      return usable - afterOverhead(usable, reserve.fraction);
    case 'bytes':
      return reserve.bytes;
    case 'milestone':
      return MILESTONE_RESERVE;
    case 'frigate':
      return (bytesPerDay + 23n) / 24n;
  }
}

export function reserveText(reserve: Reserve): string {
  switch (reserve.kind) {
    case 'none':
      return 'none';
    case 'fraction':
      return `${reserve.fraction.mul(100).toString()}%`;
    case 'bytes':
      return `${reserve.bytes} B`;
    default:
      return reserve.kind;
  }
}
