/** The audit as a table (terminal, Markdown, CSV): channel, verdict, retained days, coverage, biggest gap, damaged, bitrate. */
import { iso } from '../../archive/time.ts';
import { VERDICT_ORDER, type ChannelVerdict } from '../../audit/verdict.ts';
import type { AuditedChannel, AuditResult } from '../../result/audit-result.ts';
import { formatBitrate } from '../../units/format.ts';
import { noteText, problemText, skipText, t, type Lang, type Word } from '../i18n.ts';
import { renderMarkdown, renderText } from '../render.ts';
import { forCsv, visible } from '../text.ts';
import type { Section } from '../sections.ts';
import { localTime } from '../local-time.ts';

/** 86400 -> "1d", 3725 -> "1h 2m", 42 -> "42s", 0 -> "0s" */
const DURATION_UNITS = { en: ['d', 'h', 'm', 's'], zh: ['天', '小时', '分', '秒'] } as const;

/** A duration as its two largest units: `1d 6h`, `5m`; in Chinese `1天6小时`, `5分`. */
export function formatSeconds(seconds: number, lang: Lang = 'en'): string {
  const [du, hu, mu, su] = DURATION_UNITS[lang];
  if (seconds <= 0) return `0${su}`;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [d && `${d}${du}`, h && `${h}${hu}`, m && `${m}${mu}`, !d && !h && s && `${s}${su}`].filter(Boolean);
  return parts.slice(0, 2).join(lang === 'zh' ? '' : ' ');
}

/** "path (reason)", as JSON lists skipped files, with the reason in the language. */
function skippedExample(lang: Lang, example: string): string {
  const m = /^(.*) \((.+)\)$/.exec(example);
  return m ? `${m[1]} (${skipText(lang, m[2]!)})` : example;
}

/** File names are untrusted: see report/text.ts. */
export const safeText = visible;

export function sortedChannels<C extends ChannelVerdict & { recorder?: string }>(channels: C[]): C[] {
  return [...channels].sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || (a.recorder ?? '').localeCompare(b.recorder ?? '') || a.channel.localeCompare(b.channel));
}

/** Columns a table shows beyond the fixed ones: the recorder when there are several, the rule when one was given. */
function extraColumns(result: AuditResult): { recorder: boolean; rule: boolean } {
  return { recorder: result.recorders.length > 1, rule: result.channels.some((c) => c.rule !== undefined) };
}

function row(c: AuditedChannel, lang: Lang, extra: { recorder: boolean; rule: boolean }): string[] {
  return [
    ...(extra.recorder ? [safeText(c.recorder)] : []),
    safeText(c.channel),
    ...(extra.rule ? [safeText(c.rule?.name ?? '-')] : []),
    t(lang, c.verdict as Word),
    c.oldestStart === null ? '-' : c.retainedDays.toFixed(2),
    `${(c.coverage * 100).toFixed(1)}%`,
    formatSeconds(c.biggestGapSeconds, lang),
    String(c.damaged),
    c.bitrateBps === null ? '-' : formatBitrate(c.bitrateBps, 2),
    // the table names reasons; the details (and every warning of a failed channel) are in --json
    c.reasons.length > 0 ? c.reasons.map((r) => t(lang, `reason.${r}` as Word)).join(', ') : c.notes.map((n) => noteText(lang, n)).join('; '),
  ];
}

function policyLines(result: AuditResult, lang: Lang): string[] {
  const p = result.policy;
  const text = (days: number, gap: number, stale: number) => t(lang, 'policyText', { days, gap: formatSeconds(gap, lang), stale: formatSeconds(stale, lang) });
  if (!result.rules) return [`${t(lang, 'rule')}: ${text(p.retentionDays, p.maxGapSeconds, p.staleAfterSeconds)}`];
  return result.rules.map((r) => {
    const source = lang === 'zh' ? (r.sourceZh ?? r.source) : r.source;
    return `${t(lang, 'rule')} ${safeText(r.name)}${r.mode === 'event' ? ` (${t(lang, 'eventMode')})` : ''}: ${text(r.retentionDays, r.maxGapSeconds, r.staleAfterSeconds)}${source ? ` — ${safeText(source)}` : ''}`;
  });
}

