/**
 * Recorders (NVRs or storage servers): which channels each records, its ingest against its inbound
 * rating, the disks its bays take for its hot tier, the recycling reserve it keeps, the days it holds.
 * With `count: auto` the plan finds the fewest recorders of the model that keep every one under the load
 * ceiling (`maxLoad`, 70 % by default), within its bays and channel count. Pure.
 *
 * Sums over a recorder's channels are bigint (bytes, and bit rates in milli-bits a second rounded up:
 * exact for any rate typed to a thousandth of a bit) so that sizing 100 000 channels over hundreds of
 * recorders takes milliseconds; BigNumbers appear only in the figures of the count finally chosen.
 */
import { big, floorToBigInt, milli, toBig, toRatio, type Big } from '../units/decimal.ts';
import { formatBitrate } from '../units/format.ts';
import { afterOverhead, buildFigures, ceilDiv } from './build.ts';
import type { CameraFigures, RecorderFigures, RecorderModelFigures, RecorderSpec } from './model.ts';
import { parityDisks } from './raid.ts';
import { reserveBytes } from './reserve.ts';
import { assignGroups, eachShare, sharedFigures, smallestFitting, spread, type Share } from './spread.ts';

const pct = (x: Big) => `${x.mul(100).toFixed(1)}%`;

interface GroupRates {
  milliBps: bigint;
  hot: bigint;
  perDay: bigint;
  /** bytes a channel copies to the archive tier a day: one day of what the tier keeps */
  archivedPerDay: bigint;
  /** a viewed stream of the group: its sub stream, else its main stream and audio (milli-bits a second) */
  viewMilli: bigint;
}

interface Load {
  channels: number;
  milliBps: bigint;
  hot: bigint;
  perDay: bigint;
  archivedPerDay: bigint;
}

function loadOf(share: Share[], rates: Map<string, GroupRates>): Load {
  const t: Load = { channels: 0, milliBps: 0n, hot: 0n, perDay: 0n, archivedPerDay: 0n };
  for (const s of share) {
    const r = rates.get(s.group)!;
    const n = BigInt(s.channels);
    t.channels += s.channels;
    t.milliBps += r.milliBps * n;
    t.hot += r.hot * n;
    t.perDay += r.perDay * n;
    t.archivedPerDay += r.archivedPerDay * n;
  }
  return t;
}

function headroomOf(bytes: bigint, h: { num: bigint; den: bigint }): bigint {
  return ceilDiv(bytes * h.num, h.den);
}

function recorderFigures(spec: RecorderSpec, name: string, share: Share[], rates: Map<string, GroupRates>, headroom: { num: bigint; den: bigint }): RecorderFigures {
  const t = loadOf(share, rates);
  const ingestBps = toBig(t.milliBps).div(1000);
  const headroomBytes = headroomOf(t.hot, headroom);
  const build = buildFigures(
    { raid: spec.raid, groupSize: spec.groupSize, diskBytes: spec.diskBytes, spares: spec.spares, overhead: spec.overhead, bays: spec.bays },
    t.hot + headroomBytes,
    { reserve: spec.reserve, bytesOf: (usable) => reserveBytes(spec.reserve, usable, t.perDay) },
  );
  const load = ingestBps.div(spec.inboundBps);
  const errors: string[] = [];
  if (load.gt(1)) errors.push(`${name}: ingest ${formatBitrate(ingestBps)} is over its inbound rating of ${formatBitrate(spec.inboundBps)} (load ${pct(load)})`);
  if (build.totalDisks > spec.bays) {
    errors.push(`${name}: its ${t.channels} channels need ${build.totalDisks} disks (${build.groups} RAID ${spec.raid} group(s) of ${spec.groupSize}${spec.spares ? ` + ${spec.spares} spare(s)` : ''}) but it has ${spec.bays} bays`);
  }
  if (spec.maxChannels !== undefined && t.channels > spec.maxChannels) errors.push(`${name}: ${t.channels} channels, more than the ${spec.maxChannels} it takes`);
  const footage = build.usableAfterOverhead - build.reserveBytes;
  // what it sends: its viewers' streams at the largest view bitrate of its groups, and a day of the oldest
  // footage copied to the archive tier each day
  const viewMilli = share.reduce((m, x) => (rates.get(x.group)!.viewMilli > m ? rates.get(x.group)!.viewMilli : m), 0n);
  const outboundBps = toBig(viewMilli * BigInt(spec.viewStreams ?? 0)).div(1000).add(toBig(t.archivedPerDay * 8n).div(86_400));
  const outboundLoad = spec.outboundBps ? outboundBps.div(spec.outboundBps) : undefined;
  if (outboundLoad?.gt(1)) errors.push(`${name}: sends ${formatBitrate(outboundBps)} (${spec.viewStreams ?? 0} viewed streams and its copy to the archive tier), over its outbound rating of ${formatBitrate(spec.outboundBps!)} (load ${pct(outboundLoad)})`);
  return {
    name,
    groups: share,
    channels: t.channels,
    ingestBps,
    load,
    hotBytes: t.hot,
    bytesPerDay: t.perDay,
    reserveBytes: build.reserveBytes,
    headroomBytes,
    build,
    daysHeld: t.perDay > 0n ? toBig(footage).div(toBig(t.perDay)) : big(0),
    outboundBps,
    ...(outboundLoad ? { outboundLoad } : {}),
    errors,
  };
}

