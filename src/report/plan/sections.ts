/** A plan result as labelled sections, in the user's language and unit system. */
import type { PlanResult } from '../../plan/model.ts';
import { formatBitrate, formatBytes, formatFixed, formatWriteRate, groupDigits, type UnitSystem } from '../../units/format.ts';
import { t, type Lang } from '../i18n.ts';
import type { Figure, Section } from '../sections.ts';
import { partSections } from './parts.ts';
import { shownRows } from '../render.ts';
import { zhMessage } from './zh-messages.ts';

export interface PlanView {
  lang: Lang;
  units: UnitSystem;
  /** for a screen (table, Markdown): long tables keep their first rows only (report/render.ts shownRows) */
  screen?: boolean;
}

/** The chosen unit first, the other in brackets: procurement reads TB, the OS shows TiB. */
function bytesBoth(bytes: bigint, units: UnitSystem): string {
  const other: UnitSystem = units === 'si' ? 'iec' : 'si';
  return `${formatBytes(bytes, units)} (${formatBytes(bytes, other)})`;
}

function exactBytes(key: string, label: string, bytes: bigint, units: UnitSystem): Figure {
  return { key, label, text: `${bytesBoth(bytes, units)} = ${groupDigits(bytes)} B`, exact: bytes.toString(), unit: 'B' };
}

function count(key: string, label: string, n: number, suffix = ''): Figure {
  return { key, label, text: `${groupDigits(n)}${suffix}`, exact: String(n) };
}

function recording(lang: Lang, duty: PlanResult['cameras'][number]['group']): string {
  const full = duty.duty.eq(1);
  const hours = formatFixed(duty.hoursPerDay, 2);
  if (full && duty.hoursPerDay.eq(24)) return t(lang, 'continuous');
  const pct = `${formatFixed(duty.duty.mul(100), 2)}%`;
  return full ? `${hours} ${t(lang, 'hoursADay')}` : `${pct} ${t(lang, 'ofHours')} ${hours} ${t(lang, 'hoursADay')}`;
}

export function planTitle(result: PlanResult, lang: Lang): string {
  return `vstor — ${t(lang, 'planTitle')}${result.input.name ? `: ${result.input.name}` : ''}`;
}

export function planSections(result: PlanResult, view: PlanView): Section[] {
  const { lang, units } = view;
  const sections = [camerasSection(result, view), capturesSection(result, lang, units), totalsSection(result, lang, units)].filter((x): x is Section => x !== undefined);
  // with recorders and no picture groups the pooled storage holds nothing: its section would be all zeros
  if (!(result.recorders.length > 0 && result.build.totalDisks === 0)) sections.push(buildSection(result, lang, units));
  sections.push(...partSections(result, lang, units));
  return tail(result, lang, units, sections);
}

/** The camera groups: a row each (folded on a screen), its bitrate, recording, days and bytes. */
function camerasSection(result: PlanResult, view: PlanView): Section | undefined {
  const { lang, units } = view;
  if (result.cameras.length === 0) return undefined;
  return {
    key: 'cameras',
    title: t(lang, 'cameraGroups'),
    table: {
      head: ['group', 'channels', 'resolution', 'codec', 'bitrate', 'recording', 'days', 'perChannelDay', 'perChannel', 'groupTotal'].map((w) => t(lang, w as never)),
      // a narrow screen leaves out first what the other columns imply: a day's bytes, the codec, ...
      drop: [7, 3, 5, 2, 8],
      rows: shownRows(result.cameras, view.screen === true, (c) => {
        const g = c.group;
        const extras = g.audioBps.add(g.substreamBps);
        const source = g.bitrateSource === 'default' ? ` (${t(lang, 'bitrateDefault')})` : g.bitrateSource === 'estimate' ? ` (${t(lang, 'bitrateEstimate')})` : '';
        const subDays = g.substreamBps.gt(0) && g.substreamDays !== g.days ? ` (${t(lang, 'stream.sub')} ${g.substreamDays} ${t(lang, 'daysUnit')})` : '';
        const rate = formatBitrate(g.bitrateBps) + source + (extras.gt(0) ? ` + ${formatBitrate(extras)}` : '');
        return [
          g.name,
          groupDigits(g.channels),
          g.resolution.label,
          g.codec,
          rate,
          recording(lang, g),
          `${g.days}${subDays}`,
          formatBytes(c.bytesPerChannelDay, units),
          formatBytes(c.bytesPerChannel, units),
          formatBytes(c.bytes, units),
        ];
      }, 10),
    },
  };
}

