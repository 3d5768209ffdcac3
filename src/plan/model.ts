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
  /**
   * the main stream's cap when bitrateBps is an average (VBR, smart codecs: `bitrate: 3Mbps, peak: 8Mbps`):
   * storage sizes on the average, the network and the recorders' inbound on the cap
   */
  peakBps?: Big;
  /**
   * 'given' by the user, 'default' from the resolution/codec table, 'estimate' from the scene model
   * (plan/bitrate-estimate.ts) when fps, scene or night share were given instead of a bitrate
   */
  bitrateSource: 'given' | 'default' | 'estimate';
  /** set when bitrateSource is 'estimate': the model's inputs and arithmetic */
  estimate?: BitrateEstimate;
  audioBps: Big;
  /** a recorded second (sub) stream */
  substreamBps: Big;
  days: number;
  /** days the recorded sub stream is kept (the main stream and audio keep `days`); = days unless given */
  substreamDays: number;
  /** share of scheduled time actually recorded: 1 for continuous, e.g. 0.3 for motion recording */
  duty: Big;
  /** hours a day the schedule records */
  hoursPerDay: Big;
  /** power a switch port allocates to one camera, watts (plan/poe.ts) */
  poe: PoeFigure;
  /** the camera's own SD card, decimal bytes as sold: the edge fallback */
  sdCardBytes?: bigint;
  /** the stream the SD card records: main by default (plan/groups.ts sdStream) */
  sdCardStream?: 'main' | 'sub';
}

export interface BitrateEstimate {
  fps: number;
  scene: 'low' | 'medium' | 'high';
  /** share of the day the camera films under IR / low light */
  nightShare: Big;
  /** the day bitrate before the night share: W x H x fps x motion rank x 0.07 x codec factor */
  dayBps: Big;
}

export interface PoeFigure {
  watts: Big;
  /** how the figure was set: 'class 3 (802.3af)', '12.95 W given' */
  source: string;
}

/** Free space a recorder keeps before it overwrites (plan/reserve.ts has the published thresholds). */
export type Reserve =
  | { kind: 'none' }
  | { kind: 'fraction'; fraction: Big }
  | { kind: 'bytes'; bytes: bigint }
  | { kind: 'frigate' }
  | { kind: 'milestone' };

/** One recorder model (NVR or storage server) and how many of it; `count: 'auto'` lets the plan size it. */
export interface RecorderSpec {
  name: string;
  model?: string;
  count: number | 'auto';
  /** inbound rating: the recording bandwidth the maker states, bits a second */
  inboundBps: Big;
  maxChannels?: number;
  bays: number;
  diskBytes: bigint;
  raid: RaidLevel;
  groupSize: number;
  /** hot spares in each recorder */
  spares: number;
  /** file system share of usable space */
  overhead: Big;
  reserve: Reserve;
  /** camera groups it records, by name; none = the groups no other recorder names */
  groups?: string[];
  /**
   * standby recorders of the model (N+M failover: Hikvision's N+1 hot spare, Milestone and Genetec failover
   * servers): each takes over a failed recorder's cameras, so each has the disks of the busiest one
   */
  standby?: number;
  /** outbound rating: what it may send, live view, playback and copies to an archive tier together */
  outboundBps?: Big;
  /** streams it serves at once to viewers (live view and playback), each at the groups' view bitrate */
  viewStreams?: number;
  /** where it was defined, for messages: `site.yaml:30 recorders[0]` or `--recorders` */
  where: string;
}

