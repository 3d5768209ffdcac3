/**
 * Merging the audits of a fleet's nodes into one result (`vstor merge`). Pure: documents read and checked
 * (fleet/document.ts, fleet/integrity.ts), the fleet file and the merge's clock in, a fleet result out.
 *
 * No false pass, across nodes:
 * - an altered document, a signature that does not verify, or (with trusted keys) an unsigned or foreign
 *   one is rejected: never evidence;
 * - each recorder is judged on its newest accepted document; one older than `maxAgeMs` (36 h by default)
 *   turns every channel of that recorder into a failure with reason `no-evidence`, and so does a recorder
 *   the fleet file lists that no document covers;
 * - a channel the fleet file expects that the recorder's audit does not have fails as `no-segments`;
 * - the same channel reported by documents from two hosts is counted once (the newest) and flagged.
 * Issue 20, evidence that cannot be gamed:
 * - a rejected document's recorders stay in the result, failing no-evidence, unless accepted evidence covers them;
 * - a document dated after the merge's clock (beyond FUTURE_SKEW_MS) is rejected: it cannot be the newest;
 * - a recorder speaks through one key: the fleet file's `key` for it, else the first key seen for it; a
 *   document of it signed by another key is a conflict that fails the recorder (no-evidence);
 * - the channels a recorder had in an older accepted document and lacks in its newest fail no-segments;
 * - a recorder with no channel, or fewer than the fleet file's count, fails the missing ones no-segments;
 * - every channel is held to the fleet's rule (`retentionDays`, or the fleet file's `days` for the
 *   recorder): a node that audited by a weaker rule fails `weaker-rule`, and retention is judged again
 *   from the document's own figures.
 */
import { DEFAULT_POLICY } from '../audit/policy.ts';
import type { AuditedChannel, AuditResult } from '../result/audit-result.ts';
import { computeIndicators, type Indicator } from '../audit/indicators.ts';
import { emptyVerdict, FAIL_REASONS, settleVerdict, UNVERIFIED_REASONS, type Verdict } from '../audit/verdict.ts';
import type { Producer, ReadDocument } from './document.ts';
import type { FleetRecorder } from './fleet-file.ts';
import type { IntegrityCheck } from './integrity.ts';

export interface Evidence {
  file: string;
  read?: ReadDocument;
  check?: IntegrityCheck;
  /** why it could not be read at all */
  error?: string;
}

export type DocumentStatus = 'used' | 'stale' | 'superseded' | 'rejected';

export interface DocumentEntry {
  file: string;
  status: DocumentStatus;
  host: string | null;
  now: number | null;
  recorders: string[];
  integrity: { digest: string; signature: string; keyId: string | null };
  reason?: string;
}

export type RecorderStatus = 'ok' | 'stale' | 'no-evidence';

export interface RecorderEntry {
  recorder: string;
  status: RecorderStatus;
  host: string | null;
  now: number | null;
  document: string | null;
  summary: AuditResult['summary'];
  indicators: Indicator[];
  /** its evidence is signed by a key the merge was told to trust (--trust); else anyone may have written it */
  authenticated: boolean;
}

export interface Duplicate {
  recorder: string;
  channel: string;
  /** the document counted first, then the others that reported the channel too */
  documents: string[];
}

export interface FleetResult extends AuditResult {
  documents: DocumentEntry[];
  recorderStatus: RecorderEntry[];
  duplicates: Duplicate[];
  maxAgeMs: number;
}

export interface MergeOptions {
  now: number;
  maxAgeMs: number;
  /** trusted keys were given: only documents signed by one of them count */
  trustRequired: boolean;
  fleet?: FleetRecorder[];
  /** the fleet's rule: the retention every channel is held to (default 90 days) */
  retentionDays?: number;
}

/** how far after the merge's clock a document may be dated (clocks of nodes differ a little) */
export const FUTURE_SKEW_MS = 5 * 60_000;

