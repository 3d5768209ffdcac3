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
 */
import { big, type Big } from '../units/decimal.ts';
import { formatBitrate, formatFixed } from '../units/format.ts';
import type { CameraFigures, SwitchFigures, SwitchModelFigures, SwitchSpec } from './model.ts';
import { assignGroups, smallestFitting, spread, type Share } from './spread.ts';

export const DEFAULT_LINK_OVERHEAD = '10%';

const pct = (x: Big) => `${x.mul(100).toFixed(1)}%`;

/** The bitrate of one viewed stream when the switch names none: the largest any group sends to viewers. */
function defaultViewBps(cameras: CameraFigures[]): Big {
  return cameras.reduce((m, c) => {
    const g = c.group;
    const v = g.substreamBps.gt(0) ? g.substreamBps : g.bitrateBps.add(g.audioBps);
    return v.gt(m) ? v : m;
  }, big(0));
}

export function switchFigures(spec: SwitchSpec, name: string, share: Share[], cams: Map<string, CameraFigures>, viewBps: Big, allChannels: number): SwitchFigures {
  let recordingBps = big(0);
  let poeWatts = big(0);
  let channels = 0;
  for (const s of share) {
    const c = cams.get(s.group)!;
    channels += s.channels;
    recordingBps = recordingBps.add(c.channelBps.mul(s.channels));
    poeWatts = poeWatts.add(c.group.poe.watts.mul(s.channels));
  }
  const wanted = spec.viewers * spec.streamsEach;
  const viewingStreams = spec.multicast ? Math.min(wanted, allChannels) : wanted;
  const viewingBps = viewBps.mul(viewingStreams);
  const uplinkBps = recordingBps.add(viewingBps).mul(big(1).add(spec.overhead));
  const errors: string[] = [];
  const load = spec.uplinkBps ? uplinkBps.div(spec.uplinkBps) : undefined;
  if (spec.uplinkBps && load!.gt(1)) {
    errors.push(`${name}: its uplink carries ${formatBitrate(uplinkBps)} (recording ${formatBitrate(recordingBps)} + viewing ${formatBitrate(viewingBps)}, + ${pct(spec.overhead)} overhead), over its ${formatBitrate(spec.uplinkBps)} (load ${pct(load!)})`);
  }
  if (spec.poeBudgetWatts && poeWatts.gt(spec.poeBudgetWatts)) {
    errors.push(`${name}: its cameras draw ${formatFixed(poeWatts, 2)} W of PoE, over its budget of ${formatFixed(spec.poeBudgetWatts, 2)} W`);
  }
  if (spec.ports !== undefined && channels > spec.ports) errors.push(`${name}: ${channels} cameras, more than its ${spec.ports} ports`);
  return { name, groups: share, channels, recordingBps, viewingBps, viewingStreams, uplinkBps, load, poeWatts, errors };
}

function unitName(spec: { name: string }, i: number, n: number): string {
  return n === 1 ? spec.name : `${spec.name}-${String(i + 1).padStart(String(n).length, '0')}`;
}

export function planSwitches(specs: SwitchSpec[], cameras: CameraFigures[], maxLoad: Big): { models: SwitchModelFigures[]; unconnected: string[] } {
  if (specs.length === 0) return { models: [], unconnected: [] };
  const cams = new Map(cameras.map((c) => [c.group.name, c]));
  const { taken, unassigned } = assignGroups(specs, cameras.map((c) => c.group.name), 'switch', false);
  const allChannels = cameras.reduce((a, c) => a + c.group.channels, 0);
  const models = specs.map((spec): SwitchModelFigures => {
    const groups: Share[] = (taken.get(spec) ?? []).map((g) => ({ group: g, channels: cams.get(g)!.group.channels }));
    const viewBps = spec.viewBps ?? defaultViewBps(cameras);
    const make = (n: number) => spread(groups, n).map((share, i) => switchFigures(spec, unitName(spec, i, n), share, cams, viewBps, allChannels));
    if (spec.count !== 'auto') return { spec, count: spec.count, switches: make(spec.count) };
    const channels = groups.reduce((a, g) => a + g.channels, 0);
    if (channels === 0) return { spec, count: 1, countReason: 'no cameras: one switch', switches: make(1) };
    const bounds: [number, string][] = [[1, 'one switch']];
    if (spec.ports) bounds.push([Math.ceil(channels / spec.ports), `${spec.ports} ports`]);
    if (spec.poeBudgetWatts) {
      const watts = groups.reduce((a, g) => a.add(cams.get(g.group)!.group.poe.watts.mul(g.channels)), big(0));
      bounds.push([Number(watts.div(spec.poeBudgetWatts).ceil().toFixed(0)), `PoE budget ${formatFixed(spec.poeBudgetWatts, 2)} W`]);
    }
    const [low, reason] = bounds.reduce((a, b) => (b[0] > a[0] ? b : a));
    const fits = (n: number) => make(n).every((s) => s.errors.length === 0 && (s.load === undefined || s.load.lte(maxLoad)));
    const n = smallestFitting(Math.min(low, channels), channels, fits);
    return { spec, count: n, countReason: n === low ? reason : `${reason}, then the busiest uplink at ${pct(maxLoad)} load`, switches: make(n) };
  });
  return { models, unconnected: unassigned };
}
