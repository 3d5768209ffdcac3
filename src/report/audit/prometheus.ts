/**
 * The Prometheus text exposition format, for node_exporter's textfile collector: per-channel gauges,
 * totals, the seed's indicators, and when and how long the audit ran.
 */
import type { AuditResult } from '../../app/audit.ts';
import { forPrometheusLabel } from '../text.ts';

const label = forPrometheusLabel;

function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'NaN';
}

export function renderPrometheus(result: AuditResult): string {
  const out: string[] = [];
  const metric = (name: string, help: string, rows: [Record<string, string>, number][]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of rows) {
      const l = Object.entries(labels).map(([k, v]) => `${k}="${label(v)}"`).join(',');
      out.push(`${name}${l ? `{${l}}` : ''} ${num(value)}`);
    }
  };
  const ch = (f: (c: AuditResult['channels'][number]) => number | null) =>
    result.channels.filter((c) => f(c) !== null).map((c): [Record<string, string>, number] => [{ recorder: c.recorder, channel: c.channel }, f(c)!]);
  metric('vstor_channel_retained_days', 'Age of the oldest readable footage, in days.', ch((c) => c.retainedDays));
  metric('vstor_channel_coverage_ratio', 'Share of the retention window covered by readable footage.', ch((c) => c.coverage));
  metric('vstor_channel_biggest_gap_seconds', 'Longest hole in the footage inside the window.', ch((c) => c.biggestGapSeconds));
  metric('vstor_channel_gaps', 'Gaps longer than the rule allows inside the window.', ch((c) => c.gaps.length + c.gapsNotListed));
  metric('vstor_channel_damaged_segments', 'Damaged segments (ffprobe or header checks).', ch((c) => c.damaged));
  metric('vstor_channel_segments', 'Segments found.', ch((c) => c.segments));
  metric('vstor_channel_compliant', '1 when the channel meets the retention rule (pass, warn or pending), else 0 (fail, unverified).', ch((c) => (c.verdict === 'fail' || c.verdict === 'unverified' ? 0 : 1)));
  metric('vstor_channel_unverified', '1 when something the verdict rests on could not be checked (probe budget, probe tool failure, unreadable folder).', ch((c) => (c.verdict === 'unverified' ? 1 : 0)));
  metric('vstor_channel_bitrate_bps', 'Measured average bitrate.', ch((c) => c.bitrateBps));
  metric('vstor_channels', 'Channels audited by verdict.', (['pass', 'warn', 'fail', 'pending', 'unverified'] as const).map((v) => [{ verdict: v }, result.summary[v]]));
  metric('vstor_indicator_ratio', "The seed's indicators: completed / audited.", result.indicators.map((i) => [{ indicator: i.key }, i.value / 100]));
  metric('vstor_indicator_score_ratio', "Share of each indicator's points, by the seed's scoring rule.", result.indicators.map((i) => [{ indicator: i.key }, i.score]));
  metric('vstor_retention_days_required', 'Retention the policy demands.', [[{}, result.policy.retentionDays]]);
  metric('vstor_audit_timestamp_seconds', 'The time the audit judged the archive as of.', [[{}, result.now / 1000]]);
  metric('vstor_audit_duration_seconds', 'How long the audit took.', [[{}, result.durationMs / 1000]]);
  if (result.storage) {
    metric('vstor_storage_capacity_bytes', 'Size of the file systems holding the archive.', [[{}, result.storage.capacity]]);
    metric('vstor_storage_used_bytes', 'Bytes used on the file systems holding the archive.', [[{}, result.storage.used]]);
  }
  return out.join('\n') + '\n';
}
