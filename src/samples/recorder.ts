/**
 * Writing footage as a recorder leaves it on disk: one file a segment, named by the layout's rules in its
 * time zone, last written (mtime) when its recording ended, its folders dated by their newest file. Tests
 * and samples describe recordings as time spans and get back what was really written: the ground truth an
 * audit is checked against.
 *
 * Where a layout's names repeat (the autumn hour, in local time) a second file of the same name is not
 * written: that is what Frigate <= 0.11 did (it kept the first file of a name), so the second pass is a
 * real hole in such an archive.
 */
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { garbageCopy, makeClip, truncatedCopy, unfinishedCopy } from './clip.ts';
import { segmentPath, type SampleLayout } from './names.ts';

/** good footage, or one of the ways a file goes bad */
export type SegmentKind = 'good' | 'truncated' | 'unfinished' | 'empty' | 'garbage';

export interface Recording {
  start: number;
  end: number;
  kind?: SegmentKind;
}

export interface WrittenSegment extends Required<Recording> {
  path: string;
}

/** Real clips of each length (whole seconds), made once per folder of sources. */
export class ClipShelf {
  private readonly made = new Map<string, Buffer>();

  constructor(private readonly dir: string, private readonly spec: { width?: number; height?: number; rate?: string; format?: 'mp4' | 'ts' | 'mkv'; fragmented?: boolean } = {}) {
    mkdirSync(dir, { recursive: true });
  }

  /** The bytes of a segment `seconds` long, spoiled the way `kind` says. */
  bytes(seconds: number, kind: SegmentKind): Buffer {
    if (kind === 'empty') return Buffer.alloc(0);
    const ext = this.spec.format ?? 'mp4';
    const key = `${seconds}-${kind}`;
    let data = this.made.get(key);
    if (!data) {
      const clip = join(this.dir, `clip-${seconds}.${ext}`);
      // a clip lasts a whole number of frames: a frame every gcd(seconds, 60) s makes it exactly `seconds` long
      const rate = this.spec.rate ?? `1/${gcd(seconds, 60)}`;
      if (!existsSync(clip)) makeClip(clip, { seconds, rate, width: this.spec.width, height: this.spec.height, fragmented: this.spec.fragmented, ...(ext === 'ts' ? { format: 'mpegts' } : {}) });
      const path =
        kind === 'good' ? clip
        : kind === 'truncated' ? truncatedCopy(clip, join(this.dir, `cut-${seconds}.${ext}`), 0.4)
        : kind === 'garbage' ? garbageCopy(clip, join(this.dir, `garbage-${seconds}.${ext}`))
        : unfinishedCopy(clip, join(this.dir, `unfinished-${seconds}.${ext}`));
      data = readFileSync(path);
      this.made.set(key, data);
    }
    return data;
  }
}

/**
 * Writes a channel's recordings under `root`. Returns what was written; a name already taken (a repeated
 * local hour) is left out, as the recorder left it out.
 */
export function writeRecordings(root: string, layout: SampleLayout | ((channel: string, start: number, end: number) => string), zone: string, channel: string, recordings: Recording[], shelf: ClipShelf, ext = 'mp4'): WrittenSegment[] {
  const written: WrittenSegment[] = [];
  const folders = new Map<string, number>();
  for (const r of recordings) {
    const rel = typeof layout === 'function' ? layout(channel, r.start, r.end) : segmentPath(layout, channel, r.start, r.end, zone, ext);
    const path = join(root, rel);
    if (existsSync(path)) continue;
    const kind = r.kind ?? 'good';
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, shelf.bytes(Math.max(1, Math.round((r.end - r.start) / 1000)), kind));
    utimesSync(path, r.end / 1000, r.end / 1000);
    written.push({ start: r.start, end: r.end, kind, path });
    for (let d = dirname(path); d.length > root.length; d = dirname(d)) folders.set(d, Math.max(folders.get(d) ?? 0, r.end));
  }
  // deepest first: setting a folder's time is itself a change in its parent only when entries change
  for (const [dir, t] of [...folders].sort((a, b) => b[0].length - a[0].length)) utimesSync(dir, t / 1000, t / 1000);
  return written;
}

/**
 * Back-to-back recordings of `lengthMs` from `from` to `to`. `jitter(i)` ms moves a whole segment (a
 * recorder cuts at keyframes, so names carry odd seconds and MediaMTX's random sub-second parts).
 */
export function continuous(from: number, to: number, lengthMs: number, jitter: (i: number) => number = () => 0): Recording[] {
  const out: Recording[] = [];
  for (let t = from, i = 0; t < to; t += lengthMs, i++) {
    const j = jitter(i);
    out.push({ start: t + j, end: Math.min(to, t + lengthMs + j) });
  }
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