function rejection(e: Evidence, opts: MergeOptions): string | undefined {
  if (e.error) return e.error;
  const c = e.check!;
  if (c.digest === 'altered' || c.signature === 'invalid') return c.problem;
  if (opts.trustRequired && c.signature !== 'valid') return c.problem ?? 'not signed';
  const now = e.read?.result.now;
  if (now !== undefined && now > opts.now + FUTURE_SKEW_MS) {
    return `dated ${new Date(now).toISOString()}, after the merge's clock (${new Date(opts.now).toISOString()}) by more than ${FUTURE_SKEW_MS / 60_000} min: a document from the future cannot be the newest evidence`;
  }
  return undefined;
}

/** The recorders a document speaks for: those it lists and those its channels name. */
function recordersOf(e: Evidence): string[] {
  const r = e.read?.result;
  return r ? [...new Set([...r.recorders, ...r.channels.map((c) => c.recorder)])] : [];
}

/**
 * Binds each recorder to one key (the fleet file's, else the first seen, oldest document first) and
 * returns the recorders spoken for by another key too, with the keys: such a recorder fails.
 */
function keyConflicts(accepted: Evidence[], fleet: FleetRecorder[] | undefined): Map<string, string> {
  const bound = new Map<string, string>();
  for (const f of fleet ?? []) if (f.key) bound.set(f.name, f.key);
  const conflicts = new Map<string, string>();
  const byAge = [...accepted].sort((a, b) => a.read!.result.now - b.read!.result.now);
  for (const e of byAge) {
    const key = e.check?.keyId ?? 'unsigned';
    for (const rec of recordersOf(e)) {
      const owner = bound.get(rec);
      if (owner === undefined) bound.set(rec, key);
      else if (owner !== key && !conflicts.has(rec)) conflicts.set(rec, `${e.file} is signed by ${key}, but ${rec} speaks through ${owner}`);
    }
  }
  return conflicts;
}

function summaryOf(channels: AuditedChannel[]): AuditResult['summary'] {
  const s = { channels: channels.length, pass: 0, warn: 0, fail: 0, pending: 0, unverified: 0 };
  for (const c of channels) s[c.verdict as Verdict]++;
  return s;
}

/** A channel row for a channel the fleet expects but no usable evidence shows. */
function missing(recorder: string, channel: string, reason: 'no-evidence' | 'no-segments', policyDays: number): AuditedChannel {
  return {
    ...emptyVerdict(channel),
    recorder,
    verdict: 'fail',
    reasons: [reason],
    daily: { covered: Array(policyDays).fill(0), damaged: Array(policyDays).fill(0) },
  };
}

const hostOf = (p?: Producer) => p?.host ?? null;

/**
 * A channel held to the fleet's retention: a node rule weaker than it (fewer days) fails `weaker-rule`, and
 * the channel's own retained days against the fleet's fail `retention-short`. The document's figures are
 * the evidence; its verdict is not taken on trust for what the fleet demands.
 */
function heldToFleetRule(c: AuditedChannel, doc: AuditResult, days: number): AuditedChannel {
  const nodeDays = c.rule?.retentionDays ?? doc.policy.retentionDays;
  const reasons = [...c.reasons];
  if (nodeDays < days && !reasons.includes('weaker-rule')) reasons.unshift('weaker-rule');
  if (c.oldestStart !== null && c.retainedDays < days && !c.pending && !reasons.includes('retention-short')) reasons.unshift('retention-short');
  if (reasons.length === c.reasons.length) return c;
  return settleVerdict({ ...c, reasons }) as AuditedChannel;
}

