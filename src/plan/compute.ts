/**
 * The planner: camera groups + storage build (+ recorders, switches, tiers) -> capacity figures. Pure and
 * exact: byte counts are bigint, fractions (duty, overhead) are BigNumbers, and anything fractional is
 * rounded up, because a plan that is short by one byte is short. Each duty has its module: streams
 * (bytes by tier), build (disks and enclosures), recorders, switches, growth, vendor units, bill of
 * materials, risks; this file puts them together.
 */
import { big, toBig, type Big } from '../units/decimal.ts';
import type { CameraFigures, CameraGroup, CapacityFigures, CaptureFigures, PlanInput, PlanResult, StorageBuild, StreamHold } from './model.ts';
import { afterOverhead, buildFigures } from './build.ts';
import { billOfMaterials } from './bom.ts';
import { grownInput } from './growth.ts';
import { planRecorders } from './recorders.ts';
import { buildRisks, planRisks } from './risks.ts';
import { cameraFigures, captureFigures, edgeFigures, SECONDS_A_DAY } from './streams.ts';
import { planSwitches } from './switches.ts';
import { vendorFigures } from './vendor-units.ts';

export { afterOverhead, buildFigures } from './build.ts';
export { cameraFigures, captureFigures, SECONDS_A_DAY } from './streams.ts';

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
    streams: streamHolds(usable, cameras, captures),
  };
  const only = cameras.length === 1 && captures.length === 0 ? cameras[0] : undefined;
  if (only) {
    const g = only.group;
    const channelSeconds = only.recordedSecondsPerDay.mul(g.days).mul(g.channels);
    // the sub stream keeps its own days: what it takes comes off first
    const subBytes = g.substreamBps.isZero() ? 0n : only.subBytesPerChannelDay * BigInt(g.channels) * BigInt(g.substreamDays);
    const fitting = toBig(usable - subBytes).mul(8).div(channelSeconds).sub(g.audioBps);
    result.maxBitrateBps = fitting.isNegative() ? big(0) : fitting.floor();
  }
  return result;
}

/**
 * Figures of groups that differ only by name, worked out once: a plan of 100,000 groups of a few kinds holds
 * a few kinds of figures (their values are immutable), not 100,000 sets of BigNumbers.
 */
function byKind<T, F>(items: T[], groupOf: (t: T) => CameraGroup, figures: (t: T) => F, rename: (f: F, t: T) => F): F[] {
  const made = new Map<string, F>();
  return items.map((item) => {
    const key = JSON.stringify(groupOf(item), (k, v: unknown) => (k === 'name' ? undefined : typeof v === 'bigint' ? v.toString() : v));
    const template = made.get(key);
    if (template !== undefined) return rename(template, item);
    const f = figures(item);
    made.set(key, f);
    return f;
  });
}

/** Days each stream holds when every other keeps its own requirement (CapacityFigures.streams). */
function streamHolds(usable: bigint, cameras: CameraFigures[], captures: CaptureFigures[]): StreamHold[] {
  const streams = [
    ...cameras.flatMap((c) => {
      const g = c.group;
      const main = { group: g.name, stream: 'main' as const, bytesPerDay: c.mainBytesPerChannelDay * BigInt(g.channels), requiredDays: g.days };
      if (g.substreamBps.isZero()) return [main];
      return [main, { group: g.name, stream: 'sub' as const, bytesPerDay: c.subBytesPerChannelDay * BigInt(g.channels), requiredDays: g.substreamDays }];
    }),
    ...captures.map((c) => ({ group: c.group.name, stream: 'pictures' as const, bytesPerDay: c.bytesPerDay, requiredDays: c.group.days })),
  ];
  const required = sum(streams.map((s) => s.bytesPerDay * BigInt(s.requiredDays)));
  return streams.map((s) => {
    const left = usable - (required - s.bytesPerDay * BigInt(s.requiredDays));
    // what the others keep may leave this stream nothing: 0 days, not a negative count
    const daysHeld = s.bytesPerDay === 0n ? big(Infinity) : left <= 0n ? big(0) : toBig(left).div(toBig(s.bytesPerDay));
    return { ...s, daysHeld, fits: daysHeld.gte(s.requiredDays) };
  });
}

