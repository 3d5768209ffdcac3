/**
 * Switches: per switch, the uplink carries the recording streams of its cameras and the live viewing of
 * its operators, plus a protocol overhead, against the link's capacity; its PoE budget feeds its cameras;
 * its ports take them. Multicast viewing sends each distinct stream across the uplink once, whatever the
 * number of viewers. With `count: auto` the plan finds the fewest switches of the model that keep every
 * one within its ports, PoE budget and the load ceiling on its uplink. Pure.
 *
 * Overhead: an RTP packet of 1400 bytes of video carries 12 B RTP + 8 B UDP + 20 B IPv4 headers and
 * 38 B of Ethernet framing (header, FCS, preamble, gap): 78 / 1400 = 5.6 %; the default 10 % leaves room
 * for retransmits, RTCP and bursts around key frames.
 *
 * Sums are bigint in milli-bits a second and milliwatts (rounded up), as in plan/recorders.ts.
 */
import { InputError } from '../errors.ts';
import { big, floorToBigInt, milli, toBig, toRatio, type Big } from '../units/decimal.ts';
import { formatBitrate, formatFixed } from '../units/format.ts';
import type { CameraFigures, SwitchFigures, SwitchModelFigures, SwitchSpec } from './model.ts';
import { unitName } from './recorders.ts';
import { assignGroups, eachShare, sharedFigures, smallestFitting, spread, type Share } from './spread.ts';

export const DEFAULT_LINK_OVERHEAD = '10%';

const pct = (x: Big) => `${x.mul(100).toFixed(1)}%`;

interface GroupRates {
  milliBps: bigint;
  milliWatts: bigint;
}

/** The bitrate of one viewed stream when the switch names none: the largest any group sends to viewers. */
function defaultViewBps(cameras: CameraFigures[]): Big {
  return cameras.reduce((m, c) => {
    const g = c.group;
    const v = g.substreamBps.gt(0) ? g.substreamBps : g.bitrateBps.add(g.audioBps);
    return v.gt(m) ? v : m;
  }, big(0));
}

function sums(share: Share[], rates: Map<string, GroupRates>) {
  let channels = 0;
  let milliBps = 0n;
  let milliWatts = 0n;
  for (const s of share) {
    const r = rates.get(s.group)!;
    channels += s.channels;
    milliBps += r.milliBps * BigInt(s.channels);
    milliWatts += r.milliWatts * BigInt(s.channels);
  }
  return { channels, milliBps, milliWatts };
}

interface Context {
  rates: Map<string, GroupRates>;
  viewBps: Big;
  viewingStreams: number;
  overhead: { num: bigint; den: bigint };
  maxLoad: { num: bigint; den: bigint };
  poeMaxLoad: Big;
  /** traffic of the switches this one aggregates, already with their overhead, in all */
  aggregatedBps: Big;
  /** units of the model the aggregated traffic is shared over */
  units: number;
}

function switchFigures(spec: SwitchSpec, name: string, share: Share[], ctx: Context): SwitchFigures {
  const t = sums(share, ctx.rates);
  const recordingBps = toBig(t.milliBps).div(1000);
  const poeWatts = toBig(t.milliWatts).div(1000);
  const viewingBps = ctx.viewBps.mul(ctx.viewingStreams);
  const aggregated = ctx.aggregatedBps.div(ctx.units);
  const uplinkBps = recordingBps.add(viewingBps).mul(big(1).add(spec.overhead)).add(aggregated);
  const errors: string[] = [];
  const load = spec.uplinkBps ? uplinkBps.div(spec.uplinkBps) : undefined;
  if (spec.uplinkBps && load!.gt(1)) {
    errors.push(`${name}: its uplink carries ${formatBitrate(uplinkBps)} (recording ${formatBitrate(recordingBps)} + viewing ${formatBitrate(viewingBps)}, + ${pct(spec.overhead)} overhead${aggregated.gt(0) ? `, + ${formatBitrate(aggregated)} from the switches it aggregates` : ''}), over its ${formatBitrate(spec.uplinkBps)} (load ${pct(load!)})`);
  }
  if (spec.poeBudgetWatts && poeWatts.gt(spec.poeBudgetWatts.mul(ctx.poeMaxLoad))) {
    errors.push(`${name}: its cameras draw ${formatFixed(poeWatts, 2)} W of PoE, over ${pct(ctx.poeMaxLoad)} of its budget of ${formatFixed(spec.poeBudgetWatts, 2)} W (${formatFixed(spec.poeBudgetWatts.mul(ctx.poeMaxLoad), 2)} W)`);
  }
  if (spec.ports !== undefined && t.channels > spec.ports) errors.push(`${name}: ${t.channels} cameras, more than its ${spec.ports} ports`);
  return { name, groups: share, channels: t.channels, recordingBps, viewingBps, viewingStreams: ctx.viewingStreams, uplinkBps, load, poeWatts, errors };
}