export function auditSections(result: AuditResult, lang: Lang): Section[] {
  const extra = extraColumns(result);
  const head = [...(extra.recorder ? ['recorder'] : []), 'channel', ...(extra.rule ? ['rule'] : []), 'verdict', 'retainedDays', 'coverage', 'biggestGap', 'damaged', 'bitrate', 'reasons'].map((w) => t(lang, w as Word));
  const lines = [
    `${t(lang, 'clock')}: ${localTime(result.now, result.zone)}`,
    ...policyLines(result, lang),
    `${t(lang, 'layoutLine')}: ${result.scans.map((s) => `${safeText(s.root)} = ${s.layout?.name ?? '-'}${s.detected ? ` (${t(lang, 'auto')})` : ''}`).join(', ')}`,
    t(lang, 'summaryLine', result.summary),
  ];
  if (result.skipped.files > 0) lines.push(`${t(lang, 'skippedLine', { files: result.skipped.files })} ${result.skipped.examples.slice(0, 3).map((e) => safeText(skippedExample(lang, e))).join(', ')}`);
  for (const problem of result.problems.slice(0, 5)) lines.push(safeText(problemText(lang, problem)));
  return [
    { key: 'summary', title: t(lang, 'auditTitle'), lines },
    { key: 'channels', title: t(lang, 'channelsTitle'), table: { head, rows: sortedChannels(result.channels).map((c) => row(c, lang, extra)) } },
  ];
}

export function renderAudit(result: AuditResult, format: 'table' | 'md' | 'csv', lang: Lang): string {
  const sections = auditSections(result, lang);
  if (format === 'csv') return channelsCsv(result);
  if (format === 'md') return renderMarkdown(`vstor — ${t(lang, 'auditTitle')}`, sections, { item: t(lang, 'item'), value: t(lang, 'value') });
  return renderText(`vstor — ${t(lang, 'auditTitle')}`, sections);
}

/** One row a channel, machine-friendly columns (CSV is for spreadsheets, not for people). */
function channelsCsv(result: AuditResult): string {
  const extra = extraColumns(result);
  // one list of columns: a header and its values cannot drift apart
  type Column = [string, (c: AuditedChannel) => string];
  const recorder: Column[] = extra.recorder ? [['recorder', (c) => c.recorder]] : [];
  const rule: Column[] = extra.rule ? [['rule', (c) => c.rule?.name ?? '']] : [];
  const columns: Column[] = [
    ...recorder,
    ['channel', (c) => c.channel],
    ...rule,
    ['verdict', (c) => c.verdict],
    ['reasons', (c) => c.reasons.join(' ')],
    ['segments', (c) => String(c.segments)],
    ['damaged', (c) => String(c.damaged)],
    ['oldest_start', (c) => (c.oldestStart === null ? '' : iso(c.oldestStart))],
    ['newest_end', (c) => (c.newestEnd === null ? '' : iso(c.newestEnd))],
    ['retained_days', (c) => String(c.retainedDays)],
    ['coverage', (c) => String(c.coverage)],
    ['biggest_gap_seconds', (c) => String(c.biggestGapSeconds)],
    ['gaps', (c) => String(c.gaps.length + c.gapsNotListed)],
    ['bitrate_bps', (c) => (c.bitrateBps === null ? '' : String(c.bitrateBps))],
  ];
  const rows = sortedChannels(result.channels).map((c) => columns.map(([, value]) => value(c)));
  return [columns.map(([name]) => name), ...rows].map((r) => r.map(forCsv).join(',')).join('\n') + '\n';
}
