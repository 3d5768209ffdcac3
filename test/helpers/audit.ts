/**
 * Audits through the library, as the CLI runs them but without a process a call: a real index file, the
 * real probe (in-process readers, then the real ffprobe; frames decoded by the real ffmpeg), a fixed clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDevicesFile } from '../../src/devices/devices-file.ts';
import { vstorAsync } from './cli.ts';
import { layoutByName } from '../../src/archive/layouts/index.ts';
import { DEFAULT_POLICY, type Policy } from '../../src/audit/policy.ts';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { ffmpegPath, ffprobePath } from '../../src/probe/binary.ts';
import { checkSegment, checkSegments } from '../../src/probe/run.ts';
import type { RuleMap } from '../../src/rules/model.ts';
import { runAudit, type AuditResult } from '../../src/app/audit.ts';
import { tempDir } from './media.ts';
import { auditDocument } from '../../src/report/audit/json.ts';
import { toJson } from '../../src/report/json.ts';
import { auditExit } from '../../cli/commands/audit.ts';
import type { DecodeDepth } from '../../src/probe/result.ts';
import type { Device } from '../../src/devices/devices-file.ts';

export interface LibAudit {
  now: number;
  days?: number;
  maxGapSeconds?: number;
  staleAfterSeconds?: number;
  zone?: string;
  layout?: string;
  deep?: boolean;
  db?: string;
  rules?: RuleMap;
  recorders?: Map<string, string>;
  channels?: string[];
  ffprobe?: string;
  ffmpeg?: string;
  /** the rolling scrub's cycle (AuditOptions.scrubCycle); none by default */
  scrubCycle?: number;
  chdir?: (dir: string) => void;
  listThreadsFrom?: number;
  /** recorders asked over their APIs (AuditOptions.devices) */
  devices?: Device[];
}

export async function auditLib(roots: string[], o: LibAudit): Promise<AuditResult> {
  const dbFile = o.db ?? join(tempDir(), 'index.db');
  const db = openIndex(dbFile);
  const tools = { ffprobe: o.ffprobe ?? ffprobePath(), ffmpeg: o.ffmpeg ?? ffmpegPath() };
  const policy: Policy = { ...DEFAULT_POLICY, retentionDays: o.days ?? DEFAULT_POLICY.retentionDays, maxGapSeconds: o.maxGapSeconds ?? 300, staleAfterSeconds: o.staleAfterSeconds ?? 3600 };
  try {
    return await runAudit(new Store(db), {
      roots,
      recorders: o.recorders,
      policy,
      now: o.now,
      zone: o.zone ?? 'UTC',
      layout: layoutByName(o.layout),
      jobs: 2,
      deep: Boolean(o.deep),
      rules: o.rules,
      channels: o.channels,
      prober: Object.assign((path: string, depth: DecodeDepth) => checkSegment(tools, path, depth, { timeoutMs: 20_000 }), {
        many: (paths: string[], depth: DecodeDepth) => checkSegments(tools, paths, depth, { timeoutMs: 20_000 }),
      }),
      scrubCycle: o.scrubCycle,
      dbFile,
      chdir: o.chdir,
      listThreadsFrom: o.listThreadsFrom,
      devices: o.devices,
    });
  } finally {
    db.close();
  }
}

/**
 * The document `vstor audit --json` prints, from an audit through the library: the same vstor.audit/1 shape
 * (times as ISO text, byte counts as numbers), for tests whose point is the verdicts, not the process.
 */
// a parsed JSON document, read as the tests read the CLI's output
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function auditDoc(roots: string[], o: LibAudit): Promise<{ code: number; doc: any }> {
  const result = await auditLib(roots, o);
  return { code: auditExit(result, false).code, doc: JSON.parse(toJson(auditDocument(result))) };
}

/** A channel of an audit by name (and recorder, when given). */
export function channelOf(result: AuditResult, name: string, recorder?: string) {
  const c = result.channels.find((x) => x.channel === name && (recorder === undefined || x.recorder === recorder));
  if (!c) throw new Error(`no channel ${name} in the audit (${result.channels.map((x) => x.channel).join(', ')})`);
  return c;
}

/** Holes longer than `maxGapMs` in written footage, inside [from, to]: what an audit must report as gaps. */
export function trueGaps(segments: { start: number; end: number; kind: string }[], from: number, to: number, maxGapMs: number): { start: number; end: number }[] {
  const good = segments.filter((s) => s.kind === 'good').sort((a, b) => a.start - b.start);
  const gaps: { start: number; end: number }[] = [];
  let reach: number | undefined;
  for (const s of good) {
    if (reach !== undefined && s.start > reach) {
      const a = Math.max(reach, from);
      const b = Math.min(s.start, to);
      if (b - a > maxGapMs) gaps.push({ start: a, end: b });
    }
    reach = Math.max(reach ?? s.end, s.end);
  }
  return gaps;
}

/**
 * An audit of one device the tests serve, from a devices file written for it: through the library (the
 * runAudit the CLI runs), or through the real CLI (`cli: true`) where its output and exit code are the point.
 * The password reaches vstor only through `passwordEnv`, as users give it.
 */
export async function deviceAudit(entry: Record<string, unknown> & { passwordEnv: string }, password: string, o: { dir: string; zone?: string; cli?: boolean }) {
  const cfg = mkdtempSync(join(o.dir, 'cfg-'));
  const file = join(cfg, 'devices.yaml');
  const db = join(cfg, 'index.db');
  writeFileSync(file, `devices:\n  - ${JSON.stringify(entry)}\n`);
  const env = { [entry.passwordEnv]: password };
  let r: { code: number; stdout: string; stderr: string; firstProbeError?: string };
  if (o.cli) r = await vstorAsync(['audit', '--devices', file, '--db', db, '--days', '10', '--json'], { env });
  else {
    const result = await auditLib([], { now: Date.now(), days: 10, zone: o.zone, db, devices: readDevicesFile(file, env) });
    r = { code: auditExit(result, false).code, stdout: JSON.stringify(auditDocument(result)), stderr: result.problems.join('\n'), firstProbeError: result.probeErrors.first };
  }
  const doc = r.stdout.trim().startsWith('{') ? JSON.parse(r.stdout) : undefined;
  return { ...r, doc, db, verdicts: Object.fromEntries((doc?.channels ?? []).map((c: { channel: string; verdict: string; reasons: string[] }) => [c.channel, [c.verdict, ...c.reasons]])) };
}