export function mergeEvidence(evidence: Evidence[], opts: MergeOptions): FleetResult {
  const { entries, accepted } = screen(evidence, opts);
  const candidates = candidatesOf(accepted);
  const claimed = claimedByRejected(evidence, entries);
  const order = recorderOrder(opts.fleet, candidates, claimed);
  // the fleet's rule, not whichever node's came first
  const policy = { ...(accepted[0]?.read!.result.policy ?? DEFAULT_POLICY), retentionDays: opts.retentionDays ?? DEFAULT_POLICY.retentionDays };
  const m: MergeState = { opts, entries, candidates, claimed, conflicts: keyConflicts(accepted, opts.fleet), policy, problems: [], duplicates: [] };
  const channels: AuditedChannel[] = [];
  const recorderStatus: RecorderEntry[] = [];
  for (const rec of order) {
    const chosen = candidates.get(rec)?.[0];
    const { rows, status } = !chosen || m.conflicts.has(rec) ? noEvidence(m, rec) : fromEvidence(m, rec);
    channels.push(...rows);
    recorderStatus.push({
      recorder: rec,
      status,
      host: chosen ? hostOf(chosen.read!.producer) : null,
      now: chosen?.read!.result.now ?? null,
      document: chosen?.file ?? null,
      summary: summaryOf(rows),
      indicators: computeIndicators(rows),
      authenticated: Boolean(chosen && opts.trustRequired && chosen.check?.signature === 'valid'),
    });
  }
  sayWhatWasMerged(m, evidence, channels);
  const used = accepted.filter((e) => entries.get(e)!.status === 'used').map((e) => e.read!.result);
  return { ...fromUsedDocuments(used), now: opts.now, policy, recorders: order, channels, problems: [...m.problems, ...used.flatMap((r) => r.problems)], summary: summaryOf(channels), indicators: computeIndicators(channels), documents: evidence.map((e) => entries.get(e)!), recorderStatus, duplicates: m.duplicates, maxAgeMs: opts.maxAgeMs };
}

/** What every recorder's rows are made from. */
interface MergeState {
  opts: MergeOptions;
  entries: Map<Evidence, DocumentEntry>;
  /** the accepted documents covering each recorder, newest first */
  candidates: Map<string, Evidence[]>;
  /** recorders only rejected documents speak for, with the channels they name */
  claimed: Map<string, string[]>;
  conflicts: Map<string, string>;
  policy: AuditResult['policy'];
  problems: string[];
  duplicates: Duplicate[];
}

/** Each document's entry: rejected with its reason, or accepted (superseded until it is used). */
function screen(evidence: Evidence[], opts: MergeOptions): { entries: Map<Evidence, DocumentEntry>; accepted: Evidence[] } {
  const entries = new Map<Evidence, DocumentEntry>();
  const accepted: Evidence[] = [];
  for (const e of evidence) {
    const reason = rejection(e, opts);
    const r = e.read?.result;
    entries.set(e, {
      file: e.file,
      status: reason ? 'rejected' : 'superseded',
      host: hostOf(e.read?.producer),
      now: r?.now ?? null,
      recorders: r?.recorders ?? [],
      integrity: { digest: e.check?.digest ?? 'missing', signature: e.check?.signature ?? 'unsigned', keyId: e.check?.keyId ?? null },
      ...(reason ? { reason } : {}),
    });
    if (!reason) accepted.push(e);
  }
  return { entries, accepted };
}

/** The recorders each accepted document covers, newest document first. */
function candidatesOf(accepted: Evidence[]): Map<string, Evidence[]> {
  const candidates = new Map<string, Evidence[]>();
  for (const e of accepted) for (const rec of recordersOf(e)) candidates.set(rec, [...(candidates.get(rec) ?? []), e]);
  for (const list of candidates.values()) list.sort((a, b) => b.read!.result.now - a.read!.result.now);
  return candidates;
}

/** A rejected document's recorders do not vanish: with nothing accepted for them, they fail no-evidence. */
function claimedByRejected(evidence: Evidence[], entries: Map<Evidence, DocumentEntry>): Map<string, string[]> {
  const claimed = new Map<string, string[]>();
  for (const e of evidence) {
    if (entries.get(e)!.status !== 'rejected') continue;
    for (const rec of recordersOf(e)) if (!claimed.has(rec)) claimed.set(rec, e.read!.result.channels.filter((c) => c.recorder === rec).map((c) => c.channel));
  }
  return claimed;
}

