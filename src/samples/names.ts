/** Writing paths in each layout: the inverse of src/archive/layouts, used by the sample generator and tests. */
import { DateTime } from 'luxon';

/** Sample trees: one a layout, and a few layouts in more than one of their recorders' shapes. */
export type SampleLayout =
  | 'frigate'
  | 'frigate-legacy'
  | 'mediamtx'
  | 'mediamtx-z'
  | 'mediamtx-path'
  | 'dahua'
  | 'dahua-nvr'
  | 'span'
  | 'dahua-nas'
  | 'shinobi'
  | 'motioneye'
  | 'motion'
  | 'zoneminder'
  | 'zoneminder-medium'
  | 'hikvision-share';

export const SAMPLE_LAYOUTS: SampleLayout[] = ['frigate', 'frigate-legacy', 'mediamtx', 'mediamtx-z', 'mediamtx-path', 'dahua', 'dahua-nvr', 'span', 'dahua-nas', 'shinobi', 'motioneye', 'motion', 'zoneminder', 'zoneminder-medium', 'hikvision-share'];

/** The layout (`--layout` name) that reads a sample tree. */
export function layoutOfSample(layout: SampleLayout): string {
  switch (layout) {
    case 'dahua-nas':
    case 'dahua-nvr':
      return 'dahua';
    case 'zoneminder-medium':
      return 'zoneminder';
    case 'mediamtx-z':
      return 'mediamtx';
    case 'mediamtx-path':
      return `mediamtx:${SAMPLE_RECORD_PATH}`;
    default:
      return layout;
  }
}

/**
 * The `recordPath` of the MediaMTX sample with its own naming: the stream path in folders, a folder a day, and
 * the offset (`%z`), as a MediaMTX configuration may set it. `auto` cannot know such a path; it is named with
 * `--layout 'mediamtx:<recordPath>'`.
 */
export const SAMPLE_RECORD_PATH = './recordings/%path/%Y/%m/%d/%H-%M-%S-%f_%z';

/** The UTC offset as MediaMTX writes it for %z (internal/recordstore/path.go timeLocationEncode): Z, +0800, -0330. */
function mediamtxOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** The device folder of a Dahua NAS sample: the recorder its channels belong to. */
export const SAMPLE_DEVICE = '4H02A0EPAZ12345';
/** The group key of a Shinobi sample. */
export const SAMPLE_GROUP = 'a1b2c3d4e5';

/** An event id that grows with time, as ZoneMinder's do. */
function eventId(start: number): number {
  return Math.floor(start / 60_000) - 20_000_000;
}

/**
 * Relative path of a segment of `channel` from `start` to `end` (epoch ms). Dahua channels are 3 digits,
 * ZoneMinder's monitor ids numbers; a Shinobi channel is `<groupKey>/<monitorId>`.
 */
export function segmentPath(layout: SampleLayout, channel: string, start: number, end: number, zone: string, ext = 'mp4'): string {
  const utc = DateTime.fromMillis(start, { zone: 'UTC' });
  const local = DateTime.fromMillis(start, { zone });
  const localEnd = DateTime.fromMillis(end, { zone });
  switch (layout) {
    case 'frigate':
      return `recordings/${utc.toFormat('yyyy-MM-dd/HH')}/${channel}/${utc.toFormat('mm.ss')}.${ext}`;
    case 'frigate-legacy':
      return `recordings/${local.toFormat('yyyy-MM/dd/HH')}/${channel}/${local.toFormat('mm.ss')}.${ext}`;
    case 'mediamtx':
      return `recordings/${channel}/${local.toFormat('yyyy-MM-dd_HH-mm-ss')}-${String(local.millisecond * 1000).padStart(6, '0')}.${ext}`;
    case 'dahua':
      return `${local.toFormat('yyyy-MM-dd')}/${channel}/dav/${local.toFormat('HH')}/${local.toFormat('HH.mm.ss')}-${localEnd.toFormat('HH.mm.ss')}[R][0@0][0].${ext}`;
    case 'dahua-nas':
      return `${SAMPLE_DEVICE}/${segmentPath('dahua', channel, start, end, zone, ext)}`;
    case 'dahua-nvr': {
      // an NVR's disk: numbered levels between the hour and the file, as the device response quoted in
      // expertisesolutions/gst-dmsssrc src/gstdmsssrc.c has them (/mnt/dvr/2018-09-22/000/dav/11/1/1/589005/...)
      const day = segmentPath('dahua', channel, start, end, zone, ext).split('/');
      return [...day.slice(0, 4), '1', '1', String(Math.floor(start / 1000) % 1_000_000), day[4]].join('/');
    }
    case 'mediamtx-z':
      return `recordings/${channel}/${local.toFormat('yyyy-MM-dd_HH-mm-ss')}-${String(local.millisecond * 1000).padStart(6, '0')}_${mediamtxOffset(local.offset)}.${ext}`;
    case 'mediamtx-path':
      return `recordings/${channel}/${local.toFormat('yyyy/MM/dd/HH-mm-ss')}-${String(local.millisecond * 1000).padStart(6, '0')}_${mediamtxOffset(local.offset)}.${ext}`;
    case 'span':
      return `${channel}/${channel}_${local.toFormat('yyyyMMddHHmmss')}_${localEnd.toFormat('yyyyMMddHHmmss')}.${ext}`;
    case 'shinobi':
      return `videos/${channel}/${local.toFormat("yyyy-MM-dd'T'HH-mm-ss")}.${ext}`;
    case 'motioneye':
      return `${channel}/${local.toFormat('yyyy-MM-dd')}/${local.toFormat('HH-mm-ss')}.${ext}`;
    case 'motion':
      return `${channel}/${String(eventId(start) % 100).padStart(2, '0')}-${local.toFormat('yyyyMMddHHmmss')}.${ext}`;
    case 'zoneminder':
      return `${channel}/${local.toFormat('yy/MM/dd/HH/mm/ss')}/${eventId(start)}-video.h264.${ext}`;
    case 'zoneminder-medium':
      return `${channel}/${local.toFormat('yyyy-MM-dd')}/${eventId(start)}/${eventId(start)}-video.h264.${ext}`;
    case 'hikvision-share':
      // recordings are ranges of containers, not files: samples/hikvision.ts writes such a tree
      throw new Error('a hikvision-share recording has no path of its own (samples/hikvision.ts)');
  }
}
