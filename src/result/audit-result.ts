/**
 * What an audit produces, and what the report, the fleet merge and the CLI read: a layer of its own between
 * the audit's judgement and the orchestration that makes it (app/), so that the pure readers never import the
 * I/O that wrote it (ARCHITECTURE.md, layers).
 */
import type { Detection, Layout } from '../archive/layouts/index.ts';
import type { Indicator } from '../audit/indicators.ts';
import type { Policy } from '../audit/policy.ts';
import type { ModeSource } from '../audit/recording-mode.ts';
import type { ChannelVerdict, Verdict } from '../audit/verdict.ts';
import type { EventCount } from '../index/events.ts';
import type { Rule } from '../rules/model.ts';

/** One root's scan (app/scan.ts). */
export interface ScanResult {
  root: string;
  rootId: number;
  layout?: Layout;
  detected?: Detection;
  dirsListed: number;
  dirsUnchanged: number;
  files: number;
  added: number;
  removed: number;
  changed: number;
  /** unreadable folders and files that vanished mid-scan: reported, never fatal */
  problems: string[];
  /** folders that could not be listed or checked (EACCES): their channels cannot be verified */
  unlisted: number;
  /** folders seen for the first time (a watcher follows new ones at once) */
  newDirs: number;
  /** segments named in an hour that repeats (clock turned back) that their mtimes could not place */
  foldGuesses: number;
  /** folders listed by the listing threads (folder-lister.ts); the rest by the scan's own thread */
  listedByThreads: number;
  /** Hikvision shares' pictures (index00p.bin): how many and when, a data folder each; no verdict rests on them */
  pictures?: { folder: string; count: number; first: number | null; last: number | null }[];
}

/** A channel's verdict with its recorder, the rule it was judged by (when a rule was given) and its installation. */
export interface AuditedChannel extends ChannelVerdict {
  recorder: string;
  rule?: { name: string; title?: string; source?: string; clause?: string; mode: string; retentionDays: number };
  installed?: number;
  /** the mode it was judged in and what said so; backToBack: the share of its segments that run back to back, when read */
  recording?: { mode: 'continuous' | 'event'; source: ModeSource; backToBack: number | null };
  /** a channel of a recorder reached over its API: whether its footage was read, or its list alone accepted */
  evidence?: 'footage' | 'device-list';
}

export type Summary = { channels: number } & Record<Verdict, number>;

export interface AuditResult {
  now: number;
  policy: Policy;
  /** the rules applied, when `--rule` gave any */
  rules?: Rule[];
  layouts: string[];
  scans: ScanResult[];
  /** the recorders audited, in the order their roots were given */
  recorders: string[];
  channels: AuditedChannel[];
  skipped: { files: number; examples: string[] };
  probed: number;
  /** probes that failed as a tool this run: how many, and the first one's words */
  probeErrors: { count: number; first?: string };
  problems: string[];
  summary: Summary;
  indicators: Indicator[];
  /** the file systems holding the roots (each counted once): what the archive can hold and holds now */
  storage?: { capacity: number; used: number };
  /** what `vstor watch` on the same index saw, per channel of these recorders: early removals, damage */
  watchEvents: EventCount[];
  durationMs: number;
  /** the zone local times are read in (--tz), for reports to show times as the recorders' clocks do */
  zone?: string;
}
