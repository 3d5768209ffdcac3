/**
 * What a probe says of one segment: the one vocabulary of probe results, from the readers and ffprobe
 * through the index (which stores these columns as they are) to the verdict.
 */

/** ok/warning: it reads; damaged: it does not; timeout: no answer in time; error: the probe tool itself failed */
export type ProbeStatus = 'ok' | 'warning' | 'damaged' | 'timeout' | 'error';

export interface ProbeRow {
  probe_status: ProbeStatus;
  probe_detail: string | null;
  duration_ms: number | null;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  bit_rate: number | null;
  creation_ms: number | null;
  /**
   * How much of the video was decoded (probe/decode.ts): 1 its first key frame, 2 also its last GOP; absent
   * or null when only the container was read. A container that reads says nothing of the frames in it.
   */
  decoded?: DecodeDepth | null;
  /** wall-clock time (epoch ms) of the decode: the rolling scrub checks the oldest-checked first */
  checked_ms?: number | null;
  /** what the bytes say of their own time, for the audit to hold against the index at once; not stored */
  ownClock?: OwnClock;
  /**
   * The deepest these bytes can be decoded to, when less than any depth: a recording a device gives only the
   * head of (its first key frame; app/device-probe.ts). Not stored; the channel says so.
   */
  depthLimit?: DecodeDepth;
}

/**
 * A recording's own account of its time (probe/ps-reader.ts, Hikvision's clock in its stream maps): the
 * device's wall clock at the first and last key frame read, as UTC fields in ms, and the PTS span in seconds.
 */
export interface OwnClock {
  first?: number;
  last?: number;
  ptsSpan?: number;
}

/** 0: the container read; 1: and its first key frame decoded; 2: and its last GOP decoded too */
export type DecodeDepth = 0 | 1 | 2;

/** ok and warning: the container reads; only `decoded` says whether frames of it do */
export const READABLE_STATUSES: ReadonlySet<string> = new Set(['ok', 'warning']);

/** A probe result that measured nothing: the base of every failed probe. */
export function emptyProbe(status: ProbeStatus, detail: string | null = null): ProbeRow {
  return { probe_status: status, probe_detail: detail, duration_ms: null, codec: null, width: null, height: null, fps: null, bit_rate: null, creation_ms: null };
}

/** What probes measured of a channel's stream: the picture, the frame rate, the codec (audit/stream-check.ts judges it). */
export interface MeasuredStream {
  width: number | null;
  height: number | null;
  fps: number | null;
  codec: string | null;
}
