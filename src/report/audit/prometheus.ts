/**
 * The Prometheus text exposition format, for node_exporter's textfile collector: per-channel gauges,
 * totals, the seed's indicators, what a watcher saw, and when and how long the audit ran. Every name is in
 * base units (seconds, bytes, ratios) so that `promtool check metrics` passes; docs/fleet-and-monitoring.md lists
 * them. Per-channel series carry recorder, channel and rule (the rule's name, or "default"); a recorder
 * given as a folder is named by the folder's last part (its path in `path`). Every series carries `audit`,
 * so that two audits' files in one textfile folder never write the same series (node_exporter refuses that).
 *
 * Renamed in 0.2 (base units): vstor_channel_retained_days -> vstor_channel_retained_seconds,
 * vstor_retention_days_required -> vstor_retention_required_seconds. The old names are written too, marked
 * deprecated, only when asked (`--deprecated-metrics`), for one release: promtool rejects them.
 */
import type { AuditResult } from '../../result/audit-result.ts';
import { forPrometheusLabel } from '../text.ts';
import { recorderLabels } from '../recorder-names.ts';

/** what vstor watch counts a channel: every channel has each from 0, so that the first one is a rise */
const WATCH_EVENT_TYPES = ['removed-early', 'damaged'] as const;

const label = forPrometheusLabel;
const DAY_SECONDS = 86_400;

/** a percentage as a ratio, without float noise (11.11 % is 0.1111, not 0.11109999999999999) */
function ratio(percent: number): number {
  return Number((percent / 100).toFixed(8));
}

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}

type Labels = Record<string, string>;
type Channel = AuditResult['channels'][number];

export interface PrometheusOptions {
  /** also write the names renamed in 0.2, marked deprecated */
  deprecated?: boolean;
  /** a merge's recorders (src/fleet/merge.ts): their evidence and indicators, a series each */
  recorders?: { recorder: string; status: string; now: number | null; authenticated?: boolean; indicators: { key: string; value: number; score: number }[] }[];
  /** the `audit` label: what tells this file's series from another audit's (default: its recorders' names) */
  audit?: string;
}

/** The default `audit` label: the recorders' short names, sorted. */
export function auditLabel(recorders: string[]): string {
  return [...new Set([...recorderLabels(recorders).values()].map((l) => l.recorder))].sort().join('+') || 'none';
}