/** The picture-capture groups (checkpoint cameras): devices, captures a day, bytes. */
function capturesSection(result: PlanResult, lang: Lang, units: UnitSystem): Section | undefined {
  if (result.captures.length === 0) return undefined;
  return {
    key: 'captures',
    title: t(lang, 'captureGroups'),
    table: {
      head: ['group', 'devices', 'capturesPerDay', 'pictureSize', 'days', 'aDay', 'groupTotal'].map((w) => t(lang, w as never)),
      drop: [5, 2, 3],
      rows: result.captures.map((c) => [
        c.group.name,
        groupDigits(c.group.devices),
        groupDigits(c.group.capturesPerDay),
        formatBytes(c.group.bytesPerCapture, units),
        String(c.group.days),
        formatBytes(c.bytesPerDay, units),
        formatBytes(c.bytes, units),
      ]),
    },
  };
}

/** The totals: bytes stored and a day, channels, devices, ingest, write rates, the headroom asked. */
function totalsSection(result: PlanResult, lang: Lang, units: UnitSystem): Section {
  const tot = result.totals;
  const totals: Figure[] = [
    exactBytes('bytes', t(lang, 'stored'), tot.bytes, units),
    exactBytes('bytesPerDay', t(lang, 'storedPerDay'), tot.bytesPerDay, units),
    count('channels', t(lang, 'totalChannels'), tot.channels),
  ];
  if (tot.captureDevices > 0) totals.push(count('captureDevices', t(lang, 'totalDevices'), tot.captureDevices));
  totals.push(
    { key: 'ingestBps', label: t(lang, 'ingest'), text: formatBitrate(tot.ingestBps), exact: tot.ingestBps.toFixed(0), unit: 'bit/s' },
    { key: 'peakWriteBytesPerSecond', label: t(lang, 'peakWriteRate'), text: formatWriteRate(tot.peakWriteBytesPerSecond, units), exact: tot.peakWriteBytesPerSecond.toFixed(3), unit: 'B/s' },
    { key: 'writeBytesPerSecond', label: t(lang, 'writeRate'), text: formatWriteRate(tot.writeBytesPerSecond, units), exact: tot.writeBytesPerSecond.toFixed(3), unit: 'B/s' },
  );
  if (result.headroomBytes > 0n) {
    totals.push(exactBytes('headroomAsked', `${t(lang, 'headroomAsked')} (${formatFixed(result.input.headroom!.mul(100), 2)}%)`, result.headroomBytes, units));
  }
  return { key: 'totals', title: t(lang, 'totals'), figures: totals };
}

/** The pooled storage build: RAID, groups, disks, enclosures, capacities. */
function buildSection(result: PlanResult, lang: Lang, units: UnitSystem): Section {
  const b = result.build;
  const layout = b.raid === 'none'
    ? t(lang, 'raidNone')
    : `${b.groupSize} (${b.dataDisksPerGroup} ${t(lang, 'data')} + ${b.parityDisksPerGroup} ${t(lang, 'parity')})`;
  return {
    key: 'build',
    title: t(lang, 'storageBuild'),
    figures: [
      { key: 'raid', label: t(lang, 'raid'), text: b.raid === 'none' ? t(lang, 'raidNone') : `RAID ${b.raid}`, exact: b.raid },
      { key: 'groupSize', label: t(lang, 'groupLayout'), text: layout, exact: String(b.groupSize) },
      { key: 'diskBytes', label: t(lang, 'diskSize'), text: bytesBoth(b.diskBytes, units), exact: b.diskBytes.toString(), unit: 'B' },
      { key: 'overhead', label: t(lang, 'overhead'), text: `${formatFixed(b.overhead.mul(100), 2)}%`, exact: b.overhead.toString() },
      count('groups', t(lang, 'raidGroups'), b.groups),
      count('dataDisks', t(lang, 'dataDisks'), b.dataDisks),
      count('parityDisks', t(lang, 'parityDisks'), b.parityDisks),
      count('spares', t(lang, 'spares'), b.spares, result.input.storage.spares === 'auto' ? ` (${t(lang, 'sparesAuto')})` : ''),
      count('totalDisks', t(lang, 'totalDisks'), b.totalDisks),
      count('enclosures', t(lang, 'enclosures'), b.enclosures, ` (${b.bays} ${t(lang, 'bays')}; ${t(lang, b.groupsSpanEnclosures ? (b.enclosureKind === 'shelves' ? 'enclosureShelves' : 'enclosureSpans') : 'enclosureWhole')})`),
      exactBytes('rawBytes', t(lang, 'rawCapacity'), b.rawBytes, units),
      exactBytes('usableBytes', t(lang, 'usableCapacity'), b.usableBytes, units),
      exactBytes('usableAfterOverhead', t(lang, 'usableAfterOverhead'), b.usableAfterOverhead, units),
      exactBytes('headroomBytes', t(lang, 'headroom'), b.headroomBytes, units),
    ],
  };
}

