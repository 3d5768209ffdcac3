/**
 * Which segments to probe. Probing all of a large archive takes hours, so by default the audit probes what
 * decides the verdict: each channel's oldest segments until one reads, the newest two, and a small sample;
 * `deep` probes every segment not yet probed. Results go to the index as they come, so an interrupted deep
 * probe resumes where it stopped, and nothing is probed twice (the cache key is path, size and mtime).
 */
import { RuntimeError } from '../errors.ts';
import type { ProbeRow } from '../index/store.ts';
import { pool } from '../probe/run.ts';
import type { AuditQueries, SegmentRef } from './queries.ts';

export type Prober = (path: string) => Promise<ProbeRow>;

export interface ProbeProgress {
  probed: number;
  queued: number;
}

const READABLE = new Set(['ok', 'warning']);
const OLDEST_BATCH = 4;
const OLDEST_MAX_PROBES = 100;
const SAMPLE = 1;
const FLUSH = 100;

async function probeAll(q: AuditQueries, refs: SegmentRef[], prober: Prober, jobs: number, onProgress?: (p: ProbeProgress) => void, counter = { probed: 0 }): Promise<void> {
  let buffer: { ref: SegmentRef; row: ProbeRow }[] = [];
  const flush = () => {
    if (buffer.length > 0) q.setProbes(buffer);
    buffer = [];
  };
  try {
    await pool(refs, jobs, (ref) => prober(q.pathOf(ref)), (ref, row) => {
      if (row.probe_status === 'error') throw new RuntimeError(`${q.pathOf(ref)}: ${row.probe_detail}`);
      buffer.push({ ref, row });
      counter.probed++;
      if (buffer.length >= FLUSH) flush();
      onProgress?.({ probed: counter.probed, queued: refs.length });
    });
  } finally {
    flush();
  }
}

export async function probeDecisive(q: AuditQueries, channelIds: number[], prober: Prober, jobs: number, onProgress?: (p: ProbeProgress) => void): Promise<number> {
  const counter = { probed: 0 };
  const first: SegmentRef[] = [];
  const seen = new Set<string>();
  const add = (r: SegmentRef) => {
    const key = `${r.dir_id}/${r.name}`;
    if (r.probe_status === null && !seen.has(key)) {
      seen.add(key);
      first.push(r);
    }
  };
  for (const id of channelIds) {
    const newest = q.newest(id, 2);
    for (const r of newest) add(r);
    const oldest = q.oldest(id, 1, 0)[0];
    if (oldest && newest[0]) {
      const span = newest[0].start_ms - oldest.start_ms;
      for (let k = 1; k <= SAMPLE; k++) {
        const r = q.atOrAfter(id, oldest.start_ms + Math.floor((span * k) / (SAMPLE + 1)));
        if (r) add(r);
      }
    }
  }
  await probeAll(q, first, prober, jobs, onProgress, counter);

  // Oldest until one reads: waves across all channels at once, so the pool stays busy.
  const offset = new Map(channelIds.map((id) => [id, 0]));
  const spent = new Map(channelIds.map((id) => [id, 0]));
  let open = [...channelIds];
  while (open.length > 0) {
    const wave: SegmentRef[] = [];
    const still: number[] = [];
    for (const id of open) {
      const rows = q.oldest(id, OLDEST_BATCH, offset.get(id)!);
      let resolved = rows.length === 0;
      let skip = 0;
      let queued = false;
      for (const r of rows) {
        if (r.probe_status !== null && READABLE.has(r.probe_status)) {
          resolved = true;
          break;
        }
        if (r.probe_status === null) {
          wave.push(r);
          queued = true;
        } else if (!queued) {
          skip++;
        }
      }
      offset.set(id, offset.get(id)! + skip);
      const used = spent.get(id)! + rows.filter((r) => r.probe_status === null).length;
      spent.set(id, used);
      if (!resolved && used <= OLDEST_MAX_PROBES) still.push(id);
    }
    if (wave.length === 0) break;
    await probeAll(q, wave, prober, jobs, onProgress, counter);
    open = still;
  }
  return counter.probed;
}

export async function probeDeep(q: AuditQueries, channelIds: number[], prober: Prober, jobs: number, onProgress?: (p: ProbeProgress) => void): Promise<number> {
  const counter = { probed: 0 };
  for (const id of channelIds) {
    // each batch starts where the last one ended; what it probed is no longer unprobed
    let from = -Infinity;
    for (;;) {
      const batch = q.unprobed(id, from, 2000);
      if (batch.length === 0) break;
      from = batch[batch.length - 1]!.start_ms;
      await probeAll(q, batch, prober, jobs, onProgress, counter);
    }
  }
  return counter.probed;
}