export function renderPrometheus(result: AuditResult, opts: PrometheusOptions = {}): string {
  const out: string[] = [];
  const names = recorderLabels([...result.channels.map((c) => c.recorder), ...result.watchEvents.map((e) => e.recorder), ...(opts.recorders ?? []).map((r) => r.recorder)]);
  const audit = opts.audit ?? auditLabel(result.recorders.length > 0 ? result.recorders : [...names.keys()]);
  const metric = (name: string, help: string, rows: [Labels, number][], type: 'gauge' | 'counter' = 'gauge') => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of rows) {
      const l = Object.entries({ audit, ...labels }).map(([k, v]) => `${k}="${label(v)}"`).join(',');
      out.push(`${name}{${l}} ${num(value)}`);
    }
  };
  const rec = (recorder: string): Labels => ({ ...names.get(recorder)! });
  const key = (c: Channel): Labels => ({ ...rec(c.recorder), channel: c.channel, rule: c.rule?.name ?? 'default' });
  const ch = (f: (c: Channel) => number | null) => result.channels.filter((c) => f(c) !== null).map((c): [Labels, number] => [key(c), f(c)!]);
  const required = (c: Channel) => (c.rule?.retentionDays ?? result.policy.retentionDays) * DAY_SECONDS;
  metric('vstor_channel_retained_seconds', 'Age of the oldest readable footage.', ch((c) => Math.round(c.retainedDays * DAY_SECONDS)));
  metric('vstor_channel_required_seconds', 'Retention the channel\'s rule demands.', ch(required));
  metric('vstor_channel_coverage_ratio', 'Share of the retention window covered by readable footage.', ch((c) => c.coverage));
  metric('vstor_channel_biggest_gap_seconds', 'Longest hole in the footage inside the window.', ch((c) => c.biggestGapSeconds));
  metric('vstor_channel_gaps', 'Gaps longer than the rule allows inside the window.', ch((c) => c.gaps.length + c.gapsNotListed));
  metric('vstor_channel_damaged_segments', 'Damaged segments (ffprobe or header checks).', ch((c) => c.damaged));
  metric('vstor_channel_segments', 'Segments found.', ch((c) => c.segments));
  metric('vstor_channel_compliant', '1 when the channel meets the retention rule (pass, warn or pending), else 0 (fail, unverified).', ch((c) => (c.verdict === 'fail' || c.verdict === 'unverified' ? 0 : 1)));
  metric('vstor_channel_unverified', '1 when something the verdict rests on could not be checked (probe budget, probe tool failure, unreadable folder).', ch((c) => (c.verdict === 'unverified' ? 1 : 0)));
  metric(
    'vstor_channel_reason',
    'A reason the channel fails or is unverified (retention-short, gap, stale, damaged, no-segments, no-evidence, ...): 1 while it holds.',
    result.channels.flatMap((c) => c.reasons.map((r): [Labels, number] => [{ ...key(c), reason: r }, 1])),
  );
  metric('vstor_channel_bitrate_bps', 'Measured average bitrate, bits a second.', ch((c) => c.bitrateBps));
  metric(
    'vstor_watch_events_total',
    'Events vstor watch recorded in this index since it began, by type (removed-early: footage deleted inside the retention window; damaged).',
    watchCounts(result).map((e): [Labels, number] => [{ ...rec(e.recorder), channel: e.channel, type: e.type }, e.count]),
    'counter',
  );
  metric('vstor_channels', 'Channels audited by verdict.', (['pass', 'warn', 'fail', 'pending', 'unverified'] as const).map((v) => [{ verdict: v }, result.summary[v]]));
  metric('vstor_indicator_ratio', "The seed's indicators: completed / audited.", result.indicators.map((i) => [{ indicator: i.key }, ratio(i.value)]));
  metric('vstor_indicator_score_ratio', "Share of each indicator's points, by the seed's scoring rule.", result.indicators.map((i) => [{ indicator: i.key }, i.score]));
  metric('vstor_retention_required_seconds', 'Retention the default policy demands.', [[{}, result.policy.retentionDays * DAY_SECONDS]]);
  metric('vstor_audit_timestamp_seconds', 'The time the audit judged the archive as of.', [[{}, result.now / 1000]]);
  metric('vstor_audit_duration_seconds', 'How long the audit took.', [[{}, result.durationMs / 1000]]);
  if (result.storage) {
    metric('vstor_storage_capacity_bytes', 'Size of the file systems holding the archive.', [[{}, result.storage.capacity]]);
    metric('vstor_storage_used_bytes', 'Bytes used on the file systems holding the archive.', [[{}, result.storage.used]]);
  }
  if (opts.recorders) {
    const recs = opts.recorders;
    metric('vstor_recorder_evidence_timestamp_seconds', "The time the recorder's newest audit judged its archive as of (absent: no document).", recs.filter((r) => r.now !== null).map((r) => [rec(r.recorder), r.now! / 1000]));
    metric('vstor_recorder_evidence_ok', "1 when the recorder's newest audit is fresh enough to count, else 0 (stale, or no document: no-evidence).", recs.map((r) => [rec(r.recorder), r.status === 'ok' ? 1 : 0]));
    metric('vstor_recorder_evidence_authenticated', "1 when the recorder's evidence is signed by a key the merge trusts (--trust), else 0: anyone may have written it.", recs.map((r) => [rec(r.recorder), r.authenticated ? 1 : 0]));
    metric('vstor_recorder_indicator_ratio', "The seed's indicators over one recorder's channels: completed / audited.", recs.flatMap((r) => r.indicators.map((i): [Labels, number] => [{ ...rec(r.recorder), indicator: i.key }, ratio(i.value)])));
  }
  if (opts.deprecated) {
    metric('vstor_channel_retained_days', 'DEPRECATED: use vstor_channel_retained_seconds; removed in the next release.', ch((c) => c.retainedDays));
    metric('vstor_retention_days_required', 'DEPRECATED: use vstor_retention_required_seconds; removed in the next release.', [[{}, result.policy.retentionDays]]);
  }
  return out.join('\n') + '\n';
}

/** The watcher's counts, with every audited channel at 0 for each type it has not seen. */
function watchCounts(result: AuditResult): { recorder: string; channel: string; type: string; count: number }[] {
  const seen = new Map(result.watchEvents.map((e) => [`${e.recorder}\u0000${e.channel}\u0000${e.type}`, e]));
  const zero = result.channels.flatMap((c) => WATCH_EVENT_TYPES.map((type) => ({ recorder: c.recorder, channel: c.channel, type, count: 0 })));
  const all: { recorder: string; channel: string; type: string; count: number }[] = [...result.watchEvents];
  for (const z of zero) if (!seen.has(`${z.recorder}\u0000${z.channel}\u0000${z.type}`)) all.push(z);
  return all;
}
