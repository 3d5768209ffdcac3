/** `vstor audit --json`: the vstor.audit/1 document other programs rely on (ARCHITECTURE.md, Contracts). Extend, never change. */
import { iso } from '../../archive/time.ts';
import type { AuditResult } from '../../result/audit-result.ts';
import { noteText } from '../i18n.ts';
import { INDEX_SCHEMA, VERSION } from '../../version.ts';

/** Who made the document (fleet/document.ts reads it back): the node, vstor, the index schema, what it audited. */
export function producerOf(result: AuditResult, host: string, generatedAt: number) {
  return {
    host,
    vstor: VERSION,
    indexSchema: INDEX_SCHEMA,
    recorders: result.recorders,
    rules: result.rules?.map((r) => r.name) ?? [],
    generatedAt: iso(generatedAt),
  };
}

export function auditDocument(result: AuditResult, producer?: ReturnType<typeof producerOf>) {
  return {
    schema: 'vstor.audit/1',
    now: iso(result.now),
    ...(producer ? { producer } : {}),
    layout: result.layouts.length === 1 ? result.layouts[0] : result.layouts.length === 0 ? null : result.layouts.join(','),
    policy: result.policy,
    rules: result.rules ?? null,
    channels: result.channels.map((c) => ({
      channel: c.channel,
      recorder: c.recorder,
      segments: c.segments,
      damaged: c.damaged,
      oldestStart: c.oldestStart === null ? null : iso(c.oldestStart),
      newestEnd: c.newestEnd === null ? null : iso(c.newestEnd),
      retainedDays: c.retainedDays,
      coverage: c.coverage,
      gaps: c.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end), seconds: g.seconds })),
      bitrateBps: c.bitrateBps,
      verdict: c.verdict,
      reasons: c.reasons,
      // extensions of vstor.audit/1
      timeSource: c.evidence ? 'device' : 'filename',
      probed: c.probed,
      damagedInWindow: c.damagedInWindow,
      probeTimeouts: c.timeouts,
      probeErrors: c.probeErrors,
      assumedEnds: c.assumedEnds,
      biggestGapSeconds: c.biggestGapSeconds,
      gapsNotListed: c.gapsNotListed,
      bytes: c.bytes,
      warnings: c.notes.map((n) => noteText('en', n)),
      notes: c.notes,
      problems: c.problems,
      rule: c.rule ?? null,
      stream: c.stream ?? null,
      installed: c.installed === undefined ? null : iso(c.installed),
      daily: c.daily,
      // since 0.3.0: how much of the window was decoded (the verdict's probes, the rolling scrub, --deep)
      // since 0.3.0: the mode it was judged in, and what said so (rule, layout, or its files)
      recording: c.recording ?? null,
      // since 0.4.0: a recorder reached over its API: 'footage' (its recordings fetched and decoded) or
      // 'device-list' (its own list alone, acceptDeviceList); null for files
      evidence: c.evidence ?? null,
      verified: { ...c.verified, since: c.verified.since === null ? null : iso(c.verified.since) },
    })),
    recorders: result.recorders,
    skipped: result.skipped,
    summary: result.summary,
    indicators: result.indicators,
    storage: result.storage ?? null,
    watchEvents: result.watchEvents.map((e) => ({ type: e.type, recorder: e.recorder, channel: e.channel, count: e.count, lastAt: iso(e.lastAtMs) })),
    scan: {
      roots: result.scans.map((s) => ({
        root: s.root,
        layout: s.layout?.name ?? null,
        detected: s.detected ? { matched: s.detected.matched, sampled: s.detected.sampled } : null,
        dirsListed: s.dirsListed,
        dirsUnchanged: s.dirsUnchanged,
        added: s.added,
        removed: s.removed,
        changed: s.changed,
        ...(s.pictures ? { pictures: s.pictures.map((p) => ({ folder: p.folder, count: p.count, first: p.first === null ? null : iso(p.first), last: p.last === null ? null : iso(p.last) })) } : {}),
      })),
      probed: result.probed,
      probeErrors: result.probeErrors.count,
      problems: result.problems,
    },
  };
}
