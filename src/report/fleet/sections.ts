/** The fleet's own section for table and Markdown output: each recorder's evidence, status and indicators. */
import type { FleetResult } from '../../fleet/merge.ts';
import { auditSections } from '../audit/table.ts';
import { t, type Lang } from '../i18n.ts';
import { safeText } from '../audit/table.ts';
import type { Section } from '../sections.ts';

export function fleetSections(result: FleetResult, lang: Lang): Section[] {
  const count = (s: string) => result.documents.filter((d) => d.status === s).length;
  const lines = [
    t(lang, 'fleetDocuments', { used: count('used'), stale: count('stale'), superseded: count('superseded'), rejected: count('rejected') }),
    ...result.recorderStatus.map((r) =>
      t(lang, 'fleetRecorderLine', {
        recorder: safeText(r.recorder),
        status: t(lang, `fleet.${r.status}`) + (r.authenticated || r.status === 'no-evidence' ? '' : ` (${t(lang, 'fleetUnauthenticated')})`),
        from: r.document ? t(lang, 'fleetFrom', { host: safeText(r.host ?? '?'), age: Math.round((result.now - r.now!) / 360_000) / 10, file: safeText(r.document) }) : '',
        summary: t(lang, 'summaryLine', r.summary),
        indicators: r.indicators.map((i) => `${t(lang, `indicator.${i.key}`)} ${i.value}%`).join(', '),
      }),
    ),
  ];
  return [...auditSections(result, lang), { key: 'fleet', title: t(lang, 'fleetTitle'), lines }];
}
