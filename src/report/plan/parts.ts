/**
 * Sections for the parts around the disks: recorders, switches, tiers, edge cards, vendor figures,
 * growth, bill of materials and broken limits. Rows of identical recorders or switches are folded into
 * one ("NVR-01 … NVR-12 (x12)") so a plan of 500 recorders reads in a screen.
 */
import type { PlanResult } from '../../plan/model.ts';
import { RESERVE_SOURCES, reserveText } from '../../plan/reserve.ts';
import { zhBill, zhMessage, zhReason } from './zh-messages.ts';
import { formatBitrate, formatBytes, formatFixed, groupDigits, type UnitSystem } from '../../units/format.ts';
import { t, type Lang } from '../i18n.ts';
import type { Section } from '../sections.ts';

const pct = (x: { mul(n: number): { toFixed(d: number): string } }) => `${x.mul(100).toFixed(1)}%`;

/** Folds runs of rows that are equal but for their first cell. */
/**
 * Rows of units, a run of units with the same figures as one row (`nvr-001 … nvr-500 (x500)`). Cells are
 * formatted once a distinct figure (units that share a load share their figures' objects, plan/spread.ts),
 * and no row is held for a unit inside a run: 370,000 recorders are a few rows, not 370,000.
 */
/** The last of a run without what it shares with the first: `access-poe-01 … 46`, not the name twice. */
function lastOf(first: string, last: string): string {
  let i = 0;
  while (i < first.length && first[i] === last[i]) i++;
  // back to the start of the number the names differ in
  while (i > 0 && /\d/.test(last[i - 1]!)) i--;
  return i > 0 && /^\d+$/.test(last.slice(i)) ? last.slice(i) : last;
}

function foldedRows<T>(units: T[], name: (u: T) => string, shared: (u: T) => object, cells: (u: T) => string[]): string[][] {
  const formatted = new WeakMap<object, string[]>();
  const out: string[][] = [];
  let run: { first: string; last: string; n: number; cells: string[]; key: string } | undefined;
  const close = () => {
    if (run) out.push([run.n === 1 ? run.first : `${run.first} … ${lastOf(run.first, run.last)} (x${run.n})`, ...run.cells]);
  };
  for (const u of units) {
    const id = shared(u);
    let c = formatted.get(id);
    if (!c) formatted.set(id, (c = cells(u)));
    const key = c.join('\u0000');
    if (run && run.key === key) {
      run.last = name(u);
      run.n++;
      continue;
    }
    close();
    run = { first: name(u), last: name(u), n: 1, cells: c, key };
  }
  close();
  return out;
}

export function partSections(result: PlanResult, lang: Lang, units: UnitSystem): Section[] {
  return [errorsSection(result, lang, units), recordersSection(result, lang, units), networkSection(result, lang, units), tiersSection(result, lang, units), edgeSection(result, lang, units), vendorSection(result, lang, units), growthSection(result, lang, units), bomSection(result, lang, units)].filter((x): x is Section => x !== undefined);
}

/** Messages, count reasons and bill lines in the reader's language (English as written). */
const say = (lang: Lang) => (lang === 'zh' ? zhMessage : (x: string) => x);
const reasonIn = (lang: Lang) => (lang === 'zh' ? zhReason : (x: string) => x);
const billIn = (lang: Lang) => (lang === 'zh' ? zhBill : (x: string) => x);

function errorsSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.errors.length > 0)) return undefined;
  return ({ key: 'errors', title: t(lang, 'errorsTitle'), lines: result.errors.map(say(lang)) });
}

function recordersSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.recorders.length > 0)) return undefined;
  const rows = result.recorders.flatMap((m) =>
    foldedRows(m.recorders, (r) => r.name, (r) => r.build, (r) => [
      groupDigits(r.channels),
      formatBitrate(r.ingestBps),
      pct(r.load),
      `${r.build.totalDisks}/${m.spec.bays}`,
      formatBytes(r.hotBytes, units),
      formatBytes(r.reserveBytes, units),
      `${formatFixed(r.daysHeld, 2)} ${t(lang, 'daysUnit')}`,
    ]),
  );
  const models = result.recorders.map((m) => {
    const s = m.spec;
    const source = s.reserve.kind === 'frigate' || s.reserve.kind === 'milestone' ? ` (${RESERVE_SOURCES[s.reserve.kind][lang]})` : '';
    return `${s.name}${s.model ? ` (${s.model})` : ''}: ${m.count}${s.standby ? ` + ${s.standby} ${t(lang, 'standby')}` : ''} x [${t(lang, 'inbound')} ${formatBitrate(s.inboundBps)}, ${s.bays} ${t(lang, 'bays')}, ${formatBytes(s.diskBytes)}, RAID ${s.raid}${s.raid === 'none' ? '' : ` x ${s.groupSize}`}${s.spares ? ` + ${s.spares} ${t(lang, 'sparesWord')}` : ''}, ${t(lang, 'reserve')} ${s.reserve.kind === 'none' ? t(lang, 'reserveNone') : reserveText(s.reserve)}${source}]${m.countReason ? `; ${t(lang, 'countReason')}: ${reasonIn(lang)(m.countReason)}` : ''}`;
  });
  return ({
    key: 'recorders',
    title: t(lang, 'recordersTitle'),
    lines: models,
    table: {
      head: [t(lang, 'recorder'), t(lang, 'channels'), t(lang, 'ingest'), t(lang, 'load'), t(lang, 'disks'), t(lang, 'hotTier'), t(lang, 'reserve'), t(lang, 'daysHeld')],
      drop: [6, 2, 5],
      rows,
    },
  });
}

function networkSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.switches.length > 0)) return undefined;
  const rows = result.switches.flatMap((m) =>
    foldedRows(m.switches, (s) => s.name, (s) => s.uplinkBps, (s) => [
      groupDigits(s.channels),
      formatBitrate(s.recordingBps),
      `${formatBitrate(s.viewingBps)} (${s.viewingStreams}${m.spec.multicast ? ', multicast' : ''})`,
      `${formatBitrate(s.uplinkBps)}${m.spec.uplinkBps ? ` / ${formatBitrate(m.spec.uplinkBps)} = ${pct(s.load!)}` : ''}`,
      `${formatFixed(s.poeWatts, 2)} W${m.spec.poeBudgetWatts ? ` / ${formatFixed(m.spec.poeBudgetWatts, 2)} W` : ''}`,
    ]),
  );
  return ({
    key: 'network',
    title: t(lang, 'networkTitle'),
    lines: result.switches.filter((m) => m.countReason).map((m) => `${m.spec.name}: ${m.count}; ${t(lang, 'countReason')}: ${reasonIn(lang)(m.countReason!)}`),
    table: { head: [t(lang, 'switch'), t(lang, 'cameras'), t(lang, 'recordingStreams'), t(lang, 'viewing'), t(lang, 'uplink'), t(lang, 'poe')], rows, drop: [3, 2] },
  });
}

function tiersSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.input.archive && result.archive)) return undefined;
  const a = result.archive;
  return ({
    key: 'tiers',
    title: t(lang, 'tiersTitle'),
    figures: [
      { key: 'hotBytes', label: t(lang, 'hotTier'), text: `${formatBytes(result.hotBytes, units)} = ${groupDigits(result.hotBytes)} B`, exact: result.hotBytes.toString(), unit: 'B' },
      { key: 'archiveBytes', label: `${t(lang, 'archiveTier')} (${result.input.archive.days} ${t(lang, 'daysUnit')})`, text: `${formatBytes(result.archiveBytes, units)} = ${groupDigits(result.archiveBytes)} B`, exact: result.archiveBytes.toString(), unit: 'B' },
      { key: 'archiveDisks', label: `${t(lang, 'archiveBuild')}: ${t(lang, 'totalDisks')}`, text: `${a.totalDisks} x ${formatBytes(a.diskBytes)} (RAID ${a.raid}, ${a.groups} x ${a.groupSize}, ${a.spares} ${t(lang, 'spares')})`, exact: String(a.totalDisks) },
      { key: 'archiveEnclosures', label: `${t(lang, 'archiveBuild')}: ${t(lang, 'enclosures')}`, text: `${a.enclosures} (${a.bays} ${t(lang, 'bays')})`, exact: String(a.enclosures) },
      { key: 'archiveUsable', label: `${t(lang, 'archiveBuild')}: ${t(lang, 'usableAfterOverhead')}`, text: formatBytes(a.usableAfterOverhead, units), exact: a.usableAfterOverhead.toString(), unit: 'B' },
    ],
  });
}

function edgeSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.edge.length > 0)) return undefined;
  return ({
    key: 'edge',
    title: t(lang, 'edgeTitle'),
    table: {
      head: [t(lang, 'group'), t(lang, 'card'), t(lang, 'stream'), t(lang, 'aDay'), t(lang, 'daysHeld')],
      rows: result.edge.map((e) => [e.group, formatBytes(e.cardBytes), t(lang, `stream.${e.stream}`), formatBytes(e.bytesPerDay, units), `${formatFixed(e.daysHeld, 2)} ${t(lang, 'daysUnit')}`]),
    },
  });
}

function vendorSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.vendor.length > 0)) return undefined;
  return ({
    key: 'vendor',
    title: t(lang, 'vendorTitle'),
    table: {
      head: [t(lang, 'group'), t(lang, 'vendorMbPerHour'), t(lang, 'vendorTb'), t(lang, 'vendorBytes'), t(lang, 'exactBytes')],
      drop: [1, 3],
      rows: result.vendor.map((v, i) => [v.group, formatFixed(v.mbPerHour, 3), formatFixed(v.tb, 3), `${groupDigits(v.bytes)} B`, `${groupDigits(result.cameras[i]!.bytes)} B`]),
    },
  });
}

function growthSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.growth)) return undefined;
  const g = result.growth.result;
  const recorders = (r: PlanResult) => r.recorders.reduce((a, m) => a + m.count, 0);
  const disks = (r: PlanResult) => r.build.totalDisks + (r.archive?.totalDisks ?? 0) + r.recorders.reduce((a, m) => a + m.recorders.reduce((b, x) => b + x.build.totalDisks, 0), 0);
  const figures = [
    { key: 'growthShare', label: t(lang, 'growthShare'), text: pct(result.growth.fraction), exact: result.growth.fraction.toString() },
    { key: 'channels', label: `${t(lang, 'totalChannels')}, ${t(lang, 'afterGrowth')}`, text: `${groupDigits(g.totals.channels)} (+${groupDigits(g.totals.channels - result.totals.channels)})`, exact: String(g.totals.channels) },
    { key: 'bytes', label: `${t(lang, 'stored')}, ${t(lang, 'afterGrowth')}`, text: `${formatBytes(g.totals.bytes, units)} (+${formatBytes(g.totals.bytes - result.totals.bytes, units)})`, exact: g.totals.bytes.toString(), unit: 'B' },
    { key: 'disks', label: `${t(lang, 'totalDisks')}, ${t(lang, 'afterGrowth')}`, text: `${groupDigits(disks(g))} (+${groupDigits(disks(g) - disks(result))})`, exact: String(disks(g)) },
  ];
  if (result.recorders.length > 0) figures.push({ key: 'recorders', label: `${t(lang, 'recorderCount')}, ${t(lang, 'afterGrowth')}`, text: `${recorders(g)} (+${recorders(g) - recorders(result)})`, exact: String(recorders(g)) });
  else figures.push({ key: 'enclosures', label: `${t(lang, 'enclosures')}, ${t(lang, 'afterGrowth')}`, text: `${g.build.enclosures} (+${g.build.enclosures - result.build.enclosures})`, exact: String(g.build.enclosures) });
  return ({ key: 'growth', title: t(lang, 'growthTitle'), figures });
}

function bomSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (!(result.bom.length > 0)) return undefined;
  return ({
    key: 'bom',
    title: t(lang, 'bomTitle'),
    table: { head: [t(lang, 'item'), t(lang, 'quantity'), t(lang, 'spec')], rows: result.bom.map((b) => [billIn(lang)(b.item), groupDigits(b.quantity), billIn(lang)(b.spec)]) },
  });
}
