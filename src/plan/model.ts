/** The planner's inputs and results. Byte counts are bigint; rates and ratios are exact BigNumbers. */
import type { Big } from '../units/decimal.ts';

export type Codec = 'h264' | 'h265' | 'mjpeg';
export type RaidLevel = 'none' | '0' | '1' | '5' | '6' | '10';

export interface Resolution {
  /** the name the user gave or the table knows: 1080p, 4k, 2560x1440 */
  label: string;
  width: number;
  height: number;
}

export interface CameraGroup {
  name: string;
  channels: number;
  resolution: Resolution;
  codec: Codec;
  /** main stream, bits a second */
  bitrateBps: Big;
  /** 'default' when the bitrate came from the resolution/codec table, not from the user */
  bitrateSource: 'given' | 'default';
  audioBps: Big;
  /** a recorded second (sub) stream */
  substreamBps: Big;
  days: number;
  /** share of scheduled time actually recorded: 1 for continuous, e.g. 0.3 for motion recording */
  duty: Big;
  /** hours a day the schedule records */
  hoursPerDay: Big;
}

/** Checkpoint (vehicle / face capture) devices: they store pictures, not streams. */
export interface CaptureGroup {
  name: string;
  devices: number;
  capturesPerDay: number;
  bytesPerCapture: bigint;
  days: number;
}

export interface StorageBuild {
  raid: RaidLevel;
  /** disks in one RAID group */
  groupSize: number;
  /** one disk, decimal bytes as sold */
  diskBytes: bigint;
  /** hot spares in all; 'auto' = one in each enclosure */
  spares: number | 'auto';
  /** file system and the recorder's overwrite reserve, as a fraction of usable space */
  overhead: Big;
  /** disk bays in one enclosure or server */
  bays: number;
  /** inverse question: the usable capacity on hand (before overhead) */
  capacityBytes?: bigint;
}

export interface PlanInput {
  name?: string;
  cameras: CameraGroup[];
  captures: CaptureGroup[];
  storage: StorageBuild;
  /** things the parser wants the user to see (e.g. MB/s read as megabytes) */
  notes: string[];
}

export interface CameraFigures {
  group: CameraGroup;
  /** main + audio + sub stream of one channel */
  channelBps: Big;
  recordedSecondsPerDay: Big;
  bytesPerChannelDay: bigint;
  bytesPerChannel: bigint;
  bytesPerDay: bigint;
  bytes: bigint;
  /** what the network carries: channels x channelBps, whatever the duty */
  ingestBps: Big;
}

export interface CaptureFigures {
  group: CaptureGroup;
  bytesPerDeviceDay: bigint;
  bytesPerDay: bigint;
  bytes: bigint;
}

export interface BuildFigures {
  raid: RaidLevel;
  groupSize: number;
  dataDisksPerGroup: number;
  parityDisksPerGroup: number;
  diskBytes: bigint;
  usablePerGroup: bigint;
  overhead: Big;
  /** usable space the groups must give so that, after overhead, the retention fits */
  usableNeeded: bigint;
  groups: number;
  dataDisks: number;
  parityDisks: number;
  spares: number;
  totalDisks: number;
  bays: number;
  enclosures: number;
  rawBytes: bigint;
  usableBytes: bigint;
  usableAfterOverhead: bigint;
  /** usableAfterOverhead - stored bytes: what the whole groups give beyond need */
  headroomBytes: bigint;
}

export interface CapacityFigures {
  capacityBytes: bigint;
  usableAfterOverhead: bigint;
  /** days the capacity holds at the plan's daily volume */
  daysHeld: Big;
  /** the longest retention any group asks for */
  requiredDays: number;
  fits: boolean;
  /** usableAfterOverhead - stored bytes (negative when it does not fit) */
  marginBytes: bigint;
  marginDays: Big;
  /** with one camera group and no captures: the main-stream bitrate that would just fit */
  maxBitrateBps?: Big;
}

export interface PlanResult {
  input: PlanInput;
  cameras: CameraFigures[];
  captures: CaptureFigures[];
  totals: {
    channels: number;
    captureDevices: number;
    bytesPerDay: bigint;
    bytes: bigint;
    ingestBps: Big;
    /** average bytes written a second over a day */
    writeBytesPerSecond: Big;
  };
  build: BuildFigures;
  capacity?: CapacityFigures;
  /** design risks of the build, with their arithmetic (plan/risks.ts): notes, not errors */
  risks: string[];
}
