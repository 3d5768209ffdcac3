/** An audit: scan the roots, probe what decides the verdicts, judge every channel from the index. */
import { statfsSync, statSync } from 'node:fs';
import type { Layout } from '../archive/layouts/index.ts';
import { computeIndicators, type Indicator } from '../audit/indicators.ts';
import { saveRun } from '../index/history.ts';
import { judgeChannel, settleVerdict, type AuditSegment, type ChannelVerdict, type SegmentStatus } from '../audit/verdict.ts';
import { checkStream, type StreamCheck } from '../audit/stream-check.ts';
import { ruleFor } from '../rules/match.ts';
import type { Rule, RuleMap } from '../rules/model.ts';
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
  /** rules by channel (`--rule`); without, `policy` applies to every channel as a continuous rule */
  rules?: RuleMap;
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

/** A channel's verdict with the rule it was judged by (when a rule was given) and what the probes measured. */
export interface AuditedChannel extends ChannelVerdict {
  rule?: { name: string; title?: string; source?: string; clause?: string; mode: string; retentionDays: number };
  stream?: StreamCheck['measured'];
  installed?: number;
}

export interface AuditResult {
  now: number;
  policy: Policy;
  /** the rules applied, when `--rule` gave any */
  rules?: Rule[];
  layouts: string[];
  scans: ScanResult[];
  channels: AuditedChannel[];
  skipped: { files: number; examples: string[] };
  probed: number;
  problems: string[];
  summary: { channels: number; pass: number; warn: number; fail: number; pending: number };
  indicators: Indicator[];
  /** the file systems holding the roots (each counted once): what the archive can hold and holds now */
  storage?: { capacity: number; used: number };
  durationMs: number;
}

/** Sizes of the file systems the roots live on, each device counted once. */
function storageOf(roots: string[]): { capacity: number; used: number } | undefined {
  const seen = new Set<number>();
  let capacity = 0;
  let used = 0;
  for (const root of roots) {
    try {
      const dev = statSync(root).dev;
      if (seen.has(dev)) continue;
      seen.add(dev);
      const fs = statfsSync(root);
      capacity += fs.blocks * fs.bsize;
      used += (fs.blocks - fs.bfree) * fs.bsize;
    } catch {
      return undefined;
    }
  }
  return { capacity, used };
}

export function scanAll(store: Store, opts: Pick<AuditOptions, 'roots' | 'now' | 'zone' | 'layout' | 'onScanProgress' | 'onRemoved' | 'recentMs'>): ScanResult[] {
  return opts.roots.map((root) =>
    scanRoot(store, root, { layout: opts.layout, zone: opts.zone, now: opts.now, recentMs: opts.recentMs, onProgress: opts.onScanProgress, onRemoved: opts.onRemoved }),
  );
}

export async function runAudit(store: Store, opts: AuditOptions): Promise<AuditResult> {
  const unlock = lockIndex(opts.dbFile);
  const startedWall = Date.now();
  try {
    return await judgeArchive(store, scanAll(store, opts), opts, startedWall);
  } finally {
    unlock();
  }
}

/**
 * Probes what decides the verdicts and judges every channel of the scanned roots. `record` keeps the run in
 * the index's history (an audit does; a watcher re-judging after each change does not).
 */
