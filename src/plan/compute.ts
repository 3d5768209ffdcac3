/**
 * The planner: camera groups + storage build -> capacity figures. Pure and exact: byte counts are
 * bigint, fractions (duty, overhead) are BigNumbers, and anything fractional is rounded up, because a
 * plan that is short by one byte is short.
 */
import { big, ceilToBigInt, floorToBigInt, toBig, type Big } from '../units/decimal.ts';
import type {
  BuildFigures,
  CameraFigures,
  CameraGroup,
  CapacityFigures,
  CaptureFigures,
  CaptureGroup,
  PlanInput,
  PlanResult,
  StorageBuild,
} from './model.ts';
import { InputError } from '../errors.ts';
import { parityDisks } from './raid.ts';
import { buildRisks } from './risks.ts';

export const SECONDS_A_DAY = 86_400;

export function cameraFigures(group: CameraGroup): CameraFigures {
  const channelBps = group.bitrateBps.add(group.audioBps).add(group.substreamBps);
  const recordedSecondsPerDay = group.hoursPerDay.mul(3600).mul(group.duty);
  const bytesPerChannelDay = ceilToBigInt(channelBps.mul(recordedSecondsPerDay).div(8));
  const bytesPerChannel = bytesPerChannelDay * BigInt(group.days);
  const channels = BigInt(group.channels);
  return {
    group,
    channelBps,
    recordedSecondsPerDay,
    bytesPerChannelDay,
    bytesPerChannel,
    bytesPerDay: bytesPerChannelDay * channels,
    bytes: bytesPerChannel * channels,
    ingestBps: channelBps.mul(group.channels),
  };
}

export function captureFigures(group: CaptureGroup): CaptureFigures {
  const bytesPerDeviceDay = BigInt(group.capturesPerDay) * group.bytesPerCapture;
  const bytesPerDay = bytesPerDeviceDay * BigInt(group.devices);
  return { group, bytesPerDeviceDay, bytesPerDay, bytes: bytesPerDay * BigInt(group.days) };
}

/** After the overhead comes off: what the recorder can really fill. */
export function afterOverhead(usable: bigint, overhead: Big): bigint {
  return floorToBigInt(toBig(usable).mul(big(1).sub(overhead)));
}

export function buildFigures(storage: StorageBuild, storedBytes: bigint): BuildFigures {
  const { raid, groupSize, diskBytes, overhead, bays } = storage;
  const parityPerGroup = parityDisks(raid, groupSize);
  const dataPerGroup = groupSize - parityPerGroup;
  const usablePerGroup = diskBytes * BigInt(dataPerGroup);
  const keep = big(1).sub(overhead);
  const usableNeeded = ceilToBigInt(toBig(storedBytes).div(keep));
  const exactGroups = ceilDiv(usableNeeded, usablePerGroup);
  // counts of groups, disks and enclosures are numbers: beyond 2^53 they are not exact (and a loop over
  // them would run for ever), and no plan needs that many disks
  if (exactGroups * BigInt(groupSize) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InputError(`the plan needs ${exactGroups * BigInt(groupSize)} disks, more than can be counted exactly (2^53); expected a bitrate, channel count or retention that a real system stores`);
  }
  let groups = Number(exactGroups);
  // Flooring after overhead can leave the last byte out; one more group settles it.
  while (afterOverhead(usablePerGroup * BigInt(groups), overhead) < storedBytes) groups++;
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
    headroomBytes: usableAfter - storedBytes,
  };
}

function capacityFigures(
  storage: StorageBuild,
  capacityBytes: bigint,
  cameras: CameraFigures[],
  captures: CaptureFigures[],
  bytesPerDay: bigint,
  bytes: bigint,
): CapacityFigures {
  const usable = afterOverhead(capacityBytes, storage.overhead);
  const requiredDays = Math.max(...cameras.map((c) => c.group.days), ...captures.map((c) => c.group.days));
  const marginBytes = usable - bytes;
  const perDay = toBig(bytesPerDay);
  const result: CapacityFigures = {
    capacityBytes,
    usableAfterOverhead: usable,
    daysHeld: toBig(usable).div(perDay),
    requiredDays,
    fits: marginBytes >= 0n,
    marginBytes,
    marginDays: toBig(marginBytes).div(perDay),
  };
  const only = cameras.length === 1 && captures.length === 0 ? cameras[0] : undefined;
  if (only) {
    const g = only.group;
    const channelSeconds = only.recordedSecondsPerDay.mul(g.days).mul(g.channels);
    const fitting = toBig(usable).mul(8).div(channelSeconds).sub(g.audioBps).sub(g.substreamBps);
    result.maxBitrateBps = fitting.isNegative() ? big(0) : fitting.floor();
  }
  return result;
}

export function computePlan(input: PlanInput): PlanResult {
  const cameras = input.cameras.map(cameraFigures);
  const captures = input.captures.map(captureFigures);
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const bytesPerDay = sum([...cameras.map((c) => c.bytesPerDay), ...captures.map((c) => c.bytesPerDay)]);
  const bytes = sum([...cameras.map((c) => c.bytes), ...captures.map((c) => c.bytes)]);
  const ingestBps = cameras.reduce((a, c) => a.add(c.ingestBps), big(0));
  const result: PlanResult = {
    input,
    cameras,
    captures,
    totals: {
      channels: input.cameras.reduce((a, g) => a + g.channels, 0),
      captureDevices: input.captures.reduce((a, g) => a + g.devices, 0),
      bytesPerDay,
      bytes,
      ingestBps,
      writeBytesPerSecond: toBig(bytesPerDay).div(SECONDS_A_DAY),
    },
    build: buildFigures(input.storage, bytes),
    risks: [],
  };
  result.risks = buildRisks(input.storage, result.build);
  if (input.storage.capacityBytes !== undefined && bytesPerDay > 0n) {
    result.capacity = capacityFigures(input.storage, input.storage.capacityBytes, cameras, captures, bytesPerDay, bytes);
  }
  return result;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a + b - 1n) / b;
}