/** The fleet file's recorders in its order, then those the documents name. */
function recorderOrder(fleet: FleetRecorder[] | undefined, candidates: Map<string, Evidence[]>, claimed: Map<string, string[]>): string[] {
  const order = new Set(fleet?.map((f) => f.name));
  for (const rec of [...candidates.keys(), ...claimed.keys()]) order.add(rec);
  return [...order];
}

/** A recorder no usable document speaks for (or two keys do): every channel it should have fails no-evidence. */
function noEvidence(m: MergeState, rec: string): { rows: AuditedChannel[]; status: RecorderStatus } {
  const expected = m.opts.fleet?.find((f) => f.name === rec);
  const list = m.candidates.get(rec) ?? [];
  const conflict = m.conflicts.get(rec);
  const fromDocs = [...new Set([...(m.claimed.get(rec) ?? []), ...list.flatMap((e) => e.read!.result.channels.filter((c) => c.recorder === rec).map((c) => c.channel))])];
  const names = expected?.channels ?? (expected?.count ? Array.from({ length: expected.count }, (_, i) => `#${i + 1}`) : fromDocs.length > 0 ? fromDocs : ['*']);
  m.problems.push(conflict ? `${rec}: two keys speak for it (${conflict}): every channel counts as failing (no-evidence)` : m.claimed.has(rec) ? `${rec}: its only audit documents were rejected: every channel counts as failing (no-evidence)` : `${rec}: no audit document covers this recorder`);
  return { rows: names.map((n) => missing(rec, n, 'no-evidence', m.policy.retentionDays)), status: 'no-evidence' };
}

/**
 * A recorder's rows from its newest accepted document: as given when fresh (held to the fleet's rule),
 * failing no-evidence when stale; the channels the fleet file or older documents name and it lacks fail too.
 */
function fromEvidence(m: MergeState, rec: string): { rows: AuditedChannel[]; status: RecorderStatus } {
  const { opts } = m;
  const expected = opts.fleet?.find((f) => f.name === rec);
  const list = m.candidates.get(rec)!;
  const chosen = list[0]!;
  const own = chosen.read!.result.channels.filter((c) => c.recorder === rec);
  const entry = m.entries.get(chosen)!;
  let rows: AuditedChannel[];
  let status: RecorderStatus;
  if (isFresh(chosen, opts)) {
    status = 'ok';
    entry.status = 'used';
    rows = own;
  } else {
    status = 'stale';
    if (entry.status !== 'used') entry.status = 'stale';
    const hours = Math.round((opts.now - chosen.read!.result.now) / 3_600_000);
    m.problems.push(`${rec}: its newest audit (${chosen.file}) is ${hours} h old, more than the ${Math.round(opts.maxAgeMs / 3_600_000)} h allowed: every channel counts as failing (no-evidence)`);
    rows = own.map((c) => ({ ...c, verdict: 'fail', reasons: ['no-evidence'], pending: undefined }));
  }
  findDuplicates(m, rec, chosen, own, list.slice(1));
  rows.push(...absentChannels(m, rec, rows, status === 'ok' ? 'no-segments' : 'no-evidence', list));
  // stale evidence already fails every channel; fresh evidence is held to the fleet's rule
  if (status === 'ok') rows = rows.map((c) => heldToFleetRule(c, chosen.read!.result, expected?.days ?? opts.retentionDays ?? 90));
  return { rows, status };
}

function isFresh(e: Evidence, opts: MergeOptions): boolean {
  return opts.now - e.read!.result.now <= opts.maxAgeMs;
}

/** The same channel from another host's fresh document: flagged, counted once. */
function findDuplicates(m: MergeState, rec: string, chosen: Evidence, own: AuditedChannel[], others: Evidence[]): void {
  for (const other of others) {
    if (!isFresh(other, m.opts) || hostOf(other.read!.producer) === hostOf(chosen.read!.producer)) continue;
    for (const c of other.read!.result.channels.filter((x) => x.recorder === rec)) {
      if (!own.some((o) => o.channel === c.channel)) continue;
      const known = m.duplicates.find((d) => d.recorder === rec && d.channel === c.channel);
      if (known) known.documents.push(other.file);
      else m.duplicates.push({ recorder: rec, channel: c.channel, documents: [chosen.file, other.file] });
    }
  }
}