export async function judgeArchive(store: Store, scans: ScanResult[], opts: AuditOptions & { record?: boolean }, startedWall = Date.now()): Promise<AuditResult> {
  {
    const q = new AuditQueries(store.db, scans.map((s) => s.rootId), opts.now);
    const wanted = opts.channels?.map((c) => c.normalize('NFC'));
    const channels = q.channels().filter((c) => !wanted || wanted.includes(c.name));
    const ids = channels.map((c) => c.id);
    const probed = opts.deep
      ? await probeDeep(q, ids, opts.prober, opts.jobs, opts.onProbeProgress)
      : await probeDecisive(q, ids, opts.prober, opts.jobs, opts.onProbeProgress);
    const firstScan = q.firstScan();
    const verdicts: AuditedChannel[] = channels.map((c) => {
      const { rule, installed: mapped } = opts.rules ? ruleFor(c.name, opts.rules) : { rule: undefined, installed: undefined };
      // the index's first sight of a channel is its installation only if the index was watching before it
      const installed = mapped ?? (c.first_seen_ms > firstScan ? c.first_seen_ms : undefined);
      const v: AuditedChannel = judgeChannel(c.name, segmentsOf(q, c.id), rule ?? opts.policy, opts.now, { nominalMs: q.nominalMs(c.id), mode: rule?.mode, installed });
      if (installed !== undefined) v.installed = installed;
      if (rule) {
        v.rule = ruleSummary(rule);
        const check = checkStream(rule.stream, q.probedStreams(c.id), v.bitrateBps);
        v.stream = check.measured;
        v.reasons.push(...check.reasons);
        v.warnings.push(...check.warnings);
        settleVerdict(v);
      }
      return v;
    });
    for (const name of wanted ?? []) {
      if (!channels.some((c) => c.name === name)) {
        const rule = opts.rules ? ruleFor(name, opts.rules).rule : undefined;
        const v: AuditedChannel = judgeChannel(name, [], rule ?? opts.policy, opts.now, { nominalMs: 0 });
        if (rule) v.rule = ruleSummary(rule);
        verdicts.push(v);
      }
    }
    const count = (v: string) => verdicts.filter((x) => x.verdict === v).length;
    const indicators = computeIndicators(verdicts);
    const storage = storageOf(scans.map((s) => s.root));
    const summary = { channels: verdicts.length, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: count('pending') };
    if (opts.record !== false) saveRun(store.db, {
      nowMs: opts.now,
      wallMs: startedWall,
      durationMs: Date.now() - startedWall,
      roots: scans.map((s) => s.root),
      policy: opts.policy,
      summary,
      indicators,
      capacityBytes: storage?.capacity ?? null,
      usedBytes: storage?.used ?? null,
      channels: verdicts.map((v) => ({
        channel: v.channel,
        verdict: v.verdict,
        reasons: v.reasons,
        rule: v.rule?.name,
        segments: v.segments,
        damaged: v.damaged,
        retainedDays: v.retainedDays,
        coverage: v.coverage,
        biggestGapSeconds: v.biggestGapSeconds,
        bitrateBps: v.bitrateBps,
        bytesPerDay: v.bitrateBps === null ? null : Math.round((v.bitrateBps / 8) * 86_400 * v.coverage),
      })),
    });
    return {
      now: opts.now,
      policy: opts.policy,
      rules: opts.rules ? [...new Map([opts.rules.default, ...opts.rules.entries.map((e) => e.rule)].map((r) => [r.name, r])).values()] : undefined,
      layouts: [...new Set(scans.map((s) => s.layout?.name).filter((n): n is string => Boolean(n)))],
      scans,
      channels: verdicts,
      skipped: q.skipped(),
      probed,
      problems: scans.flatMap((s) => s.problems),
      summary,
      indicators,
      storage,
      durationMs: Date.now() - startedWall,
    };
  }
}

function* segmentsOf(q: AuditQueries, channelId: number): Generator<AuditSegment> {
  for (const s of q.ascending(channelId)) {
    // a path costs a lookup: only segments the verdict may report get one
    const reportable = s.probe_status === 'damaged' || s.probe_status === 'timeout';
    if (reportable) q.named(s);
    yield {
      start: s.start_ms,
      end: s.end_ms ?? (s.duration_ms ? s.start_ms + s.duration_ms : undefined),
      status: s.probe_status as SegmentStatus,
      size: s.size,
      path: reportable ? q.pathOf(s) : '',
      detail: s.probe_detail,
    };
  }
}

function ruleSummary(rule: Rule): NonNullable<AuditedChannel['rule']> {
  return { name: rule.name, title: rule.title, source: rule.source, clause: rule.clause, mode: rule.mode, retentionDays: rule.retentionDays };
}
