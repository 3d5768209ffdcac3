/**
 * The bill of materials: what to buy, counted from the plan's figures. Disks are one line per disk size
 * and tier, so a quote can be checked line by line; cold spares are a stock line of their own. Pure.
 */
import { ceilToBigInt, toBig } from '../units/decimal.ts';
import { formatBytes, formatBitrate, formatFixed } from '../units/format.ts';
import type { BomLine, BuildFigures, PlanInput, RecorderModelFigures, SwitchModelFigures } from './model.ts';

function raidText(b: BuildFigures): string {
  return b.raid === 'none' ? 'no RAID' : `RAID ${b.raid}, groups of ${b.groupSize}`;
}

export function billOfMaterials(input: PlanInput, parts: { build: BuildFigures; recorders: RecorderModelFigures[]; switches: SwitchModelFigures[]; archive?: BuildFigures }): BomLine[] {
  const lines: BomLine[] = [];
  const disks = new Map<bigint, number>();
  const addDisks = (key: string, where: string, b: BuildFigures) => {
    if (b.totalDisks === 0) return;
    lines.push({ key: `${key}.disks`, item: `${where}: disks ${formatBytes(b.diskBytes)}`, quantity: b.groups * b.groupSize, spec: raidText(b), unit: 'disk' });
    if (b.spares > 0) lines.push({ key: `${key}.hotSpares`, item: `${where}: hot spare disks ${formatBytes(b.diskBytes)}`, quantity: b.spares, spec: 'installed, idle until a disk fails', unit: 'disk' });
    disks.set(b.diskBytes, (disks.get(b.diskBytes) ?? 0) + b.totalDisks);
  };
  for (const m of parts.recorders) {
    if (m.count === 0) continue;
    const s = m.spec;
    lines.push({ key: `recorders.${s.name}`, item: `recorders: ${s.model ? `${s.name} (${s.model})` : s.name}`, quantity: m.count, spec: `${s.bays} bays, inbound ${formatBitrate(s.inboundBps)}${s.maxChannels ? `, ${s.maxChannels} channels` : ''}`, unit: 'device', ...(s.model ? { model: s.model } : {}) });
    const sum = { ...m.recorders[0]!.build, groups: 0, spares: 0, totalDisks: 0 };
    for (const r of m.recorders) {
      sum.groups += r.build.groups;
      sum.spares += r.build.spares;
      sum.totalDisks += r.build.totalDisks;
    }
    addDisks(`recorders.${s.name}`, `${s.name}`, sum);
    if (s.standby) {
      // a standby takes over any recorder of the model: it has the disks of the busiest
      const busiest = m.recorders.reduce((a, r) => (r.build.totalDisks > a.build.totalDisks ? r : a)).build;
      lines.push({ key: `recorders.${s.name}.standby`, item: `recorders: ${s.model ? `${s.name} (${s.model})` : s.name}, standby (N+${s.standby})`, quantity: s.standby, spec: `takes over a failed recorder; ${s.bays} bays, inbound ${formatBitrate(s.inboundBps)}`, unit: 'device', ...(s.model ? { model: s.model } : {}) });
      addDisks(`recorders.${s.name}.standby`, `${s.name} standby`, { ...busiest, groups: busiest.groups * s.standby, spares: busiest.spares * s.standby, totalDisks: busiest.totalDisks * s.standby });
    }
  }
  if (parts.build.totalDisks > 0) {
    // shelves of one array hang off a head unit (the array's controller), which holds no group of its own
    if (parts.build.enclosureKind === 'shelves') lines.push({ key: 'storage.head', item: 'storage array head unit (controller)', quantity: 1, spec: `runs the RAID groups across ${parts.build.enclosures} shelves`, unit: 'device' });
    lines.push({ key: 'storage.enclosures', item: 'storage enclosures', quantity: parts.build.enclosures, spec: `${parts.build.bays} bays`, unit: 'device' });
    addDisks('storage', 'storage', parts.build);
  }
  if (parts.archive && parts.archive.totalDisks > 0) {
    if (parts.archive.enclosureKind === 'shelves') lines.push({ key: 'archive.head', item: 'archive array head unit (controller)', quantity: 1, spec: `runs the RAID groups across ${parts.archive.enclosures} shelves`, unit: 'device' });
    lines.push({ key: 'archive.enclosures', item: 'archive enclosures', quantity: parts.archive.enclosures, spec: `${parts.archive.bays} bays`, unit: 'device' });
    addDisks('archive', 'archive', parts.archive);
  }
  const cold = input.coldSpares;
  if (cold) {
    for (const [size, n] of disks) {
      const q = 'count' in cold ? cold.count : Number(ceilToBigInt(toBig(BigInt(n)).mul(cold.fraction)));
      const spec = 'count' in cold ? 'on the shelf' : `${formatFixed(cold.fraction.mul(100), 2)}% of ${n} installed, rounded up, on the shelf`;
      lines.push({ key: `coldSpares.${size}`, item: `cold spare disks ${formatBytes(size)}`, quantity: q, spec, unit: 'disk' });
    }
  }
  for (const m of parts.switches) {
    const s = m.spec;
    const ok = m.switches.every((x) => x.errors.length === 0);
    const checks = [s.ports ? `${s.ports} ports` : '', s.uplinkBps ? `uplink ${formatBitrate(s.uplinkBps)}` : '', s.poeBudgetWatts ? `PoE ${formatFixed(s.poeBudgetWatts, 2)} W` : ''].filter(Boolean).join(', ');
    lines.push({ key: `switches.${s.name}`, item: `switch ${s.name}`, quantity: m.count, spec: `${checks}${checks ? '; ' : ''}checks ${ok ? 'pass' : 'FAIL'}`, unit: 'device' });
  }
  for (const g of input.cameras) {
    if (g.sdCardBytes !== undefined) lines.push({ key: `sdCards.${g.name}`, item: `SD cards ${formatBytes(g.sdCardBytes)} (${g.name})`, quantity: g.channels, spec: 'one a camera', unit: 'card' });
  }
  return lines;
}
