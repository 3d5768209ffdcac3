/**
 * A vstor.audit/1 document read back into the audit result it was written from (report/audit/json.ts is
 * the other direction), so that merged evidence renders through the same table, report, Prometheus and
 * JUnit writers as a local audit. Pure. Documents from before an extension lack its fields: they read as
 * empty, never as evidence they do not hold.
 */
import type { AuditedChannel, AuditResult } from '../result/audit-result.ts';
import type { ScanResult } from '../result/audit-result.ts';
import type { Layout } from '../archive/layouts/index.ts';
import { computeIndicators } from '../audit/indicators.ts';
import type { Reason, Verdict } from '../audit/verdict.ts';

export interface Producer {
  host: string;
  vstor: string;
  indexSchema: number;
  recorders: string[];
  rules: string[];
  generatedAt: string;
}

export interface ReadDocument {
  result: AuditResult;
  producer?: Producer;
}

const VERDICTS: Verdict[] = ['pass', 'warn', 'fail', 'pending', 'unverified'];

type Json = Record<string, unknown>;

function ms(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** A document's `verified` (since 0.3.0); before, nothing was decoded. */
function verifiedOf(v: unknown): AuditedChannel['verified'] {
  const o = (v && typeof v === 'object' ? v : {}) as Json;
  return { segments: num(o.segments), decoded: num(o.decoded), share: num(o.share), since: ms(o.since) };
}

/** Throws a one-line reason when the value is not a vstor.audit/1 document. */
export function readAuditDocument(doc: unknown): ReadDocument {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a JSON object');
  const d = doc as Json;
  if (d.schema !== 'vstor.audit/1') throw new Error(`schema ${JSON.stringify(d.schema ?? null)}, expected "vstor.audit/1"`);
  const now = ms(d.now);
  if (now === null) throw new Error('no valid "now"');
  if (!Array.isArray(d.channels)) throw new Error('no "channels" list');
  const policy = d.policy as AuditResult['policy'];
  if (!policy || typeof policy.retentionDays !== 'number') throw new Error('no "policy"');
  const channels = (d.channels as Json[]).map(channelOf);
  const scan = (d.scan as Json | undefined) ?? {};
  const scans = (Array.isArray(scan.roots) ? (scan.roots as Json[]) : []).map(scanOf);
  const summary = { channels: channels.length, pass: 0, warn: 0, fail: 0, pending: 0, unverified: 0 };
  for (const c of channels) summary[c.verdict]++;
  const recorders = Array.isArray(d.recorders) ? (d.recorders as string[]) : [...new Set(channels.map((c) => c.recorder))];
  const result: AuditResult = {
    now,
    policy,
    rules: Array.isArray(d.rules) ? (d.rules as AuditResult['rules']) : undefined,
    layouts: typeof d.layout === 'string' ? d.layout.split(',') : [],
    scans,
    recorders,
    channels,
    skipped: (d.skipped as AuditResult['skipped']) ?? { files: 0, examples: [] },
    probed: num(scan.probed),
    probeErrors: { count: num(scan.probeErrors) },
    problems: Array.isArray(scan.problems) ? (scan.problems as string[]) : [],
    summary,
    indicators: computeIndicators(channels),
    storage: (d.storage as AuditResult['storage']) ?? undefined,
    watchEvents: Array.isArray(d.watchEvents) ? (d.watchEvents as Json[]).map((e) => ({ type: String(e.type), recorder: String(e.recorder), channel: String(e.channel), count: num(e.count), lastAtMs: ms(e.lastAt) ?? 0 })) : [],
    durationMs: 0,
  };
  return { result, producer: producerOf(d.producer as Json | undefined, recorders) };
}

/** One channel verdict of the document; throws naming it when it is not one. */
function channelOf(c: Json, i: number): AuditedChannel {
  if (typeof c.channel !== 'string' || !VERDICTS.includes(c.verdict as Verdict) || !Array.isArray(c.reasons)) throw new Error(`channels[${i}] is not a channel verdict`);
  const gaps = Array.isArray(c.gaps) ? (c.gaps as Json[]).map((g) => ({ start: ms(g.start) ?? 0, end: ms(g.end) ?? 0, seconds: num(g.seconds) })) : [];
  const ch: AuditedChannel = {
    channel: c.channel,
    recorder: typeof c.recorder === 'string' ? c.recorder : '',
    segments: num(c.segments),
    probed: num(c.probed),
    damaged: num(c.damaged),
    damagedInWindow: num(c.damagedInWindow),
    timeouts: num(c.probeTimeouts),
    probeErrors: num(c.probeErrors),
    assumedEnds: num(c.assumedEnds),
    oldestStart: ms(c.oldestStart),
    newestEnd: ms(c.newestEnd),
    retainedDays: num(c.retainedDays),
    coverage: num(c.coverage),
    gaps,
    gapsNotListed: num(c.gapsNotListed),
    biggestGapSeconds: num(c.biggestGapSeconds),
    bitrateBps: typeof c.bitrateBps === 'number' ? c.bitrateBps : null,
    bytes: num(c.bytes),
    verdict: c.verdict as Verdict,
    reasons: c.reasons as Reason[],
    notes: Array.isArray(c.notes) ? (c.notes as AuditedChannel['notes']) : [],
    daily: (c.daily as AuditedChannel['daily']) ?? { covered: [], damaged: [] },
    problems: Array.isArray(c.problems) ? (c.problems as AuditedChannel['problems']) : [],
    verified: verifiedOf(c.verified),
  };
  if (c.verdict === 'pending') ch.pending = true;
  if (c.stream) ch.stream = c.stream as AuditedChannel['stream'];
  if (c.rule) ch.rule = c.rule as AuditedChannel['rule'];
  const installed = ms(c.installed);
  if (installed !== null) ch.installed = installed;
  return ch;
}

/** A root's scan as the document says it (the rest of a scan is not in a document). */
function scanOf(r: Json): ScanResult {
  return {
    root: String(r.root),
    rootId: 0,
    layout: typeof r.layout === 'string' ? ({ name: r.layout } as unknown as Layout) : undefined,
    dirsListed: num(r.dirsListed),
    dirsUnchanged: num(r.dirsUnchanged),
    files: 0,
    added: num(r.added),
    removed: num(r.removed),
    changed: num(r.changed),
    problems: [],
    unlisted: 0,
    newDirs: 0,
    foldGuesses: 0,
    listedByThreads: 0,
  };
}

/** Who wrote the document: its host, vstor, index schema, recorders and rules, when it says. */
function producerOf(p: Json | undefined, recorders: string[]): ReadDocument['producer'] {
  return p && typeof p.host === 'string'
    ? { host: p.host, vstor: String(p.vstor ?? ''), indexSchema: num(p.indexSchema), recorders: Array.isArray(p.recorders) ? (p.recorders as string[]) : recorders, rules: Array.isArray(p.rules) ? (p.rules as string[]) : [], generatedAt: String(p.generatedAt ?? '') }
    : undefined;
}
