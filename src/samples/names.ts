/** Writing paths in each layout: the inverse of src/archive/layouts, used by the sample generator. */
import { DateTime } from 'luxon';

export type SampleLayout = 'frigate' | 'frigate-legacy' | 'mediamtx' | 'dahua' | 'span';

export const SAMPLE_LAYOUTS: SampleLayout[] = ['frigate', 'frigate-legacy', 'mediamtx', 'dahua', 'span'];

/** Relative path of a segment of `channel` from `start` to `end` (epoch ms). Dahua channels are 3 digits. */
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
    case 'span':
      return `${channel}/${channel}_${local.toFormat('yyyyMMddHHmmss')}_${localEnd.toFormat('yyyyMMddHHmmss')}.${ext}`;
  }
}
