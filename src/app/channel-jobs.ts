/**
 * Each channel's job in an audit, worked out once from its rule, its recorder's layout and its files: the
 * policy it is judged by, its recording mode (and what decided it), its retention window's start, its usual
 * segment length, the installation date a rule map gives it. Every later step of judging a recorder reads the
 * job; none works a rule or a mode out again.
 */
import { DAY_MS as DAY } from '../archive/time.ts';
import { splitChannelKey } from '../archive/layouts/types.ts';
import type { Policy } from '../audit/policy.ts';
import { decideMode, recordingPattern, type ModeSource, type RecordingPattern } from '../audit/recording-mode.ts';
import { endFromMtime } from '../audit/verdict.ts';
import type { AuditQueries } from '../index/queries.ts';
import { ruleFor } from '../rules/match.ts';
import type { Rule, RuleMap } from '../rules/model.ts';
import type { PlanChannel } from './probe-plan.ts';

export interface ChannelJob extends PlanChannel {
  /** its key in the index: its name, and the recorder a tree names (archive/layouts/types.ts channelKey) */
  key: string;
  rule?: Rule;
  /** the installation date its rule map entry gives */
  installed?: number;
  policy: Policy;
  mode: 'continuous' | 'event';
  modeSource: ModeSource;
  /** how its segments follow each other, where the mode was read from its files */
  pattern?: RecordingPattern;
}

export interface JobOptions {
  now: number;
  policy: Policy;
  rules?: RuleMap;
  /** --stale-after was given: it holds for event-recording layouts too */
  staleAfterGiven?: boolean;
}

/** The jobs of a recorder's channels; `eventLayout`: its layout records events by nature (gaps expected). */
export function channelJobs(q: AuditQueries, channels: { id: number; name: string }[], eventLayout: boolean, o: JobOptions): ChannelJob[] {
  // an event layout's day without footage is what is stale there, unless a rule or --stale-after says otherwise
  const eventPolicy: Policy = eventLayout && !o.staleAfterGiven ? { ...o.policy, staleAfterSeconds: Math.max(o.policy.staleAfterSeconds, 86_400) } : o.policy;
  return channels.map((c) => {
    const { rule, installed } = o.rules ? ruleFor(splitChannelKey(c.name).channel, o.rules) : { rule: undefined, installed: undefined };
    const nominalMs = q.nominalMs(c.id);
    // the mode it is judged in: its rule's, else what its files show, else the layout's
    const pattern = eventLayout && !rule?.mode ? patternOf(q, c.id, nominalMs) : undefined;
    const { mode, source } = decideMode(eventLayout ? 'event' : 'continuous', rule?.mode, pattern);
    const policy = rule ?? (mode === 'event' ? eventPolicy : o.policy);
    return { id: c.id, key: c.name, rule, installed, policy, mode, modeSource: source, pattern, nominalMs, windowStart: o.now - policy.retentionDays * DAY, event: mode === 'event' };
  });
}

/** a sample of a channel's history is enough to tell its pattern */
const PATTERN_SAMPLE = 20_000;

/** Where a channel's segments start and end, as far as names, probes and plausible mtimes say: for its recording pattern. */
function patternOf(q: AuditQueries, channelId: number, nominalMs: number): RecordingPattern {
  const spans = function* () {
    let n = 0;
    for (const s of q.ascending(channelId)) {
      if (++n > PATTERN_SAMPLE) return;
      // an end nothing says is the usual length's, as the verdict assumes: a copied archive's back-to-back
      // files still read as back to back, and a hole as a hole
      yield { start: s.start_ms, end: s.end_ms ?? (s.duration_ms ? s.start_ms + s.duration_ms : endFromMtime(s.start_ms, s.mtime_ms, nominalMs) ?? s.start_ms + nominalMs) };
    }
  };
  return recordingPattern(spans());
}
