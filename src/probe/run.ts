/**
 * Runs ffprobe on one file: execFile (no shell), the path made absolute and prefixed with `file:` and the
 * protocol whitelist set to `file`, so a file named `-v.mp4` or `concat:x.mp4` is neither an option nor a
 * protocol. A probe that hangs (a failing disk, a dead stream) is killed with SIGKILL after `timeoutMs`.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, symlinkSync } from 'node:fs';
import { readAt } from './read-at.ts';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fsPath, RAW_MARK } from '../archive/names.ts';
import { READABLE_STATUSES, type DecodeDepth, type ProbeRow } from './result.ts';
import { decodeMany } from './decode.ts';
import { isMp4Like, mp4BoxProblem } from './mp4-boxes.ts';
import { readMp4Header } from './mp4-header.ts';
import { emptyProbe, interpretProbe } from './parse.ts';
import { readTs } from './ts-reader.ts';
import { byteRangeOf, mediaInput, type ByteRange } from '../archive/hikvision/range-path.ts';
import { readPsRange } from './ps-reader.ts';

export const PROBE_ARGS = [
  '-v', 'warning',
  '-hide_banner',
  '-protocol_whitelist', 'file,subfile',
  '-of', 'json',
  '-show_error',
  '-select_streams', 'v:0',
  '-show_entries', 'format=format_name,duration,start_time,bit_rate,size:format_tags=creation_time:stream=codec_type,codec_name,width,height,avg_frame_rate',
];

export function probeFile(ffprobe: string, path: string, timeoutMs = 20_000): Promise<ProbeRow> {
  const target = mediaInput(resolve(path));
  return new Promise((done) => {
    execFile(ffprobe, [...PROBE_ARGS, target], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: NodeJS.Signals | null }) | null;
      if (err?.killed) {
        done(emptyProbe('timeout', `probe-timeout: ffprobe gave no answer in ${timeoutMs} ms`));
        return;
      }
      if (err && typeof err.code === 'string') {
        // spawn failed (ENOENT, EACCES on the binary): that is not the segment's fault
        done(emptyProbe('error', `cannot run ffprobe ${ffprobe} (${err.code}${err.code === 'EACCES' ? ': not executable for this user' : ''})`));
        return;
      }
      if (err?.signal) {
        // ffprobe crashed (the bundled static build dies with SIGSEGV on some inputs): a tool failure, never damage
        done(emptyProbe('error', `ffprobe crashed (${err.signal}) on this file`));
        return;
      }
      const row = interpretProbe(err ? Number(err.code ?? 1) : 0, stdout, stderr);
      if (row.probe_status !== 'damaged' && isMp4Like(path)) {
        let problem: string | undefined;
        try {
          problem = mp4BoxProblem(path);
        } catch (e) {
          problem = `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
        }
        if (problem) {
          done({ ...row, probe_status: 'damaged', probe_detail: problem });
          return;
        }
      }
      done(row);
    });
  });
}

/** Runs `work` over `items` with at most `jobs` at once; results come back through `onResult` as they finish. */
export async function pool<T, R>(items: T[], jobs: number, work: (item: T) => Promise<R>, onResult: (item: T, r: R) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      onResult(item, await work(item));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

/**
 * The probe the audit uses: an MP4 whose header reads cleanly is answered in-process; everything else,
 * and anything odd, goes to ffprobe. `headerRead: false` sends every file to ffprobe.
 */
export async function probeSegment(ffprobe: string, path: string, timeoutMs = 20_000, headerRead = true): Promise<ProbeRow> {
  if (path.includes(RAW_MARK)) return viaLink(path, (link) => probeSegment(ffprobe, link, timeoutMs, headerRead));
  const range = byteRangeOf(resolve(path));
  if (range) return probeRange(ffprobe, path, range, timeoutMs);
  if (headerRead && isMp4Like(path)) {
    const row = readMp4Header(resolve(path));
    if (row) return row;
  }
  // MPEG-TS is read in-process even when every file goes to ffprobe: the bundled ffprobe crashes on it
  if (TS_LIKE.test(path)) {
    const row = readTs(resolve(path));
    if (row) return row;
  }
  return probeFile(ffprobe, path, timeoutMs);
}

/** a recording's first bytes hold its first pack and stream map; its last, a few frames' PTS */
const RANGE_HEAD = 64 * 1024;
const RANGE_TAIL = 256 * 1024;

/**
 * A recording inside a Hikvision container: its bytes must begin a program stream, and what they say of
 * their own time goes with the row (probe/ps-reader.ts); then ffprobe reads the range as it reads a file.
 */
async function probeRange(ffprobe: string, path: string, range: ByteRange, timeoutMs: number): Promise<ProbeRow> {
  let head: Buffer;
  let tail: Buffer;
  try {
    [head, tail] = readEnds(range);
  } catch (e) {
    return emptyProbe('damaged', `cannot read its container: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const own = readPsRange(head, tail);
  if (own.problem) return emptyProbe('damaged', own.problem);
  const row = await probeFile(ffprobe, path, timeoutMs);
  return { ...row, ownClock: { first: own.firstClock, last: own.lastClock, ptsSpan: own.ptsSpan } };
}

function readEnds(range: ByteRange): [Buffer, Buffer] {
  const fd = openSync(fsPath(range.file, ''), 'r');
  try {
    const length = range.end - range.start;
    return [readAt(fd, range.start, Math.min(RANGE_HEAD, length)), readAt(fd, Math.max(range.start, range.end - RANGE_TAIL), Math.min(RANGE_TAIL, length))];
  } finally {
    closeSync(fd);
  }
}

/** The binaries a segment check runs. */
export interface ProbeTools {
  ffprobe: string;
  ffmpeg: string;
}

export interface CheckOptions {
  timeoutMs?: number;
  /** false sends every file to ffprobe (VSTOR_PROBE=ffprobe) */
  headerRead?: boolean;
}

/**
 * The audit's check of segments: each one's container read (probeSegment), then, for those that read,
 * their frames decoded to `depth` (1: the first key frame; 2: and the last GOP), many files to one ffmpeg
 * (decode.ts decodeMany). Footage counts when a frame of it decodes: a container that reads and frames
 * that do not are damage.
 */
export async function checkSegments(tools: ProbeTools, paths: string[], depth: DecodeDepth, o: CheckOptions = {}): Promise<ProbeRow[]> {
  const timeoutMs = o.timeoutMs ?? 20_000;
  const links = paths.map((p) => (p.includes(RAW_MARK) ? linkTo(p) : undefined));
  try {
    const real = paths.map((p, i) => links[i]?.path ?? p);
    const rows: ProbeRow[] = [];
    for (const p of real) rows.push(await probeSegment(tools.ffprobe, p, timeoutMs, o.headerRead ?? true));
    if (depth === 0) return rows;
    const readable = rows.flatMap((r, i) => (READABLE_STATUSES.has(r.probe_status) ? [i] : []));
    const outcomes = await decodeMany(tools.ffmpeg, readable.map((i) => real[i]!), depth, timeoutMs);
    readable.forEach((i, j) => {
      const out = outcomes[j]!;
      rows[i] = out.status === 'decoded' ? { ...rows[i]!, decoded: depth } : { ...rows[i]!, probe_status: out.status, probe_detail: out.detail, decoded: null };
    });
    return rows;
  } finally {
    for (const l of links) l?.remove();
  }
}

/** One segment's check (checkSegments). */
export async function checkSegment(tools: ProbeTools, path: string, depth: DecodeDepth, o: CheckOptions = {}): Promise<ProbeRow> {
  return (await checkSegments(tools, [path], depth, o))[0]!;
}

const TS_LIKE = /\.(ts|m2ts|mts)$/i;

let linkDir: string | undefined;
let links = 0;

/**
 * Probes a file whose path holds names kept as bytes (archive/names.ts) through a symbolic link to it in a
 * private temporary folder: ffprobe takes its input as a text argument, which cannot carry those bytes.
 * The archive itself is not touched.
 */
async function viaLink<T>(path: string, probe: (link: string) => Promise<T>): Promise<T> {
  const link = linkTo(path);
  try {
    return await probe(link.path);
  } finally {
    link.remove();
  }
}

function linkTo(path: string): { path: string; remove: () => void } {
  if (!linkDir) {
    const dir = mkdtempSync(join(tmpdir(), 'vstor-probe-'));
    linkDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const link = join(linkDir, `${links++}${extname(path.replace(/\uffff[0-9a-f]*/g, ''))}`);
  symlinkSync(fsPath(resolve(path), ''), link);
  return { path: link, remove: () => rmSync(link, { force: true }) };
}
