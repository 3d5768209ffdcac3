/**
 * Recorders (NVRs or storage servers): which channels each records, its ingest against its inbound
 * rating, the disks its bays take for its hot tier, the recycling reserve it keeps, the days it holds.
 * With `count: auto` the plan finds the fewest recorders of the model that keep every one under the load
 * ceiling (`maxLoad`, 70 % by default), within its bays and channel count. Pure.
 */
import { big, toBig, type Big } from '../units/decimal.ts';
import { formatBitrate } from '../units/format.ts';
import { afterOverhead, buildFigures, ceilDiv } from './build.ts';
import type { CameraFigures, RecorderFigures, RecorderModelFigures, RecorderSpec } from './model.ts';
import { reserveBytes } from './reserve.ts';
import { assignGroups, smallestFitting, spread, type Share } from './spread.ts';
import { parityDisks } from './raid.ts';

const pct = (x: Big) => `${x.mul(100).toFixed(1)}%`;

export function recorderFigures(spec: RecorderSpec, name: string, share: Share[], cams: Map<string, CameraFigures>, headroom: Big): RecorderFigures {
  let ingestBps = big(0);
  let hotBytes = 0n;
  let bytesPerDay = 0n;
  let channels = 0;
  for (const s of share) {
    const c = cams.get(s.group)!;
    channels += s.channels;
    ingestBps = ingestBps.add(c.channelBps.mul(s.channels));
    hotBytes += c.hotBytesPerChannel * BigInt(s.channels);
    bytesPerDay += c.bytesPerChannelDay * BigInt(s.channels);
  }
  const headroomBytes = BigInt(toBig(hotBytes).mul(headroom).ceil().toFixed(0));
  const build = buildFigures(
    { raid: spec.raid, groupSize: spec.groupSize, diskBytes: spec.diskBytes, spares: spec.spares, overhead: spec.overhead, bays: spec.bays },
    hotBytes + headroomBytes,
    { reserve: spec.reserve, bytesOf: (usable) => reserveBytes(spec.reserve, usable, bytesPerDay) },
  );
  const load = ingestBps.div(spec.inboundBps);
  const errors: string[] = [];
  if (load.gt(1)) errors.push(`${name}: ingest ${formatBitrate(ingestBps)} is over its inbound rating of ${formatBitrate(spec.inboundBps)} (load ${pct(load)})`);
  if (build.totalDisks > spec.bays) {
    errors.push(`${name}: its ${channels} channels need ${build.totalDisks} disks (${build.groups} RAID ${spec.raid} group(s) of ${spec.groupSize}${spec.spares ? ` + ${spec.spares} spare(s)` : ''}) but it has ${spec.bays} bays`);
  }
  if (spec.maxChannels !== undefined && channels > spec.maxChannels) errors.push(`${name}: ${channels} channels, more than the ${spec.maxChannels} it takes`);
  const footage = build.usableAfterOverhead - build.reserveBytes;
  return {
    name,
    groups: share,
    channels,
    ingestBps,
    load,
    hotBytes,
    bytesPerDay,
    reserveBytes: build.reserveBytes,
    headroomBytes,
    build,
    daysHeld: bytesPerDay > 0n ? toBig(footage).div(toBig(bytesPerDay)) : big(0),
    errors,
  };
}

function unitName(spec: { name: string }, i: number, n: number): string {
  return n === 1 ? spec.name : `${spec.name}-${String(i + 1).padStart(String(n).length, '0')}`;
}

function figuresFor(spec: RecorderSpec, n: number, groups: Share[], cams: Map<string, CameraFigures>, headroom: Big): RecorderFigures[] {
  return spread(groups, n).map((share, i) => recorderFigures(spec, unitName(spec, i, n), share, cams, headroom));
}

/** Lower bounds on the count, each with the limit that sets it. */
function lowerBounds(spec: RecorderSpec, groups: Share[], cams: Map<string, CameraFigures>, maxLoad: Big, headroom: Big): [number, string][] {
  let ingest = big(0);
  let hot = 0n;
  let perDay = 0n;
  let channels = 0;
  for (const s of groups) {
    const c = cams.get(s.group)!;
    ingest = ingest.add(c.channelBps.mul(s.channels));
    hot += c.hotBytesPerChannel * BigInt(s.channels);
    perDay += c.bytesPerChannelDay * BigInt(s.channels);
    channels += s.channels;
  }
  const bounds: [number, string][] = [[Number(ingest.div(spec.inboundBps.mul(maxLoad)).ceil().toFixed(0)), `inbound rating ${formatBitrate(spec.inboundBps)} at ${pct(maxLoad)} load`]];
  if (spec.maxChannels) bounds.push([Math.ceil(channels / spec.maxChannels), `${spec.maxChannels} channels a recorder`]);
  const fullGroups = Math.floor((spec.bays - spec.spares) / spec.groupSize);
  if (fullGroups > 0) {
    const usable = spec.diskBytes * BigInt((spec.groupSize - parityDisks(spec.raid, spec.groupSize)) * fullGroups);
    const after = afterOverhead(usable, spec.overhead);
    // the reserve for the whole set of channels on one recorder is an upper bound of one recorder's
    const fill = after - reserveBytes(spec.reserve, after, perDay);
    const need = hot + BigInt(toBig(hot).mul(headroom).ceil().toFixed(0));
    if (fill > 0n) bounds.push([Number(ceilDiv(need, fill)), `${spec.bays} bays of ${Number(spec.diskBytes) / 1e12} TB`]);
  }
  return bounds;
}

export function planRecorders(specs: RecorderSpec[], cameras: CameraFigures[], maxLoad: Big, headroom: Big): RecorderModelFigures[] {
  if (specs.length === 0) return [];
  const cams = new Map(cameras.map((c) => [c.group.name, c]));
  const { taken } = assignGroups(specs, cameras.map((c) => c.group.name), 'recorder', true);
  return specs.map((spec) => {
    const groups: Share[] = (taken.get(spec) ?? []).map((g) => ({ group: g, channels: cams.get(g)!.group.channels }));
    const channels = groups.reduce((a, g) => a + g.channels, 0);
    if (spec.count !== 'auto') return { spec, count: spec.count, recorders: figuresFor(spec, spec.count, groups, cams, headroom) };
    if (channels === 0) return { spec, count: 0, countReason: 'no channels', recorders: [] };
    const bounds = lowerBounds(spec, groups, cams, maxLoad, headroom);
    const [low, reason] = bounds.reduce((a, b) => (b[0] > a[0] ? b : a), [1, 'one recorder'] as [number, string]);
    const fits = (n: number) => figuresFor(spec, n, groups, cams, headroom).every((r) => r.errors.length === 0 && r.load.lte(maxLoad));
    const n = smallestFitting(Math.min(low, channels), channels, fits);
    return { spec, count: n, countReason: n === low ? reason : `${reason}, then the busiest recorder's limits`, recorders: figuresFor(spec, n, groups, cams, headroom) };
  });
}