/**
 * Channels the recorder should have and the chosen document lacks: the fleet file's, an older accepted
 * document's (not dropped by a newer one that lacks them), and up to the fleet file's count (a recorder with
 * no channel, an unmounted disk, fails one).
 */
function absentChannels(m: MergeState, rec: string, rows: AuditedChannel[], absent: 'no-segments' | 'no-evidence', list: Evidence[]): AuditedChannel[] {
  const expected = m.opts.fleet?.find((f) => f.name === rec);
  const days = m.policy.retentionDays;
  const out: AuditedChannel[] = [];
  const has = (name: string) => rows.some((c) => c.channel === name) || out.some((c) => c.channel === name);
  for (const name of expected?.channels ?? []) if (!has(name)) out.push(missing(rec, name, absent, days));
  for (const older of list.slice(1)) {
    for (const c of older.read!.result.channels) {
      if (c.recorder === rec && !has(c.channel)) {
        out.push(missing(rec, c.channel, absent, days));
        m.problems.push(`${rec}: ${c.channel} is in ${older.file} but not in the newest audit ${list[0]!.file}: it fails (${absent})`);
      }
    }
  }
  const want = expected?.count ?? (expected?.channels ? 0 : 1);
  for (let k = rows.length + out.length; k < want; k++) out.push(missing(rec, `#${k + 1}`, absent, days));
  return out;
}

/** What the merge must say: duplicates, rejections, no authentication, reasons a newer vstor wrote. */
function sayWhatWasMerged(m: MergeState, evidence: Evidence[], channels: AuditedChannel[]): void {
  if (m.duplicates.length > 0) {
    const recs = [...new Set(m.duplicates.map((d) => d.recorder))];
    m.problems.push(`${m.duplicates.length} channel(s) of ${recs.join(', ')} reported by documents from two hosts: counted once (the newest); give each node's recorders their own names (NAME=PATH)`);
  }
  for (const e of evidence) {
    const d = m.entries.get(e)!;
    if (d.status === 'rejected') m.problems.push(`${e.file}: rejected: ${d.reason}`);
  }
  if (!m.opts.trustRequired) {
    m.problems.push("merged without --trust: no document's author is authenticated (a digest proves no authorship: anyone who edits a document can compute a new one); give --trust KEYS");
  }
  // a reason from a newer node's vstor: counted as the failure it is, shown as given, and said
  const unknown = [...new Set(channels.flatMap((c) => c.reasons).filter((r) => !(FAIL_REASONS as readonly string[]).includes(r) && !(UNVERIFIED_REASONS as readonly string[]).includes(r)))];
  if (unknown.length > 0) m.problems.push(`reason(s) this vstor does not know (from a newer node?): ${unknown.join(', ')}; shown as given, counted as failures`);
}

/** What the documents used add up to: their rules, layouts, scans, skipped files, probes, storage, events. */
function fromUsedDocuments(used: AuditResult[]) {
  const rules = new Map<string, NonNullable<AuditResult['rules']>[number]>();
  for (const r of used) for (const rule of r.rules ?? []) rules.set(rule.name, rule);
  const storage = used.every((r) => r.storage) && used.length > 0 ? used.reduce((a, r) => ({ capacity: a.capacity + r.storage!.capacity, used: a.used + r.storage!.used }), { capacity: 0, used: 0 }) : undefined;
  return {
    rules: rules.size > 0 ? [...rules.values()] : undefined,
    layouts: [...new Set(used.flatMap((r) => r.layouts))],
    scans: used.flatMap((r) => r.scans),
    skipped: { files: used.reduce((a, r) => a + r.skipped.files, 0), examples: used.flatMap((r) => r.skipped.examples).slice(0, 10) },
    probed: used.reduce((a, r) => a + r.probed, 0),
    probeErrors: { count: used.reduce((a, r) => a + r.probeErrors.count, 0) },
    storage,
    watchEvents: used.flatMap((r) => r.watchEvents),
    durationMs: 0,
  };
}
