/** JUnit XML: one test case a channel, so CI dashboards show retention like tests. */
import { iso } from '../../archive/time.ts';
import type { AuditResult } from '../../result/audit-result.ts';
import { forHtml } from '../text.ts';
import { noteText } from '../i18n.ts';

/** XML text: see report/text.ts (controls and bidi characters shown as escapes, markup escaped). */
export const xml = forHtml;

export function renderJunit(result: AuditResult): string {
  const failures = result.summary.fail;
  const skipped = result.summary.pending;
  const errors = result.summary.unverified;
  const cases = result.channels.map((c) => {
    const open = `    <testcase classname="${xml(result.recorders.length > 1 ? `vstor.retention.${c.recorder}` : 'vstor.retention')}" name="${xml(c.channel)}" time="0">`;
    const gaps = c.gaps.length + c.gapsNotListed;
    const detail = `retained ${c.retainedDays} days, coverage ${(c.coverage * 100).toFixed(1)}%, ${gaps} ${gaps === 1 ? 'gap' : 'gaps'}, ${c.damaged} damaged`;
    // each line escaped on its own: a newline between them is text, not a control character to show
    const body = [detail, ...c.notes.map((n) => noteText('en', n))].map(xml).join('\n');
    if (c.verdict === 'fail') {
      return `${open}\n      <failure message="${xml(c.reasons.join(', '))}" type="${xml(c.reasons[0] ?? 'fail')}">${body}</failure>\n    </testcase>`;
    }
    // could not be checked: an error in JUnit's terms (the test could not run), not a pass
    if (c.verdict === 'unverified') {
      return `${open}\n      <error message="${xml(`unverified: ${c.reasons.join(', ')}`)}" type="unverified">${body}</error>\n    </testcase>`;
    }
    if (c.verdict === 'pending') return `${open}\n      <skipped message="pending: installed less than the retention period ago"/>\n    </testcase>`;
    if (c.verdict === 'warn') return `${open}\n      <system-out>${body}</system-out>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="vstor" tests="${result.channels.length}" failures="${failures}" skipped="${skipped}" errors="${errors}" time="${(result.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="retention ${result.policy.retentionDays} days" tests="${result.channels.length}" failures="${failures}" skipped="${skipped}" errors="${errors}" timestamp="${iso(result.now).replace(/\.\d{3}Z$/, '')}" time="${(result.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