/** The first limit a switch of n breaks (ports, its PoE budget's ceiling, its uplink's load ceiling), or none. */
function firstBreak(spec: SwitchSpec, n: number, groups: Share[], ctx: Context): 'ports' | 'poe' | 'uplink' | undefined {
  const viewMilli = milli(ctx.viewBps) * BigInt(ctx.viewingStreams);
  const uplinkMilli = spec.uplinkBps ? milli(spec.uplinkBps) : undefined;
  // the aggregated traffic's share of one of n units
  const aggregatedMilli = milli(ctx.aggregatedBps.div(n));
  const budget = spec.poeBudgetWatts ? floorToBigInt(spec.poeBudgetWatts.mul(ctx.poeMaxLoad).mul(1000)) : undefined;
  const o = ctx.overhead;
  const m = ctx.maxLoad;
  for (const share of eachShare(groups, n)) {
    const t = sums(share, ctx.rates);
    if (spec.ports !== undefined && t.channels > spec.ports) return 'ports';
    if (budget !== undefined && t.milliWatts > budget) return 'poe';
    // (recording + viewing) x (1 + o) + aggregated <= uplink x maxLoad, cross-multiplied to stay in integers
    if (uplinkMilli !== undefined && ((t.milliBps + viewMilli) * (o.den + o.num) + aggregatedMilli * o.den) * m.den > uplinkMilli * m.num * o.den) return 'uplink';
  }
  return undefined;
}

export function planSwitches(specs: SwitchSpec[], cameras: CameraFigures[], maxLoad: Big, poeMaxLoad: Big = big(0.8)): { models: SwitchModelFigures[]; unconnected: string[] } {
  if (specs.length === 0) return { models: [], unconnected: [] };
  const rates = new Map(cameras.map((c): [string, GroupRates] => [c.group.name, { milliBps: milli(c.peakChannelBps), milliWatts: milli(c.group.poe.watts) }]));
  const channelsOf = new Map(cameras.map((c) => [c.group.name, c.group.channels]));
  const { taken, unassigned } = assignGroups(specs, cameras.map((c) => c.group.name), 'switch', false);
  const allChannels = cameras.reduce((a, c) => a + c.group.channels, 0);
  const done = new Map<string, SwitchModelFigures>();
  const plan = (spec: SwitchSpec): SwitchModelFigures => {
    const aggregatedBps = (spec.aggregates ?? []).reduce((sum, name) => {
      return done.get(name)!.switches.reduce((a, x) => a.add(x.uplinkBps), sum);
    }, big(0));
    const groups: Share[] = (taken.get(spec) ?? []).map((g) => ({ group: g, channels: channelsOf.get(g)! }));
    const wanted = spec.viewers * spec.streamsEach;
    const ctx = (units: number): Context => ({
      rates,
      viewBps: spec.viewBps ?? defaultViewBps(cameras),
      viewingStreams: spec.multicast ? Math.min(wanted, allChannels) : wanted,
      overhead: toRatio(spec.overhead),
      maxLoad: toRatio(maxLoad),
      poeMaxLoad,
      aggregatedBps,
      units,
    });
    const make = (n: number) => sharedFigures(spread(groups, n), (i) => unitName(spec, i, n), (name, share) => switchFigures(spec, name, share, ctx(n)));
    if (spec.count !== 'auto') return { spec, count: spec.count, switches: make(spec.count) };
    const t = sums(groups, rates);
    if (t.channels === 0) return { spec, count: 1, countReason: 'no cameras: one switch', switches: make(1) };
    const bounds: [number, string][] = [[1, 'one switch']];
    const poeCeiling = spec.poeBudgetWatts?.mul(poeMaxLoad);
    const poeText = poeCeiling ? `PoE budget ${formatFixed(spec.poeBudgetWatts!, 2)} W at ${pct(poeMaxLoad)} (${formatFixed(poeCeiling, 2)} W)` : '';
    if (spec.ports) bounds.push([Math.ceil(t.channels / spec.ports), `${spec.ports} ports`]);
    if (poeCeiling) bounds.push([Number(toBig(t.milliWatts).div(poeCeiling.mul(1000)).ceil().toFixed(0)), poeText]);
    const [low, reason] = bounds.reduce((a, b) => (b[0] > a[0] ? b : a));
    const n = smallestFitting(Math.min(low, t.channels), t.channels, (k) => firstBreak(spec, k, groups, ctx(k)) === undefined);
    // what decided the count: the bound when it held, else the limit the switch one fewer would break
    const broken = n > low ? firstBreak(spec, n - 1, groups, ctx(n - 1)) : undefined;
    const decided = broken === 'poe' ? `${poeText}, cameras whole on each switch` : broken === 'ports' ? `${spec.ports} ports` : broken === 'uplink' ? `the busiest uplink at ${pct(maxLoad)} load` : reason;
    return { spec, count: n, countReason: decided, switches: make(n) };
  };
  // each model after those it aggregates (an aggregation layer, then the core over it); the result in the plan's order
  let pending = [...specs];
  while (pending.length > 0) {
    const ready = pending.filter((s) => (s.aggregates ?? []).every((name) => done.has(name)));
    if (ready.length === 0) {
      const s = pending[0]!;
      const names = specs.map((x) => x.name);
      const unknown = s.aggregates!.find((name) => !names.includes(name));
      throw new InputError(`${s.where}.aggregates: ${unknown ? `no switch model is named "${unknown}"` : 'switch models aggregate each other in a circle'}; expected the names of the switch models whose uplinks end on it`);
    }
    for (const spec of ready) done.set(spec.name, plan(spec));
    pending = pending.filter((s) => !ready.includes(s));
  }
  const models = specs.map((spec) => done.get(spec.name)!);
  return { models, unconnected: unassigned };
}
