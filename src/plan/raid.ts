/** RAID arithmetic (docs/plan.md, Arithmetic): usable space and parity disks of one group of n disks. */
import { expected, InputError } from '../errors.ts';
import type { RaidLevel } from './model.ts';

export const RAID_LEVELS: RaidLevel[] = ['none', '0', '1', '5', '6', '10'];

/** Disks a group when the user names none: common NVR/SAN choices. */
export const DEFAULT_GROUP_SIZE: Record<RaidLevel, number> = { none: 1, '0': 4, '1': 2, '5': 8, '6': 10, '10': 8 };

const MIN_GROUP: Record<RaidLevel, number> = { none: 1, '0': 2, '1': 2, '5': 3, '6': 4, '10': 4 };

export function parseRaidLevel(input: string, text: string | number): RaidLevel {
  const key = String(text).trim().toLowerCase().replace(/^raid\s*-?/, '');
  const level = key === 'jbod' ? 'none' : key;
  if ((RAID_LEVELS as string[]).includes(level)) return level as RaidLevel;
  throw expected(input, text, `a RAID level: ${RAID_LEVELS.join(', ')}`);
}

/** Throws when n disks cannot form a group at this level; `input` names the flag or field. */
export function checkGroupSize(input: string, raid: RaidLevel, n: number): void {
  if (raid === 'none' && n !== 1) {
    throw new InputError(`${input}: RAID none keeps every disk on its own, so a group is 1 disk, got ${n}`);
  }
  if (n < MIN_GROUP[raid]) {
    throw new InputError(`${input}: a RAID ${raid} group needs at least ${MIN_GROUP[raid]} disks, got ${n}`);
  }
  if ((raid === '1' || raid === '10') && n % 2 !== 0) {
    throw new InputError(`${input}: a RAID ${raid} group mirrors disks in pairs, so it needs an even number, got ${n}`);
  }
}

/** Disks in a group of n that hold redundancy rather than data. */
export function parityDisks(raid: RaidLevel, n: number): number {
  switch (raid) {
    case 'none':
    case '0':
      return 0;
    case '1':
    case '10':
      return n / 2;
    case '5':
      return 1;
    case '6':
      return 2;
  }
}
