/**
 * Files of recorders whose storage vstor does not read (issue 19, item 7). A root that holds such a tree
 * beside one vstor reads must not pass on the part it read while the rest is quietly skipped: the scan
 * marks each such file (its skip reason starts with UNREAD_REASON) and the audit names them.
 *   - Hikvision camera SD cards, NAS shares and IP-SAN: `datadirN/hivNNNNN.mp4`, `hivNNNNN.pic`,
 *     `index00.bin`, `index01.bin`, `index00p.bin`, `info.bin` (yrambler2001/hikvision-ezviz-sdcard-video-
 *     extractor, README; aloz77/hiktools extract_video.c)
 *   - Blue Iris clips: `.bvr` (its own container)
 *   - Milestone XProtect media database blocks: `.blk`
 *   - exacqVision: `MMSS-XXXXYYZZ.ps` with its `.psi` index (exacq-cms.johnsoncontrols.com, "exacqVision
 *     files are stored ...")
 *   - iSpy: `video/<camera folder>/<cameraId>_YYYY-MM-DD_HH-mm-ss.mp4|avi` (ispysoftware/iSpy
 *     Controls/CameraWindow.cs at cdf50d9d, lines 3238-3254: `Camobject.id + "_" + filename` in
 *     `Dir.Entry + "video\\" + Camobject.directory`)
 *   - ZoneMinder's Shallow scheme: `<monitorId>/<eventId>/<eventId>-video[.<codec>].mp4`, which names no
 *     time at all (zm_event.cpp, Event::SetPath)
 */
export const UNREAD_REASON = 'a recorder vstor does not read: ';

/** the kind `auto` names when a whole tree is one (layouts/index.ts unreadTree) */
export const HIKVISION_STORAGE = 'Hikvision storage (datadirN/hivNNNNN.mp4 and its index00.bin)';

const KINDS: { kind: string; test: (parts: string[], file: string) => boolean }[] = [
  {
    kind: HIKVISION_STORAGE,
    test: (parts, file) => /^hiv\d{5}\.(mp4|pic)$/i.test(file) || /^(index0[01]p?|info)\.bin$/i.test(file) || parts.some((p) => /^datadir\d+$/i.test(p)),
  },
  {
    kind: 'iSpy recordings (video/<camera>/<id>_YYYY-MM-DD_HH-mm-ss.mp4)',
    test: (parts, file) => /^\d+_\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.(mp4|avi)$/i.test(file) && parts.length >= 1,
  },
  { kind: 'Blue Iris clips (.bvr)', test: (_p, file) => /\.bvr$/i.test(file) },
  { kind: 'Milestone XProtect media database (.blk)', test: (_p, file) => /\.blk$/i.test(file) },
  { kind: 'exacqVision storage (.ps and .psi)', test: (_p, file) => /^\d{4}-[0-9a-f]{8}\.psi?$/i.test(file) },
  {
    kind: "ZoneMinder's Shallow scheme (<monitor>/<event>/<event>-video.mp4, no time in the path)",
    test: (parts, file) => {
      const m = /^(\d+)-video(?:\.[a-z0-9]+)?\.(mp4|mkv)$/i.exec(file);
      return Boolean(m && parts.length >= 2 && parts[parts.length - 1] === m[1] && /^\d+$/.test(parts[parts.length - 2]!));
    },
  },
];

/** The kind of unread recorder a file under `parts` (its folders, relative to the root) belongs to, if any. */
export function unreadRecorderFile(parts: string[], file: string): string | undefined {
  return KINDS.find((k) => k.test(parts, file))?.kind;
}
