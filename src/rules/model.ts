/** A retention rule as data: what a site must keep, for how long, and what the stream must be. */
import type { Policy } from '../audit/policy.ts';
import type { StreamRequirements } from '../audit/stream-check.ts';

export type { StreamRequirements };

export type RecordingMode = 'continuous' | 'event';

export interface Rule extends Policy {
  name: string;
  title?: string;
  /** the title in Chinese, where the rule gives one */
  titleZh?: string;
  source?: string;
  /** the source in Chinese, where the rule gives one */
  sourceZh?: string;
  clause?: string;
  mode: RecordingMode;
  stream: StreamRequirements;
}

export interface RuleMapEntry {
  /** glob on channel names: * any run of characters, ? one */
  pattern: string;
  rule: Rule;
  /** installation date (epoch ms): a channel younger than its retention is pending while its footage reaches back to it */
  installed?: number;
}

export interface RuleMap {
  default: Rule;
  entries: RuleMapEntry[];
}
