/** What an audit is asked: its roots and recorders, its rule, its clock and zone, how it probes, what it reports. */
import type { Layout } from '../archive/layouts/index.ts';
import type { Policy } from '../audit/policy.ts';
import type { Device } from '../devices/devices-file.ts';
import type { RemovedSegment } from '../index/store.ts';
import type { RuleMap } from '../rules/model.ts';
import type { ProbeProgress, Prober } from './probe-plan.ts';

export interface AuditOptions {
  roots: string[];
  /**
   * The recorder each root belongs to (absolute root path -> name). A channel is a recorder and a name: the
   * same channel number on two recorders is two cameras. Roots not listed are recorders of their own,
   * named by their path; roots given the same name are one recorder's disks.
   */
  recorders?: Map<string, string>;
  policy: Policy;
  now: number;
  zone: string;
  layout?: Layout;
  jobs: number;
  deep: boolean;
  /** rules by channel (`--rule`); without, `policy` applies to every channel as a continuous rule */
  rules?: RuleMap;
  /** only these channels (names as the layout reads them) */
  channels?: string[];
  prober: Prober;
  /** path of the index file, for the lock (':memory:' for none) */
  dbFile: string;
  /** --stale-after was given: it holds for event-recording layouts too (their default is a day) */
  staleAfterGiven?: boolean;
  /** changes the process's working directory, where the caller allows it: see ScanOptions.chdir */
  chdir?: (dir: string) => void;
  /** see ScanOptions.listThreadsFrom */
  listThreadsFrom?: number;
  /** judge from the index a running `vstor watch` keeps current, without scanning (watchedScans) */
  fromWatch?: boolean;
  /**
   * A root holding a recorder's storage vstor does not read (archive/layouts/unread.ts) is refused (exit 2),
   * naming it; with this, the audit goes on and that recorder's channels are unverified (unread-recorder).
   */
  unreadAsUnverified?: boolean;
  /** the rolling scrub (probe-plan.ts ScrubOptions): audits to decode each window once; 0 or absent: none */
  scrubCycle?: number;
  onScanProgress?: (p: { root: string; dirs: number; files: number }) => void;
  onProbeProgress?: (p: ProbeProgress) => void;
  onRemoved?: (root: string, removed: RemovedSegment[]) => void;
  /** recorders reached over their APIs (`--devices`), scanned next to the roots (app/device-scan.ts) */
  devices?: Device[];
}
