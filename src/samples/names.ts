/** Writing paths in each layout: the inverse of src/archive/layouts, used by the sample generator and tests. */
import { DateTime } from 'luxon';

/** Sample trees: one a layout, and a few layouts in more than one of their recorders' shapes. */
export type SampleLayout =
  | 'frigate'
  | 'frigate-legacy'
  | 'mediamtx'
  | 'dahua'
  | 'span'
  | 'dahua-nas'
  | 'shinobi'
  | 'motioneye'
  | 'motion'
  | 'zoneminder'
  | 'zoneminder-medium';

export const SAMPLE_LAYOUTS: SampleLayout[] = ['frigate', 'frigate-legacy', 'mediamtx', 'dahua', 'span', 'dahua-nas', 'shinobi', 'motioneye', 'motion', 'zoneminder', 'zoneminder-medium'];

/** The layout (`--layout` name) that reads a sample tree. */
export function layoutOfSample(layout: SampleLayout): string {
  return layout === 'dahua-nas' ? 'dahua' : layout === 'zoneminder-medium' ? 'zoneminder' : layout;
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
  }
}
