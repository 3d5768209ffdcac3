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
  let groups = Number(exactGroups);
  // Flooring after overhead can leave the last byte out, and a reserve takes more: add groups until it fits.
  // A percentage reserve scales with the groups, so jump by the ratio first rather than one at a time.
  if (storedBytes > 0n && fillable(usablePerGroup * BigInt(groups)) < storedBytes) {
    const per = fillable(usablePerGroup * BigInt(Math.max(groups, 1)));
    if (per > 0n) groups = Math.max(groups, Number(ceilDiv(storedBytes * BigInt(Math.max(groups, 1)), per)) - 1);
  }
  while (storedBytes > 0n && fillable(usablePerGroup * BigInt(groups)) < storedBytes) groups++;
  const groupDisks = groups * groupSize;
  let spares: number;
  let enclosures: number;
  if (storage.spares === 'auto') {
    // One hot spare in every enclosure: each enclosure has bays - 1 places for group disks.
    enclosures = bays > 1 ? Math.ceil(groupDisks / (bays - 1)) : groupDisks;
    spares = bays > 1 ? enclosures : 0;
  } else {
    spares = storage.spares;
    enclosures = Math.ceil((groupDisks + spares) / bays);
  }
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
    rawBytes: diskBytes * BigInt(totalDisks),
    usableBytes,
    usableAfterOverhead: usableAfter,
    reserveBytes,
    headroomBytes: usableAfter - reserveBytes - storedBytes,
  };
}
