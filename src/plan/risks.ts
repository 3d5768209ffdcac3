/**
 * Design-risk notes for a storage build: what an engineer should read before buying, with the arithmetic
 * shown. Notes, not errors: a plan still sizes what was asked. Pure.
 *
 * RAID 5 rebuilds: when a disk of a RAID 5 group fails, every other disk of the group is read whole to
 * rebuild it, and one unrecoverable read error (URE) in that read loses data. Disk makers state the URE
 * rate: 1 in 10^15 bits read for enterprise disks (1 in 10^14 for desktop ones). The chance of at least one
 * error while reading B bits is 1 - (1 - r)^B ~ 1 - e^(-rB). The rebuild takes a disk's size over the
 * rebuild rate (taken here as 100 MB/s on a recorder that keeps recording).
 */
import type { BuildFigures, PlanResult, StorageBuild } from './model.ts';

const URE_ENTERPRISE = 1e-15;
const REBUILD_BYTES_PER_SECOND = 100e6;
const LARGE_DISK = 8_000_000_000_000n;
const WIDE_RAID5 = 8;

export function buildRisks(storage: StorageBuild, build: BuildFigures): string[] {
  const notes: string[] = [];
  const tb = (b: bigint) => `${Number(b) / 1e12} TB`;
  if (storage.raid === 'none' || storage.raid === '0') {
    notes.push(`RAID ${storage.raid}: no redundancy at all: one failed disk loses its footage${storage.raid === '0' ? ' and that of its whole group' : ''}.`);
    if (build.spares > 0) notes.push(`${build.spares} hot spare(s) with RAID ${storage.raid}: a spare has nothing to rebuild without redundancy; they only wait on the shelf.`);
  }
  if (storage.raid === '5' && (storage.diskBytes > LARGE_DISK || storage.groupSize > WIDE_RAID5)) {
    const readBits = Number(storage.diskBytes) * 8 * (storage.groupSize - 1);
    const p = 1 - Math.exp(-URE_ENTERPRISE * readBits);
    const hours = Number(storage.diskBytes) / REBUILD_BYTES_PER_SECOND / 3600;
    notes.push(
      `RAID 5 with ${storage.groupSize} x ${tb(storage.diskBytes)} disks: a rebuild reads the ${storage.groupSize - 1} other disks whole, ` +
        `${(storage.groupSize - 1)} x ${tb(storage.diskBytes)} x 8 = ${readBits.toExponential(2)} bits; at the enterprise URE rate of 1 in 10^15 bits the chance of ` +
        `an unreadable sector on the way is 1 - e^(-${(readBits * URE_ENTERPRISE).toFixed(3)}) = ${(p * 100).toFixed(0)}%, and the rebuild takes ` +
        `${tb(storage.diskBytes)} / 100 MB/s = ${hours.toFixed(0)} h with no redundancy left; RAID 6 survives both.`,
    );
  }
  if (storage.groupSize > storage.bays) {
    notes.push(`a RAID group of ${storage.groupSize} disks is wider than an enclosure of ${storage.bays} bays: each group spans enclosures, so one enclosure failing takes groups down with it.`);
  }
  return notes;
}

const pct = (x: { mul(n: number): { toFixed(d: number): string } }) => `${x.mul(100).toFixed(1)}%`;