/** One switch model (access or core) and how many of it. */
export interface SwitchSpec {
  name: string;
  count: number | 'auto';
  /** camera groups whose cameras it connects; none = a core/viewing switch with no cameras */
  groups?: string[];
  ports?: number;
  /** the uplink's capacity, bits a second */
  uplinkBps?: Big;
  /** PoE budget of the whole switch, watts */
  poeBudgetWatts?: Big;
  /** operators whose live viewing crosses this uplink, and the streams each watches */
  viewers: number;
  streamsEach: number;
  /** the bitrate of a viewed stream; default the group's sub stream, else its main stream */
  viewBps?: Big;
  /** multicast viewing: each distinct stream crosses the uplink once whatever the viewers */
  multicast: boolean;
  /** protocol overhead on top of the payload bitrates (RTP/UDP/IP/Ethernet headers, bursts) */
  overhead: Big;
  /**
   * switch models whose uplinks end on this one (an aggregation or core switch): their traffic crosses its
   * uplink too, shared over its units
   */
  aggregates?: string[];
  where: string;
}

/** The archive tier: the oldest `days` of every group's retention move off the recorders to here. */
export interface ArchiveTier {
  days: number;
  storage: StorageBuild;
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
  /**
   * servers (default): each enclosure is a box of its own (a storage server, an NVR), holding whole RAID
   * groups and their spares; shelves: expansion shelves of one array, where groups may span enclosures
   */
  enclosures?: 'servers' | 'shelves';
  /** inverse question: the usable capacity on hand (before overhead) */
  capacityBytes?: bigint;
}

export interface PlanInput {
  name?: string;
  cameras: CameraGroup[];
  captures: CaptureGroup[];
  storage: StorageBuild;
  /** recorders hold the hot tier when listed; else the storage build does */
  recorders: RecorderSpec[];
  switches: SwitchSpec[];
  archive?: ArchiveTier;
  /** the highest share of a recorder's or link's rating the plan may use (default 0.7) */
  maxLoad: Big;
  /** the highest share of a switch's PoE budget the plan may draw (default 0.8, plan/equipment.ts) */
  poeMaxLoad: Big;
  /** channels added over the plan's life, a fraction: shown as its own lines */
  growth?: Big;
  /** capacity bought beyond need, a fraction of the stored bytes: its own line, added to what is sized */
  headroom?: Big;
  /** disks kept on the shelf: a count, or a fraction of the disks installed */
  coldSpares?: { count: number } | { fraction: Big };
  /** things the parser wants the user to see (e.g. MB/s read as megabytes) */
  notes: string[];
}

export interface CameraFigures {
  group: CameraGroup;
  /** main + audio + sub stream of one channel (the average: what storage is sized on) */
  channelBps: Big;
  /** the same at the main stream's peak (its cap, else its bitrate): what links and recorders must take */
  peakChannelBps: Big;
  recordedSecondsPerDay: Big;
  /** all recorded streams of one channel for one day */
  bytesPerChannelDay: bigint;
  /** main stream + audio of one channel for one day */
  mainBytesPerChannelDay: bigint;
  subBytesPerChannelDay: bigint;
  /** main x days + sub x substreamDays */
  bytesPerChannel: bigint;
  /** of bytesPerChannel: what the recorders (hot tier) hold, and what the archive tier holds */
  hotBytesPerChannel: bigint;
  archiveBytesPerChannel: bigint;
  bytesPerDay: bigint;
  bytes: bigint;
  /** what the network carries while all record: channels x peakChannelBps, whatever the duty */
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
  /** what an enclosure is (StorageBuild.enclosures) */
  enclosureKind: 'servers' | 'shelves';
  /** true when RAID groups span enclosures (shelves, or a group wider than a box) */
  groupsSpanEnclosures: boolean;
  rawBytes: bigint;
  usableBytes: bigint;
  usableAfterOverhead: bigint;
  /** the recycling reserve the recorder keeps free (0 for pooled storage) */
  reserveBytes: bigint;
  /** usableAfterOverhead - reserve - stored bytes: what the whole groups give beyond need */
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
  /**
   * each group's streams against their own requirement: the days a stream holds when every other stream
   * keeps what it must (so a sub stream kept 30 days does not drag the main stream's days down)
   */
  streams: StreamHold[];
}

export interface StreamHold {
  group: string;
  stream: 'main' | 'sub' | 'pictures';
  bytesPerDay: bigint;
  requiredDays: number;
  daysHeld: Big;
  fits: boolean;
}

