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
import type { BuildFigures, StorageBuild } from './model.ts';

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
