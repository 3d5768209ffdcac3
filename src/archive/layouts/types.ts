/** A layout reads a file's path under the archive root as a channel and a recording time. */
export interface ParsedSegment {
  /** NFC-normalised channel name */
  channel: string;
  /**
   * The recorder the path names, where a tree holds several (a Dahua NAS: a folder a device); the channel
   * is then that recorder's. Absent: the root's recorder.
   */
  recorder?: string;
  /** epoch ms, UTC */
  start: number;
  /** epoch ms, when the name carries the end too (Dahua, exported spans) */
  end?: number;
  /**
   * Local-time names in the hour that repeats when the clock is turned back name two instants: `start` and
   * `end` are the first pass, these the second. The scan picks one with the file's mtime (archive/fold.ts).
   */
  startLater?: number;
  endLater?: number;
  /** the length the name's wall times imply (end minus start on the wall clock), when it carries both */
  wallLengthMs?: number;
  /**
   * The path says only the day (`start` is its first instant): the segment starts its length before its
   * mtime, the length read from the file when the scan lists it (ZoneMinder's Medium scheme).
   */
  startFromLength?: boolean;
}

export interface Layout {
  name: string;
  /** 'utc' for layouts whose names are UTC (or carry their offset); 'local' for those read in --tz */
  zone: 'utc' | 'local';
  /** recorders that record events by nature (motion, ZoneMinder, Shinobi): gaps expected unless a rule says otherwise */
  mode?: 'event';
  /**
   * `parts` is the path under the root split on '/', with a leading `recordings` folder already removed
   * (the root may be the recorder's root or its recordings folder). Returns undefined when the path is not
   * this layout's, so files are never guessed.
   */
  parse(parts: string[], zone: string): ParsedSegment | undefined;
  /**
   * Optional: the folder's part of `parse`, done once a folder. Returns the reader of the folder's file
   * names, giving exactly what `parse` gives for [...folder, name], or undefined when no file in the folder
   * can be this layout's. A scan reads millions of names in a few thousand folders (layouts/index.ts
   * folderParser; docs/performance.md).
   */
  folder?(folder: string[], zone: string): ((name: string) => ParsedSegment | undefined) | undefined;
}

export const MEDIA_EXTENSIONS = new Set(['mp4', 'ts', 'mkv', 'dav', 'avi', 'mov', 'flv', 'm4v', 'h264', 'h265']);

/**
 * A channel's name from its path: the text as written. A name's identity is what the recorder wrote, not
 * its Unicode form (issue 20: "café" in NFC and in NFD are two folders, two cameras), so a name that is not
 * in NFC keeps its own code points and says so (`〔NFD〕`), and never merges with the NFC one.
 */
export function channelName(raw: string): string {
  if (raw.normalize('NFC') === raw) return raw;
  return `${raw}〔${raw.normalize('NFD') === raw ? 'NFD' : 'not NFC'}〕`;
}

export function ext(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export const num = Number;

/**
 * How the index names a channel: its name, or for a channel of a recorder the path names (a Dahua NAS
 * device folder), "recorder\u001fname". U+001F (unit separator) is in no name a recorder writes.
 */
export function channelKey(p: Pick<ParsedSegment, 'channel' | 'recorder'>): string {
  return p.recorder === undefined ? p.channel : `${p.recorder}\u001f${p.channel}`;
}

/** The recorder (when the path named one) and the channel's name, from channelKey's form. */
export function splitChannelKey(key: string): { recorder?: string; channel: string } {
  const cut = key.indexOf('\u001f');
  return cut < 0 ? { channel: key } : { recorder: key.slice(0, cut), channel: key.slice(cut + 1) };
}

/**
 * The start of a segment named in local time, from the instants its wall time names: the first, and the
 * second where the clock was turned back over it (archive/fold.ts picks one).
 */
export function startsAt(starts: number[]): Pick<ParsedSegment, 'start' | 'startLater'> {
  return starts.length > 1 ? { start: starts[0]!, startLater: starts[1] } : { start: starts[0]! };
}