/** One recorder and the channels it records. */
export interface RecorderFigures {
  name: string;
  /** channels of each camera group, by group name */
  groups: { group: string; channels: number }[];
  channels: number;
  ingestBps: Big;
  /** ingest / inbound rating */
  load: Big;
  hotBytes: bigint;
  bytesPerDay: bigint;
  reserveBytes: bigint;
  /** the headroom asked for (PlanInput.headroom) on this recorder's bytes */
  headroomBytes: bigint;
  build: BuildFigures;
  /** days its footage space holds at its daily volume: (usable after overhead - reserve) / bytes a day */
  daysHeld: Big;
  /** what it sends: the streams it serves viewers and its copy of the oldest days to an archive tier */
  outboundBps: Big;
  /** outbound / outbound rating, when the model states one */
  outboundLoad?: Big;
  /** limits broken: over its rating, bays or channel count */
  errors: string[];
}

export interface RecorderModelFigures {
  spec: RecorderSpec;
  count: number;
  /** how an 'auto' count was reached: which limit set it */
  countReason?: string;
  recorders: RecorderFigures[];
}

export interface SwitchFigures {
  name: string;
  groups: { group: string; channels: number }[];
  channels: number;
  recordingBps: Big;
  viewingBps: Big;
  /** viewing streams that cross the uplink (multicast counts each distinct stream once) */
  viewingStreams: number;
  /** (recording + viewing) x (1 + overhead) */
  uplinkBps: Big;
  load?: Big;
  poeWatts: Big;
  errors: string[];
}

export interface SwitchModelFigures {
  spec: SwitchSpec;
  count: number;
  countReason?: string;
  switches: SwitchFigures[];
}

export interface EdgeFigures {
  group: string;
  cardBytes: bigint;
  /** the stream the card records: main + audio unless the group says sub */
  stream: 'sub' | 'main';
  bytesPerDay: bigint;
  daysHeld: Big;
}

/** What an NVR manual's own formula gives (plan/vendor-units.ts), next to the exact bytes. */
export interface VendorFigures {
  group: string;
  /** kbit/s / 8 x 3600 / 1024: the manual's "MB" an hour, one channel */
  mbPerHour: Big;
  /** the manual's "TB" for the whole group and retention: MB/h x hours x days x channels / 1024 / 1024 */
  tb: Big;
  /** the bytes the vendor "TB" figure stands for: 1 "TB" = 1000 x 1024^3 B */
  bytes: bigint;
}

export interface BomLine {
  key: string;
  item: string;
  quantity: number;
  spec: string;
  /** what one of it is counted as: a device (台), a disk (块), a card (个) */
  unit?: 'device' | 'disk' | 'card';
  /** the model, where the plan names one */
  model?: string;
}

export interface GrowthFigures {
  fraction: Big;
  /** the plan with every group's channels (and capture devices) grown, rounded up */
  result: PlanResult;
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
    /** bytes a day / 86,400: the 24-hour average */
    writeBytesPerSecond: Big;
    /** while every camera records at its peak (schedules, duty and VBR averages aside) */
    peakWriteBytesPerSecond: Big;
  };
  /** the pooled storage (enclosures): the hot tier when no recorders are listed, and capture pictures */
  build: BuildFigures;
  /** bytes the recorders hold (hot tier of the camera groups) and the archive tier holds */
  hotBytes: bigint;
  archiveBytes: bigint;
  /** the headroom asked for, on the pooled build's bytes */
  headroomBytes: bigint;
  recorders: RecorderModelFigures[];
  switches: SwitchModelFigures[];
  archive?: BuildFigures;
  edge: EdgeFigures[];
  vendor: VendorFigures[];
  growth?: GrowthFigures;
  bom: BomLine[];
  capacity?: CapacityFigures;
  /** design risks of the build, with their arithmetic (plan/risks.ts): notes, not errors */
  risks: string[];
  /** limits broken (a recorder over its rating or bays, a link or PoE budget over capacity): exit 1 */
  errors: string[];
}
