/**
 * The output formats of `vstor audit` and `vstor merge`, one renderer a format behind a table (after vitest's
 * `reporters/index.ts`): a command picks its formats by name, and a format is added in one place.
 */
import type { KeyObject } from 'node:crypto';
import { sealedJson } from '../src/fleet/integrity.ts';
import { auditDocument, producerOf } from '../src/report/audit/json.ts';
import { renderJunit } from '../src/report/audit/junit.ts';
import { renderPrometheus } from '../src/report/audit/prometheus.ts';
import { renderAudit } from '../src/report/audit/table.ts';
import { fleetDocument } from '../src/report/fleet/json.ts';
import { fleetSections } from '../src/report/fleet/sections.ts';
import { t, type Lang } from '../src/report/i18n.ts';
import { toJson } from '../src/report/json.ts';
import { renderMarkdown, renderText } from '../src/report/render.ts';
import type { AuditResult } from '../src/result/audit-result.ts';
import type { FleetResult } from '../src/fleet/merge.ts';
import { nodeName } from './options.ts';

export interface FormatOptions {
  lang: Lang;
  /** signs the JSON document */
  signKey?: KeyObject;
  /** Prometheus: also the metric names renamed in 0.2 */
  deprecatedMetrics?: boolean;
  /** Prometheus: the `audit` label */
  auditName?: string;
}

type Renderer<R> = (result: R, o: FormatOptions) => string | Promise<string>;

const shared = {
  csv: (r: AuditResult, o: FormatOptions) => renderAudit(r, 'csv', o.lang),
  junit: (r: AuditResult) => renderJunit(r),
};

export const AUDIT_FORMATS = {
  table: (r, o) => renderAudit(r, 'table', o.lang),
  json: (r, o) => sealedJson(auditDocument(r, producerOf(r, nodeName(), Date.now())), toJson, o.signKey) + '\n',
  csv: shared.csv,
  md: (r, o) => renderAudit(r, 'md', o.lang),
  prometheus: (r, o) => renderPrometheus(r, { deprecated: o.deprecatedMetrics, audit: o.auditName }),
  junit: shared.junit,
} satisfies Record<string, Renderer<AuditResult>>;

const fleetTitle = (lang: Lang) => `vstor — ${t(lang, 'fleetTitle')}`;

export const FLEET_FORMATS = {
  table: (r, o) => renderText(fleetTitle(o.lang), fleetSections(r, o.lang)),
  json: (r, o) => sealedJson(fleetDocument(r, producerOf(r, nodeName(), Date.now())), toJson, o.signKey) + '\n',
  csv: shared.csv,
  md: (r, o) => renderMarkdown(fleetTitle(o.lang), fleetSections(r, o.lang), { item: t(o.lang, 'item'), value: t(o.lang, 'value') }),
  // the HTML report's module is large: loaded only when asked for
  html: async (r, o) => (await import('../src/report/audit/report.ts')).renderHtml(r, new Map(), o.lang),
  prometheus: (r, o) => renderPrometheus(r, { deprecated: o.deprecatedMetrics, recorders: r.recorderStatus, audit: o.auditName }),
  junit: shared.junit,
} satisfies Record<string, Renderer<FleetResult>>;

export type AuditFormat = keyof typeof AUDIT_FORMATS;
export type FleetFormat = keyof typeof FLEET_FORMATS;