/** Risks of the parts around the disks: recorders and links near their ratings, tiers, growth. */
export function planRisks(result: PlanResult, unconnected: string[]): string[] {
  const notes: string[] = [];
  const max = result.input.maxLoad;
  for (const m of result.recorders) {
    const s = m.spec;
    notes.push(...buildRisks({ raid: s.raid, groupSize: s.groupSize, diskBytes: s.diskBytes, spares: s.spares, overhead: s.overhead, bays: s.bays }, m.recorders[0]?.build ?? ({ spares: s.spares } as BuildFigures)).map((n) => `recorder ${s.name}: ${n}`));
    const near = m.recorders.filter((r) => r.load.gt(max) && r.load.lte(1));
    if (near.length > 0) {
      const worst = near.reduce((a, b) => (b.load.gt(a.load) ? b : a));
      notes.push(`${near.length} recorder(s) of ${s.name} above the ${pct(max)} load ceiling (busiest: ${worst.name} at ${pct(worst.load)} of its rating): a recorder run near its rating drops frames when playback, backup or a rebuild adds load.`);
    }
    // ANR: after a network outage the cameras send back from their SD cards what the recorder missed, on
    // top of live recording, with what is left of its inbound rating
    const carded = m.recorders.some((r) => r.groups.some((g) => result.input.cameras.find((c) => c.name === g.group)?.sdCardBytes !== undefined));
    const busiest = m.recorders.reduce<(typeof m.recorders)[number] | undefined>((a, b) => (!a || b.load.gt(a.load) ? b : a), undefined);
    if (carded && busiest) {
      const spare = s.inboundBps.sub(busiest.ingestBps);
      const hours = spare.gt(0) ? busiest.ingestBps.div(spare) : undefined;
      notes.push(hours ? `ANR back-fill: the busiest recorder of ${s.name} (${busiest.name}, ${pct(busiest.load)} of its inbound rating) takes ${hours.toFixed(1)} h to fetch back each hour of a network outage from the cameras' SD cards while it records.` : `ANR back-fill: the busiest recorder of ${s.name} (${busiest.name}) has no inbound rating left to fetch back an outage from the cameras' SD cards.`);
    }
    const sending = m.recorders.filter((r) => r.outboundLoad && r.outboundLoad.gt(max) && r.outboundLoad.lte(1));
    if (sending.length > 0) {
      const worst = sending.reduce((a, b) => (b.outboundLoad!.gt(a.outboundLoad!) ? b : a));
      notes.push(`${sending.length} recorder(s) of ${s.name} send more than ${pct(max)} of their outbound rating (busiest: ${worst.name} at ${pct(worst.outboundLoad!)}): viewing and the archive copy compete for it.`);
    }
  }
  for (const m of result.switches) {
    const near = m.switches.filter((x) => x.load !== undefined && x.load.gt(max) && x.load.lte(1));
    if (near.length > 0) notes.push(`${near.length} switch(es) of ${m.spec.name} carry more than ${pct(max)} of their uplink (busiest at ${pct(near.reduce((a, b) => (b.load!.gt(a.load!) ? b : a)).load!)}).`);
  }
  for (const m of result.switches) {
    const carries = m.spec.aggregates !== undefined || m.switches.some((x) => x.channels > 0 || x.viewingStreams > 0);
    if (!carries) notes.push(`switch ${m.spec.name} carries no camera and no viewer: name its camera groups (groups: [...]) or its viewers, else nothing on it is checked.`);
  }
  if (unconnected.length > 0 && result.switches.length > 0) {
    notes.push(`camera group(s) ${unconnected.map((n) => JSON.stringify(n)).join(', ')} on no switch: their uplink and PoE are not checked.`);
  }
  if (result.archive && result.input.archive) {
    notes.push(...buildRisks(result.input.archive.storage, result.archive).map((n) => `archive tier: ${n}`));
    notes.push(`archive tier: a recorder does not move its oldest ${result.input.archive.days} days there by itself; a VMS's archiving (Milestone, Genetec), a CVR or a storage tiering job does, and is part of what to buy.`);
  }
  for (const e of result.edge) {
    if (e.daysHeld.lt(1)) notes.push(`SD cards of ${e.group} hold ${e.daysHeld.toFixed(2)} days of the ${e.stream} stream: less than a day of fallback.`);
  }
  if (result.growth) {
    for (const err of result.growth.result.errors) notes.push(`after ${pct(result.growth.fraction)} growth: ${err}`);
  }
  return notes;
}
