/** An audit: scan the roots, probe what decides the verdicts, judge every channel from the index. */
import type { Layout } from '../archive/layouts/index.ts';
import { judgeChannel, type AuditSegment, type ChannelVerdict, type SegmentStatus } from '../audit/verdict.ts';
import type { Policy } from '../audit/policy.ts';
import { lockIndex } from '../index/lock.ts';
import type { RemovedSegment, Store } from '../index/store.ts';
import { probeDecisive, probeDeep, type ProbeProgress, type Prober } from './probe-plan.ts';
import { AuditQueries } from './queries.ts';
import { scanRoot, type ScanResult } from './scan.ts';

export interface AuditOptions {
  roots: string[];
  policy: Policy;
  now: number;
  zone: string;
  layout?: Layout;
  jobs: number;
  deep: boolean;
  /** only these channels (names as the layout reads them) */
  channels?: string[];
  prober: Prober;
  /** path of the index file, for the lock (':memory:' for none) */
  dbFile: string;
  /** see ScanOptions.recentMs */
  recentMs?: number;
  onScanProgress?: (p: { root: string; dirs: number; files: number }) => void;
  onProbeProgress?: (p: ProbeProgress) => void;
  onRemoved?: (root: string, removed: RemovedSegment[]) => void;
}

export interface AuditResult {
  now: number;
  policy: Policy;
  layouts: string[];
  scans: ScanResult[];
  channels: ChannelVerdict[];
  skipped: { files: number; examples: string[] };
  probed: number;
  problems: string[];
  summary: { channels: number; pass: number; warn: number; fail: number };
}

export function scanAll(store: Store, opts: Pick<AuditOptions, 'roots' | 'now' | 'zone' | 'layout' | 'onScanProgress' | 'onRemoved' | 'recentMs'>): ScanResult[] {
  return opts.roots.map((root) =>
    scanRoot(store, root, { layout: opts.layout, zone: opts.zone, now: opts.now, recentMs: opts.recentMs, onProgress: opts.onScanProgress, onRemoved: opts.onRemoved }),
  );
}

export async function runAudit(store: Store, opts: AuditOptions): Promise<AuditResult> {
  const unlock = lockIndex(opts.dbFile);
  try {
    const scans = scanAll(store, opts);
    const q = new AuditQueries(store.db, scans.map((s) => s.rootId), opts.now);
    const wanted = opts.channels?.map((c) => c.normalize('NFC'));
    const channels = q.channels().filter((c) => !wanted || wanted.includes(c.name));
    const ids = channels.map((c) => c.id);
    const probed = opts.deep
      ? await probeDeep(q, ids, opts.prober, opts.jobs, opts.onProbeProgress)
      : await probeDecisive(q, ids, opts.prober, opts.jobs, opts.onProbeProgress);
    const verdicts = channels.map((c) => judgeChannel(c.name, segmentsOf(q, c.id), opts.policy, opts.now, { nominalMs: q.nominalMs(c.id) }));
    for (const name of wanted ?? []) {
      if (!channels.some((c) => c.name === name)) {
        verdicts.push(judgeChannel(name, [], opts.policy, opts.now, { nominalMs: 0 }));
      }
    }
    const count = (v: string) => verdicts.filter((x) => x.verdict === v).length;
    return {
      now: opts.now,
      policy: opts.policy,
      layouts: [...new Set(scans.map((s) => s.layout?.name).filter((n): n is string => Boolean(n)))],
      scans,
      channels: verdicts,
      skipped: q.skipped(),
      probed,
      problems: scans.flatMap((s) => s.problems),
      summary: { channels: verdicts.length, pass: count('pass'), warn: count('warn'), fail: count('fail') },
    };
  } finally {
    unlock();
  }
}

function* segmentsOf(q: AuditQueries, channelId: number): Generator<AuditSegment> {
  for (const [start, end, duration, status, size, id] of q.stream(channelId)) {
    // a path and ffprobe's words cost a lookup: only segments the verdict may report get them
    const reportable = status === 'damaged' || status === 'timeout';
    const ref = reportable ? q.segment(id) : undefined;
    yield {
      start,
      end: end ?? (duration ? start + duration : undefined),
      status: status as SegmentStatus,
      size,
      path: ref ? q.pathOf(ref) : '',
      detail: ref?.probe_detail ?? null,
    };
  }
}
