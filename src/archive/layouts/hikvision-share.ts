/**
 * Hikvision's own storage (a camera's SD card, a NAS share, an IP-SAN volume): recordings are ranges of
 * `hivNNNNN.mp4` containers that only the index names, so no path names a time and `parse` reads none; the
 * scan reads each data folder's index instead (archive/hikvision/tree.ts). Times are the device's wall clock,
 * read in `--tz`.
 */
import type { Layout } from './types.ts';

export const hikvisionShare: Layout = {
  name: 'hikvision-share',
  zone: 'local',
  parse: () => undefined,
};
