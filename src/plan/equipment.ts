/**
 * Builders for the parts around the disks, shared by flags and plan files: recorder models, switch
 * models, the archive tier and the plan-wide figures (load ceiling, growth, headroom, cold spares). Every
 * error names the field as the user wrote it.
 */
import { expected, InputError } from '../errors.ts';
import { parseBitrate, parseCount, parsePercent } from '../units/parse.ts';
import type { Fields } from '../config/fields.ts';
import { DEFAULTS } from './defaults.ts';
import { enclosureKind, parseDisk, text } from './groups.ts';
import type { ArchiveTier, PlanInput, RaidLevel, RecorderSpec, StorageBuild, SwitchSpec } from './model.ts';
import { parseWatts } from './poe.ts';
import { checkGroupSize, DEFAULT_GROUP_SIZE, parityDisks, parseRaidLevel } from './raid.ts';
import { parseReserve } from './reserve.ts';
import { DEFAULT_LINK_OVERHEAD } from './switches.ts';

export const RECORDER_FIELDS = ['name', 'model', 'count', 'inbound', 'maxChannels', 'bays', 'disk', 'raid', 'raidGroup', 'spares', 'overhead', 'reserve', 'groups', 'standby', 'outbound', 'viewStreams'];
export const SWITCH_FIELDS = ['name', 'count', 'groups', 'ports', 'uplink', 'poeBudget', 'viewers', 'streamsEach', 'viewBitrate', 'multicast', 'overhead', 'aggregates'];
export const ARCHIVE_FIELDS = ['days', 'disk', 'raid', 'raidGroup', 'spares', 'overhead', 'bays', 'enclosures'];
export const PLAN_WIDE_FIELDS = ['maxLoad', 'poeMaxLoad', 'growth', 'headroom', 'coldSpares'];

/** A recorder keeps its file system's share only: its reserve is a field of its own. */
export const RECORDER_DEFAULTS = { count: 1, raid: '6', overhead: '3%', spares: 0, reserve: 'none' } as const;

function count(f: Fields, key: string): number | 'auto' {
  const raw = text(f, key, 1).trim().toLowerCase();
  return raw === 'auto' ? 'auto' : parseCount(f.label(key), raw);
}

function names(f: Fields, key: string): string[] | undefined {
  if (!f.has(key)) return undefined;
  const v = f.get(key);
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((x) => typeof x === 'string' || typeof x === 'number')) throw expected(f.label(key), v, 'a list of camera group names');
  return list.map(String);
}

/** Widest groups the default picks: RAID 5 past 8 disks is a rebuild risk (plan/risks.ts), RAID 6 past 16 too. */
const MAX_DEFAULT_WIDTH: Record<string, number> = { '5': 8, '6': 16, '0': 16, '1': 2, '10': 16, none: 1 };

/**
 * A recorder's RAID group when none is given: the width that puts the most data disks in its bays (ties:
 * the narrower, which rebuilds sooner). 16 bays of RAID 6 -> one group of 16 (14 data); 24 bays -> two of
 * 12 (20 data), where the pooled default of 10 would leave bays empty.
 */
export function recorderGroupSize(raid: RaidLevel, bays: number): number {
  let best = Math.min(DEFAULT_GROUP_SIZE[raid], Math.max(bays, 1));
  let bestData = -1;
  for (let w = 1; w <= Math.min(bays, MAX_DEFAULT_WIDTH[raid]!); w++) {
    try {
      checkGroupSize('', raid, w);
    } catch {
      continue;
    }
    const data = Math.floor(bays / w) * (w - parityDisks(raid, w));
    if (data > bestData) {
      best = w;
      bestData = data;
    }
  }
  return best;
}

export function recorderSpec(f: Fields, fallbackName: string, where: string): RecorderSpec {
  for (const key of ['inbound', 'bays']) {
    if (!f.has(key)) throw new InputError(`${f.label(key)}: missing; a recorder needs its inbound rating (e.g. 320Mbps) and its disk bays`);
  }
  const raid = parseRaidLevel(f.label('raid'), text(f, 'raid', RECORDER_DEFAULTS.raid));
  const bays = parseCount(f.label('bays'), text(f, 'bays', ''));
  const spares = parseCount(f.label('spares'), text(f, 'spares', RECORDER_DEFAULTS.spares), 0);
  const groupSize = f.has('raidGroup') ? parseCount(f.label('raidGroup'), text(f, 'raidGroup', '')) : recorderGroupSize(raid, bays - spares);
  checkGroupSize(f.has('raidGroup') ? f.label('raidGroup') : `${f.label('raid')} ${raid} in ${bays} bays`, raid, raid === 'none' ? 1 : groupSize);
  const inbound = parseBitrate(f.label('inbound'), text(f, 'inbound', ''));
  return {
    name: f.has('name') ? text(f, 'name', '') : fallbackName,
    model: f.has('model') ? text(f, 'model', '') : undefined,
    count: count(f, 'count'),
    inboundBps: inbound.bps,
    maxChannels: f.has('maxChannels') ? parseCount(f.label('maxChannels'), text(f, 'maxChannels', '')) : undefined,
    bays,
    diskBytes: parseDisk(f.label('disk'), text(f, 'disk', DEFAULTS.disk)),
    raid,
    groupSize: raid === 'none' ? 1 : groupSize,
    spares,
    overhead: parsePercent(f.label('overhead'), text(f, 'overhead', RECORDER_DEFAULTS.overhead), { belowMax: true }),
    reserve: parseReserve(f.label('reserve'), text(f, 'reserve', RECORDER_DEFAULTS.reserve)),
    groups: names(f, 'groups'),
    ...(f.has('standby') ? { standby: parseCount(f.label('standby'), text(f, 'standby', ''), 0) } : {}),
    ...(f.has('outbound') ? { outboundBps: parseBitrate(f.label('outbound'), text(f, 'outbound', '')).bps } : {}),
    ...(f.has('viewStreams') ? { viewStreams: parseCount(f.label('viewStreams'), text(f, 'viewStreams', ''), 0) } : {}),
    where,
  };
}

