/**
 * `vstor report`: an audit as one self-contained HTML file (inline CSS and SVG, nothing loaded from the
 * network, prints well) or Markdown: summary, rule, the seed's indicators, a table of channels, and per
 * channel a timeline of the window and, where the index has history, retained days over time.
 */
import { DAY_MS } from '../../archive/time.ts';
import { historyKey, type HistoryRow } from '../../index/history.ts';
import type { AuditResult } from '../../result/audit-result.ts';
import { formatBytes } from '../../units/format.ts';
import { noteText, t, type Lang, type Word } from '../i18n.ts';
import { xml } from './junit.ts';
import { forMarkdown } from '../text.ts';
import { historySvg, timelineSvg, COLORS } from './svg.ts';
import { auditSections, formatSeconds, sortedChannels } from './table.ts';
import { localMinute } from '../local-time.ts';

/** Past audits of each channel, by historyKey(recorder, channel). */
export type History = Map<string, HistoryRow[]>;



function indicatorLines(result: AuditResult, lang: Lang): string[] {
  return result.indicators.map((i) =>
    t(lang, 'indicatorLine', { name: t(lang, `indicator.${i.key}` as Word), value: i.value, num: i.numerator, den: i.denominator, target: i.target, score: Math.round(i.score * 10000) / 100 }),
  );
}

function storageLine(result: AuditResult, lang: Lang): string[] {
  return result.storage ? [t(lang, 'storageLine', { capacity: formatBytes(BigInt(result.storage.capacity)), used: formatBytes(BigInt(result.storage.used)) })] : [];
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1em;margin:1.2em 0 .3em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#f2f2f2}
td.num{text-align:right}.pass{color:${COLORS.recorded}}.fail{color:${COLORS.gap};font-weight:bold}.warn{color:#b26a00}.pending{color:#555}
.channel{page-break-inside:avoid;break-inside:avoid;margin-bottom:1em}.legend span{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px}
svg{display:block;max-width:100%}
@page{size:A4;margin:15mm}
@media print{body{margin:0}h2{page-break-after:avoid;break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}}`;

export function renderHtml(result: AuditResult, history: History, lang: Lang): string {
  const table = auditSections(result, lang)[1]!.table!;
  const verdictAt = table.head.indexOf(t(lang, 'verdict'));
  const head = table.head.map((h) => `<th>${xml(h)}</th>`).join('');
  const ordered = sortedChannels(result.channels);
  const rows = table.rows.map((r, i) => `<tr>${r.map((cell, k) => `<td${k === verdictAt ? ` class="${ordered[i]!.verdict}"` : k > verdictAt && k < r.length - 1 ? ' class="num"' : ''}>${xml(cell)}</td>`).join('')}</tr>`);
  const channels = sortedChannels(result.channels).map((c) => {
    const points = (history.get(historyKey(c.recorder, c.channel)) ?? []).map((h) => ({ t: h.now_ms, days: h.retained_days }));
    // a chart of audits on one day is one dot across the page: it needs two dates to say anything
    const dates = new Set(points.map((p) => localMinute(p.t, result.zone).slice(0, 10)));
    const required = c.rule?.retentionDays ?? result.policy.retentionDays;
    return [
      `<div class="channel"><h3>${xml(c.channel)} — <span class="${c.verdict}">${xml(t(lang, c.verdict as Word))}</span>${c.reasons.length ? ` (${xml(c.reasons.map((r) => t(lang, `reason.${r}` as Word)).join(', '))})` : ''}</h3>`,
      timelineSvg(c.daily, `${c.channel}: ${t(lang, 'timeline')}`, result.now - required * DAY_MS, lang, c.oldestStart),
      c.gaps.length ? `<p>${c.gaps.slice(0, 5).map((g) => `${xml(localMinute(g.start, result.zone))} → ${xml(localMinute(g.end, result.zone))} (${xml(formatSeconds(g.seconds, lang))})`).join('<br>')}</p>` : '',
      c.notes.length ? `<p>${c.notes.map((n) => xml(noteText(lang, n))).join('<br>')}</p>` : '',
      dates.size >= 2 ? `<p>${xml(t(lang, 'history'))}</p>${historySvg(points, required, `${c.channel}: ${t(lang, 'history')}`, lang, result.zone)}` : '',
      '</div>',
    ].join('');
  });
  const summary = auditSections(result, lang)[0]!.lines!;
  const legend = `<p class="legend">${xml(t(lang, 'timeline'))}:<span style="background:${COLORS.recorded}"></span>${xml(t(lang, 'legend')).split(' · ').map((w, i) => (i === 0 ? w : `<span style="background:${[COLORS.partly, COLORS.gap, COLORS.damaged, COLORS.before][i - 1]}"></span>${w}`)).join('')}</p>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${xml(t(lang, 'reportTitle'))}</title><style>${CSS}</style></head><body>`,
    `<h1>${xml(t(lang, 'reportTitle'))}</h1>`,
    `<ul>${[...summary, ...storageLine(result, lang)].map((l) => `<li>${xml(l)}</li>`).join('')}</ul>`,
    `<h2>${xml(t(lang, 'indicators'))}</h2><ul>${indicatorLines(result, lang).map((l) => `<li>${xml(l)}</li>`).join('')}</ul>`,
    `<h2>${xml(t(lang, 'channelsTitle'))}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `<h2>${xml(t(lang, 'timeline'))}</h2>${legend}`,
    ...channels,
    '</body></html>',
    '',
  ].join('\n');
}

export function renderReportMarkdown(result: AuditResult, history: History, lang: Lang): string {
  const sections = auditSections(result, lang);
  const table = sections[1]!.table!;
  const md = (cells: string[]) => `| ${cells.map(forMarkdown).join(' | ')} |`;
  const item = (l: string) => `- ${forMarkdown(l)}`;
  const out = [`# ${t(lang, 'reportTitle')}`, '', ...[...sections[0]!.lines!, ...storageLine(result, lang)].map(item), '', `## ${t(lang, 'indicators')}`, '', ...indicatorLines(result, lang).map(item), ''];
  out.push(`## ${t(lang, 'channelsTitle')}`, '', md(table.head), md(table.head.map(() => '---')), ...table.rows.map(md), '');
  for (const c of sortedChannels(result.channels)) {
    const h = history.get(historyKey(c.recorder, c.channel)) ?? [];
    if (h.length >= 2) out.push(item(`${c.channel}: ${t(lang, 'history')}: ${h.map((x) => `${localMinute(x.now_ms, result.zone).slice(0, 10)} ${x.retained_days}`).join(' → ')}`));
  }
  return out.join('\n') + '\n';
}
