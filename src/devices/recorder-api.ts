/**
 * What the audit asks of a recorder reached over its API, whatever the protocol: who it is and its clock, its
 * disks and channels, each channel's recordings page by page, and the first bytes of one recording found
 * again by its time. One adapter a protocol (isapi-api.ts, dahua.ts); the audit sees only this.
 */
import type { Device } from './devices-file.ts';
import type { DeviceHttp } from './http.ts';
import type { DeviceChannel, DeviceDisk, DeviceRecording } from './isapi.ts';

export type { DeviceChannel, DeviceDisk, DeviceRecording };

export interface RecorderState {
  /** the zone it writes its times in, when it says (else the devices file's `tz`, else `--tz`) */
  zone?: string;
  /** its clock against ours, ms (positive: ahead), when it says its time */
  clockSkewMs?: number;
  disks: DeviceDisk[];
  channels: DeviceChannel[];
}

export interface Fetched {
  status: number;
  body: Buffer;
  /** the recording's container, by its name on the device: 'ps' (Hikvision), 'mp4', 'dav'; or the elementary
   * stream a replay gave ('h264', 'h265': ONVIF) */
  kind: 'ps' | 'mp4' | 'dav' | 'h264' | 'h265';
  /** why a recording could not be given, when the protocol says (ONVIF: no replay service) */
  why?: string;
  /** the footage's time by the recorder's own clock (UTC ms), where the protocol stamps it (ONVIF replay) */
  clockMs?: number;
  /** what kept the bytes from being read whole (a replay that ended before its first key frame) */
  problem?: string;
}

export interface RecorderApi {
  /** whether its list gives recordings' sizes (ONVIF's does not: no bitrate can be told from it) */
  readonly sizes: boolean;
  /** who it is, its clock, disks and channels; `zone` is the one to read its times in until it says */
  open(zone: string): Promise<RecorderState>;
  /** a channel's recordings from `from` to `to`, page by page (memory flat in the entries) */
  list(channel: number, from: number, to: number, onPage: (r: DeviceRecording[]) => void): Promise<void | ListOutcome>;
  /** the first `bytes` of the channel's recording that starts at `start`; undefined when it is no longer listed */
  fetch(channel: number, start: number, end: number, bytes: number): Promise<Fetched | undefined>;
}

/** What a list says of itself beyond its recordings. */
export interface ListOutcome {
  /** the list gives when recording began and ended but not where it stopped between: holes cannot be told */
  gapsUnknown?: boolean;
}

export type RecorderApiFactory = (http: DeviceHttp, device: Device) => RecorderApi;