export function switchSpec(f: Fields, fallbackName: string, where: string): SwitchSpec {
  const multicast = f.has('multicast') ? f.get('multicast') : false;
  if (typeof multicast !== 'boolean') throw expected(f.label('multicast'), multicast, 'true or false');
  const spec: SwitchSpec = {
    name: f.has('name') ? text(f, 'name', '') : fallbackName,
    count: count(f, 'count'),
    groups: names(f, 'groups'),
    ports: f.has('ports') ? parseCount(f.label('ports'), text(f, 'ports', '')) : undefined,
    uplinkBps: f.has('uplink') ? parseBitrate(f.label('uplink'), text(f, 'uplink', '')).bps : undefined,
    poeBudgetWatts: f.has('poeBudget') ? parseWatts(f.label('poeBudget'), text(f, 'poeBudget', '')) : undefined,
    viewers: parseCount(f.label('viewers'), text(f, 'viewers', 0), 0),
    streamsEach: parseCount(f.label('streamsEach'), text(f, 'streamsEach', 1), 1),
    viewBps: f.has('viewBitrate') ? parseBitrate(f.label('viewBitrate'), text(f, 'viewBitrate', '')).bps : undefined,
    multicast,
    overhead: parsePercent(f.label('overhead'), text(f, 'overhead', DEFAULT_LINK_OVERHEAD)),
    ...(f.has('aggregates') ? { aggregates: names(f, 'aggregates') } : {}),
    where,
  };
  if (spec.count === 'auto' && !spec.ports && !spec.poeBudgetWatts && !spec.uplinkBps) {
    throw new InputError(`${f.label('count')}: auto needs a limit to size by; expected ports, poeBudget or uplink on the switch`);
  }
  return spec;
}

/** `base` is the pooled storage build: the archive tier takes its fields unless it sets its own. */
export function archiveTier(f: Fields, base: StorageBuild, cameraDays: { name: string; days: number }[]): ArchiveTier {
  const days = parseCount(f.label('days'), text(f, 'days', ''));
  const short = cameraDays.find((g) => g.days <= days);
  if (short) throw new InputError(`${f.label('days')}: ${days} archive days leave none on the recorders for "${short.name}", which keeps ${short.days}; expected fewer archive days than every group's retention`);
  const raid = f.has('raid') ? parseRaidLevel(f.label('raid'), text(f, 'raid', '')) : base.raid;
  const groupSize = f.has('raidGroup') ? parseCount(f.label('raidGroup'), text(f, 'raidGroup', '')) : raid === base.raid ? base.groupSize : DEFAULT_GROUP_SIZE[raid];
  checkGroupSize(f.has('raidGroup') ? f.label('raidGroup') : f.label('raid'), raid, groupSize);
  const spares = f.has('spares') ? text(f, 'spares', '').trim() : undefined;
  return {
    days,
    storage: {
      raid,
      groupSize,
      diskBytes: f.has('disk') ? parseDisk(f.label('disk'), text(f, 'disk', '')) : base.diskBytes,
      spares: spares === undefined ? base.spares : spares === 'auto' ? 'auto' : parseCount(f.label('spares'), spares, 0),
      overhead: f.has('overhead') ? parsePercent(f.label('overhead'), text(f, 'overhead', ''), { belowMax: true }) : base.overhead,
      bays: f.has('bays') ? parseCount(f.label('bays'), text(f, 'bays', '')) : base.bays,
      enclosures: f.has('enclosures') ? enclosureKind(f.label('enclosures'), text(f, 'enclosures', '')) : base.enclosures,
    },
  };
}

type PlanWide = Pick<PlanInput, 'maxLoad' | 'poeMaxLoad' | 'growth' | 'headroom' | 'coldSpares'>;

/**
 * The share of a switch's PoE budget a plan may draw: 80 %, as the open CCTV calculator
 * skiptdouglas/cctv-storage-calculator does (src/calc.js, POE_UTILISATION: 0.8), leaving room for a camera's
 * heater or IR at their peak and the budget's own tolerance.
 */
export const DEFAULT_POE_MAX_LOAD = '80%';

export function planWide(f: Fields): PlanWide {
  const cold = f.has('coldSpares') ? text(f, 'coldSpares', '').trim() : undefined;
  return {
    maxLoad: parsePercent(f.label('maxLoad'), text(f, 'maxLoad', '70%'), { aboveMin: true }),
    poeMaxLoad: parsePercent(f.label('poeMaxLoad'), text(f, 'poeMaxLoad', DEFAULT_POE_MAX_LOAD), { aboveMin: true }),
    growth: f.has('growth') ? parsePercent(f.label('growth'), text(f, 'growth', ''), { max: 1000 }) : undefined,
    headroom: f.has('headroom') ? parsePercent(f.label('headroom'), text(f, 'headroom', ''), { max: 1000 }) : undefined,
    coldSpares: cold === undefined ? undefined : cold.endsWith('%') ? { fraction: parsePercent(f.label('coldSpares'), cold) } : { count: parseCount(f.label('coldSpares'), cold, 0) },
  };
}