/**
 * Broken limits, one line per run of units that break the same limit the same way: 500 identical
 * recorders over their rating are one line ("nvr-001 … nvr-500 (x500): ..."), not 500.
 */
function foldErrors(units: { name: string; errors: string[] }[]): string[] {
  const out: string[] = [];
  const rest = (u: { name: string }, e: string) => e.slice(u.name.length);
  let i = 0;
  while (i < units.length) {
    const key = units[i]!.errors.map((e) => rest(units[i]!, e)).join('\u0000');
    let j = i + 1;
    while (j < units.length && units[j]!.errors.map((e) => rest(units[j]!, e)).join('\u0000') === key) j++;
    const label = j - i === 1 ? units[i]!.name : `${units[i]!.name} … ${units[j - 1]!.name} (x${j - i})`;
    for (const e of units[i]!.errors) out.push(`${label}${rest(units[i]!, e)}`);
    i = j;
  }
  return out;
}

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
const headroomOf = (bytes: bigint, fraction: Big | undefined) => (fraction ? BigInt(toBig(bytes).mul(fraction).ceil().toFixed(0)) : 0n);

export function computePlan(input: PlanInput): PlanResult {
  const archiveDays = input.archive?.days ?? 0;
  const cameras = byKind(input.cameras, (g) => g, (g) => cameraFigures(g, archiveDays), (f, g) => ({ ...f, group: g }));
  const captures = input.captures.map(captureFigures);
  const bytesPerDay = sum([...cameras.map((c) => c.bytesPerDay), ...captures.map((c) => c.bytesPerDay)]);
  const bytes = sum([...cameras.map((c) => c.bytes), ...captures.map((c) => c.bytes)]);
  const cameraHot = sum(cameras.map((c) => c.hotBytesPerChannel * BigInt(c.group.channels)));
  const archiveBytes = sum(cameras.map((c) => c.archiveBytesPerChannel * BigInt(c.group.channels)));
  const captureBytes = sum(captures.map((c) => c.bytes));
  const ingestBps = cameras.reduce((a, c) => a.add(c.ingestBps), big(0));
  const headroom = input.headroom ?? big(0);
  const recorders = planRecorders(input.recorders, cameras, input.maxLoad, headroom, archiveDays);
  // with recorders the cameras' hot tier is on them, and the pooled storage keeps the capture pictures
  const pooled = (recorders.length > 0 ? 0n : cameraHot) + captureBytes;
  const headroomBytes = headroomOf(pooled, input.headroom);
  const build = buildFigures(input.storage, pooled + headroomBytes);
  build.headroomBytes += headroomBytes;
  const archive = input.archive ? buildFigures(input.archive.storage, archiveBytes + headroomOf(archiveBytes, input.headroom)) : undefined;
  const { models: switches, unconnected } = planSwitches(input.switches, cameras, input.maxLoad, input.poeMaxLoad);
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
      // what disks and recorders must take while every camera records at its cap, pictures at their average
      peakWriteBytesPerSecond: ingestBps.div(8).add(toBig(sum(captures.map((c) => c.bytesPerDay))).div(SECONDS_A_DAY)),
    },
    build,
    hotBytes: cameraHot,
    archiveBytes,
    headroomBytes,
    recorders,
    switches,
    archive,
    edge: cameras.map(edgeFigures).filter((e) => e !== undefined),
    vendor: byKind(cameras, (c) => c.group, vendorFigures, (f, c) => ({ ...f, group: c.group.name })),
    bom: billOfMaterials(input, { build, recorders, switches, archive }),
    risks: [],
    errors: [...foldErrors(recorders.flatMap((m) => m.recorders)), ...foldErrors(switches.flatMap((m) => m.switches))],
  };
  if (input.growth && input.growth.gt(0)) result.growth = { fraction: input.growth, result: computePlan(grownInput(input, input.growth)) };
  result.risks = [...(pooled > 0n || recorders.length === 0 ? buildRisks(input.storage, build) : []), ...planRisks(result, unconnected)];
  if (input.storage.capacityBytes !== undefined && bytesPerDay > 0n) {
    result.capacity = capacityFigures(input.storage, input.storage.capacityBytes, cameras, captures, bytesPerDay, bytes);
  }
  return result;
}
