/**
 * `vstor merge --json`: the vstor.fleet/1 document. It is a vstor.audit/1 document (same members, same
 * meaning: a reader of audits reads a fleet) with the schema name changed and a `fleet` member: which
 * documents were used, stale, superseded or rejected and why, each recorder's status and indicators, and
 * channels reported twice.
 */
import { iso } from '../../archive/time.ts';
import type { FleetResult } from '../../fleet/merge.ts';
import { auditDocument, type producerOf } from '../audit/json.ts';

const time = (t: number | null) => (t === null ? null : iso(t));

export function fleetDocument(result: FleetResult, producer?: ReturnType<typeof producerOf>) {
  return {
    ...auditDocument(result, producer),
    schema: 'vstor.fleet/1',
    fleet: {
      maxAgeSeconds: Math.round(result.maxAgeMs / 1000),
      documents: result.documents.map((d) => ({ ...d, now: time(d.now), reason: d.reason ?? null })),
      recorders: result.recorderStatus.map((r) => ({ ...r, now: time(r.now) })),
      duplicates: result.duplicates,
    },
  };
}