export function unitName(spec: { name: string }, i: number, n: number): string {
  return n === 1 ? spec.name : `${spec.name}-${String(i + 1).padStart(String(n).length, '0')}`;
}

/** The limits of one recorder of the model, precomputed so that checking a count is bigint only. */
function limitsOf(spec: RecorderSpec, maxLoad: Big) {
  const fullGroups = Math.floor((spec.bays - spec.spares) / spec.groupSize);
  const fullUsable = afterOverhead(spec.diskBytes * BigInt((spec.groupSize - parityDisks(spec.raid, spec.groupSize)) * Math.max(fullGroups, 0)), spec.overhead);
  return {
    /** highest ingest under the ceiling, milli-bits a second */
    ceilingMilli: floorToBigInt(spec.inboundBps.mul(maxLoad).mul(1000)),
    /** footage space of a recorder with every bay in whole groups, less a reserve for `perDay` */
    fillable: (perDay: bigint) => fullUsable - reserveBytes(spec.reserve, fullUsable, perDay),
  };
}

/** Whether every recorder of n fits: under the ceiling, within its channels, its bytes within its bays. */
function countFits(spec: RecorderSpec, n: number, groups: Share[], rates: Map<string, GroupRates>, limits: ReturnType<typeof limitsOf>, headroom: { num: bigint; den: bigint }): boolean {
  for (const share of eachShare(groups, n)) {
    const t = loadOf(share, rates);
    if (t.milliBps > limits.ceilingMilli) return false;
    if (spec.maxChannels !== undefined && t.channels > spec.maxChannels) return false;
    if (t.hot + headroomOf(t.hot, headroom) > limits.fillable(t.perDay)) return false;
  }
  return true;
}

/** Lower bounds on the count, each with the limit that sets it. */
function lowerBounds(spec: RecorderSpec, all: Load, limits: ReturnType<typeof limitsOf>, maxLoad: Big, headroom: { num: bigint; den: bigint }): [number, string][] {
  const bounds: [number, string][] = [[Number(ceilDiv(all.milliBps, limits.ceilingMilli)), `inbound rating ${formatBitrate(spec.inboundBps)} at ${pct(maxLoad)} load`]];
  if (spec.maxChannels) bounds.push([Math.ceil(all.channels / spec.maxChannels), `${spec.maxChannels} channels a recorder`]);
  // the reserve for all the channels on one recorder is at least one recorder's share of it
  const fill = limits.fillable(all.perDay);
  if (fill > 0n) bounds.push([Number(ceilDiv(all.hot + headroomOf(all.hot, headroom), fill)), `${spec.bays} bays of ${Number(spec.diskBytes) / 1e12} TB`]);
  return bounds;
}

export function planRecorders(specs: RecorderSpec[], cameras: CameraFigures[], maxLoad: Big, headroomFraction: Big, archiveDays = 0): RecorderModelFigures[] {
  if (specs.length === 0) return [];
  const rates = new Map(
    cameras.map((c): [string, GroupRates] => {
      const g = c.group;
      const archivedPerDay = archiveDays > 0 ? ceilDiv(c.archiveBytesPerChannel, BigInt(archiveDays)) : 0n;
      return [g.name, { milliBps: milli(c.peakChannelBps), hot: c.hotBytesPerChannel, perDay: c.bytesPerChannelDay, archivedPerDay, viewMilli: milli(g.substreamBps.gt(0) ? g.substreamBps : g.bitrateBps.add(g.audioBps)) }];
    }),
  );
  const headroom = toRatio(headroomFraction);
  const { taken } = assignGroups(specs, cameras.map((c) => c.group.name), 'recorder', true);
  const channelsOf = new Map(cameras.map((c) => [c.group.name, c.group.channels]));
  return specs.map((spec) => {
    const groups: Share[] = (taken.get(spec) ?? []).map((g) => ({ group: g, channels: channelsOf.get(g)! }));
    const make = (n: number) => sharedFigures(spread(groups, n), (i) => unitName(spec, i, n), (name, share) => recorderFigures(spec, name, share, rates, headroom));
    if (spec.count !== 'auto') return { spec, count: spec.count, recorders: make(spec.count) };
    const all = loadOf(groups, rates);
    if (all.channels === 0) return { spec, count: 0, countReason: 'no channels', recorders: [] };
    const limits = limitsOf(spec, maxLoad);
    const bounds = lowerBounds(spec, all, limits, maxLoad, headroom);
    const [low, reason] = bounds.reduce((a, b) => (b[0] > a[0] ? b : a), [1, 'one recorder'] as [number, string]);
    const n = smallestFitting(Math.min(low, all.channels), all.channels, (k) => countFits(spec, k, groups, rates, limits, headroom));
    if (!countFits(spec, n, groups, rates, limits, headroom)) {
      // not even one channel a recorder keeps within the model's limits: a bill for one recorder a camera
      // would be bought and still break them, so every unit says so and the plan fails
      const why = `no number of this model keeps within its limits, even with one channel each (${formatBitrate(spec.inboundBps)} inbound at ${pct(maxLoad)} load, ${spec.bays} bays): choose a larger model`;
      return { spec, count: n, countReason: 'no count fits', recorders: make(n).map((r) => ({ ...r, errors: r.errors.length > 0 ? r.errors : [`${r.name}: ${why}`] })) };
    }
    return { spec, count: n, countReason: n === low ? reason : `${reason}, then the busiest recorder's limits`, recorders: make(n) };
  });
}
