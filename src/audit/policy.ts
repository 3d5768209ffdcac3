/** The retention rule an audit checks, and parsing of the durations users type (5m, 1h, 90d). */
import ms from 'ms';
import { expected } from '../errors.ts';

export interface Policy {
  retentionDays: number;
  maxGapSeconds: number;
  staleAfterSeconds: number;
}

export const DEFAULT_POLICY: Policy = { retentionDays: 90, maxGapSeconds: 300, staleAfterSeconds: 3600 };

/** `5m`, `1h`, `90s`, `1.5h`, or bare seconds. */
export function parseDuration(input: string, text: string, opts: { min?: number } = {}): number {
  const trimmed = String(text).trim();
  let value: number | undefined;
  try {
    value = trimmed === '' ? undefined : /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : ms(trimmed as ms.StringValue);
  } catch {
    value = undefined;
  }
  const min = opts.min ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min * 1000) {
    throw expected(input, text, `a duration${min > 0 ? ` of at least ${min}s` : ''} such as 90s, 5m, 1h or 2d`);
  }
  return Math.round(value / 1000);
}

export function parseNow(text: string): number {
  const t = Date.parse(text);
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!date || Number.isNaN(t)) throw expected('--now', text, 'an ISO-8601 time such as 2026-11-28T08:00:00Z');
  // Date.parse rolls 2026-02-30 over to 2 March: a date that does not exist is refused, not moved
  const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const real = new Date(Date.UTC(y, m - 1, d));
  if (real.getUTCFullYear() !== y || real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d) throw expected('--now', text, 'a date that exists (no 30 February)');
  return t;
}
