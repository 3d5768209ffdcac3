/**
 * A storage build sized for a number of bytes: whole RAID groups of whole disks, hot spares, enclosures.
 * Pure and exact; anything fractional rounds up, because a build short by one byte is short.
 */
import { InputError } from '../errors.ts';
import { big, ceilToBigInt, floorToBigInt, toBig, type Big } from '../units/decimal.ts';
import type { BuildFigures, Reserve, StorageBuild } from './model.ts';
import { parityDisks } from './raid.ts';

/** After the overhead comes off: what the recorder can really fill. */
export function afterOverhead(usable: bigint, overhead: Big): bigint {
  return floorToBigInt(toBig(usable).mul(big(1).sub(overhead)));
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a + b - 1n) / b;
}

/** A recycling reserve the volume keeps free (plan/reserve.ts), given as the bytes it takes. */
export interface VolumeReserve {
  reserve: Reserve;
  /** bytes the reserve takes from a volume of this much usable space (after overhead) */
  bytesOf(usableAfterOverhead: bigint): bigint;
}

export function buildFigures(storage: StorageBuild, storedBytes: bigint, reserve?: VolumeReserve): BuildFigures {
  const { raid, groupSize, diskBytes, overhead, bays } = storage;
  const parityPerGroup = parityDisks(raid, groupSize);
  const dataPerGroup = groupSize - parityPerGroup;
  const usablePerGroup = diskBytes * BigInt(dataPerGroup);
  const keep = big(1).sub(overhead);
  const usableNeeded = ceilToBigInt(toBig(storedBytes).div(keep));
  const fillable = (usable: bigint) => {
    const after = afterOverhead(usable, overhead);
    return after - (reserve ? reserve.bytesOf(after) : 0n);
  };
  // first guess without the reserve; the loop below adds groups until the reserve fits too
  const exactGroups = ceilDiv(usableNeeded, usablePerGroup);
  // counts of groups, disks and enclosures are numbers: beyond 2^53 they are not exact (and a loop over
  // them would run for ever), and no plan needs that many disks
  if (exactGroups * BigInt(groupSize) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InputError(`the plan needs ${exactGroups * BigInt(groupSize)} disks, more than can be counted exactly (2^53); expected a bitrate, channel count or retention that a real system stores`);
  }
  // Flooring after overhead can leave the last byte out, and a reserve takes more: the fewest groups whose
  // fillable space holds the bytes, found by galloping up from the guess and bisecting (fillable grows
  // with the groups, so the first that fits is the fewest).
  const fits = (g: number) => storedBytes === 0n || fillable(usablePerGroup * BigInt(g)) >= storedBytes;
  let groups = Number(exactGroups);
  if (!fits(groups)) {
    let bad = groups;
    let step = 1;
    while (!fits(bad + step)) {
      bad += step;
      step *= 2;
    }
    let good = bad + step;
    while (good - bad > 1) {
      const mid = Math.floor((bad + good) / 2);
      if (fits(mid)) good = mid;
      else bad = mid;
    }
    groups = good;
  }
  const groupDisks = groups * groupSize;
  const { enclosures, spares, spanning } = placeInEnclosures(storage, groups);
  const totalDisks = groupDisks + spares;
  const usableBytes = usablePerGroup * BigInt(groups);
  const usableAfter = afterOverhead(usableBytes, overhead);
  const reserveBytes = reserve ? reserve.bytesOf(usableAfter) : 0n;
  return {
    raid,
    groupSize,
    dataDisksPerGroup: dataPerGroup,
    parityDisksPerGroup: parityPerGroup,
    diskBytes,
    usablePerGroup,
    overhead,
    usableNeeded,
    groups,
    dataDisks: groups * dataPerGroup,
    parityDisks: groups * parityPerGroup,
    spares,
    totalDisks,
    bays,
    enclosures,
    enclosureKind: storage.enclosures ?? 'servers',
    groupsSpanEnclosures: spanning,
    rawBytes: diskBytes * BigInt(totalDisks),
    usableBytes,
    usableAfterOverhead: usableAfter,
    reserveBytes,
    headroomBytes: usableAfter - reserveBytes - storedBytes,
  };
}

/**
 * Enclosures for `groups` RAID groups and their spares. Storage servers and NVRs are boxes of their own
 * (`servers`, the default): a group lives inside one box, with its hot spare (`spares: auto`, one a box) in
 * the same box, so 24 bays hold two groups of 10 and a spare, not 2.3 groups. Expansion shelves of one
 * array (`shelves`) pool their bays: groups may span them. A group wider than a box must span: said so.
 */
export function placeInEnclosures(storage: StorageBuild, groups: number): { enclosures: number; spares: number; spanning: boolean } {
  const { groupSize, bays } = storage;
  const disks = groups * groupSize;
  const autoSpare = storage.spares === 'auto' && bays > 1;
  const pooled = (): { enclosures: number; spares: number; spanning: boolean } => {
    if (storage.spares !== 'auto') return { enclosures: Math.ceil((disks + storage.spares) / bays), spares: storage.spares, spanning: true };
    const enclosures = bays > 1 ? Math.ceil(disks / (bays - 1)) : disks;
    return { enclosures, spares: bays > 1 ? enclosures : 0, spanning: true };
  };
  if (storage.enclosures === 'shelves' || groups === 0) return groups === 0 ? { enclosures: 0, spares: 0, spanning: false } : pooled();
  const perBox = Math.floor((bays - (autoSpare ? 1 : 0)) / groupSize);
  if (perBox < 1) return pooled();
  const enclosures = Math.ceil(groups / perBox);
  if (storage.spares === 'auto') return { enclosures, spares: autoSpare ? enclosures : 0, spanning: false };
  // spares in the bays the groups leave free, then in boxes of their own
  const free = enclosures * bays - disks;
  const extra = storage.spares > free ? Math.ceil((storage.spares - free) / bays) : 0;
  return { enclosures: enclosures + extra, spares: storage.spares, spanning: false };
}