function tail(result: PlanResult, lang: Lang, units: UnitSystem, sections: Section[]): Section[] {

  const cap = result.capacity;
  if (cap) {
    const figures: Figure[] = [
      exactBytes('capacityBytes', t(lang, 'capacityGiven'), cap.capacityBytes, units),
      exactBytes('capacityUsable', t(lang, 'usableAfterOverhead'), cap.usableAfterOverhead, units),
      // one stream: its days and its requirement; several: a line each (below), never one blended figure
      ...(cap.streams.length === 1
        ? [
            { key: 'daysHeld', label: t(lang, 'daysHeld'), text: `${formatFixed(cap.daysHeld, 2)} ${t(lang, 'daysUnit')}`, exact: cap.daysHeld.toFixed(4) },
            { key: 'requiredDays', label: t(lang, 'requiredDays'), text: `${cap.requiredDays} ${t(lang, 'daysUnit')}`, exact: String(cap.requiredDays) },
          ]
        : []),
      { key: 'fits', label: t(lang, 'fits'), text: t(lang, cap.fits ? 'yes' : 'no'), exact: String(cap.fits) },
      {
        key: 'marginBytes',
        label: t(lang, 'margin'),
        text: `${cap.marginBytes < 0n ? '-' : '+'}${formatBytes(cap.marginBytes < 0n ? -cap.marginBytes : cap.marginBytes, units)}, ${cap.marginDays.gte(0) ? '+' : ''}${formatFixed(cap.marginDays, 2)} ${t(lang, 'daysUnit')}`,
        exact: cap.marginBytes.toString(),
        unit: 'B',
      },
    ];
    if (cap.maxBitrateBps) {
      figures.push({ key: 'maxBitrateBps', label: t(lang, 'maxBitrate'), text: formatBitrate(cap.maxBitrateBps.div(1000).floor().mul(1000)), exact: cap.maxBitrateBps.toFixed(0), unit: 'bit/s' });
    }
    sections.push({ key: 'capacity', title: t(lang, 'capacityCheck'), figures });
    if (cap.streams.length > 1) {
      sections.push({
        key: 'capacityStreams',
        title: t(lang, 'streamDays'),
        table: {
          head: [t(lang, 'group'), t(lang, 'stream'), t(lang, 'aDay'), t(lang, 'requiredDays'), t(lang, 'daysHeld'), t(lang, 'fits')],
          rows: cap.streams.map((x) => [x.group, t(lang, `stream.${x.stream}`), formatBytes(x.bytesPerDay, units), `${x.requiredDays} ${t(lang, 'daysUnit')}`, `${formatFixed(x.daysHeld, 2)} ${t(lang, 'daysUnit')}`, t(lang, x.fits ? 'yes' : 'no')]),
        },
      });
    }
  }
  const say = lang === 'zh' ? zhMessage : (x: string) => x;
  if (result.input.notes.length > 0) sections.push({ key: 'notes', title: t(lang, 'notes'), lines: result.input.notes.map(say) });
  if (result.risks.length > 0) sections.push({ key: 'risks', title: t(lang, 'risks'), lines: result.risks.map(say) });
  return sections;
}

