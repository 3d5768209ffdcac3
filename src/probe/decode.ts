/**
 * Whether a segment's video decodes (issue 19): a container whose header is intact may hold garbage where
 * its frames should be, and neither the in-process readers nor ffprobe's container probe decode anything.
 * The bundled ffmpeg (4.x; unlike the bundled ffprobe it reads MPEG-TS with an SDT) decodes:
 * - the first key frame: `-skip_frame nokey` makes the decoder skip every other frame, so leading frames
 *   that reference a key frame before the file's start (a segment cut mid-GOP) print no error, and an
 *   error left is the key frame's own;
 * - the last GOP: from the key frame before the end (`-sseof`, without accurate seek, so that frames from
 *   the key frame on are output) to the end. MPEG-TS seeks by timestamp search and may land past the last
 *   key frame (no frame out, no error): a longer reach back is tried then.
 * A frame out with no error line decodes; no frame, or any error line, is damage; a kill by the timeout is
 * a timeout; a binary that cannot run or dies by a signal is a tool failure, never damage.
 * Measured cost a segment: `npx tsx bench/decode.ts` (docs/audit.md, "What the default audit verifies").
 */
import { execFile } from 'node:child_process';
import { mediaInput } from '../archive/hikvision/range-path.ts';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export type DecodeOutcome = { status: 'decoded' } | { status: 'damaged' | 'timeout' | 'error'; detail: string };

const BASE = ['-nostdin', '-hide_banner', '-v', 'error', '-protocol_whitelist', 'file,subfile'];
/**
 * Decoder options of every input: one thread (the audit runs --jobs decoders at once already), and no
 * deblocking filter, which only smooths pictures: a broken bitstream still fails to parse and decode.
 * Measured on the samples' 1080p segments: 16 -> 10.5 ms a first key frame.
 */
const DECODER = ['-threads', '1', '-skip_loop_filter', 'all'];
const OUT = ['-map', '0:v:0', '-an', '-sn', '-dn', '-f', 'framecrc', '-'];
/** seconds before the end the last-GOP decode starts from, tried in turn while no frame comes out */
const TAIL_REACH = [2, 20, 180];
/** stderr kept: garbage makes ffmpeg print a line a packet */
const MAX_OUTPUT = 256 * 1024;

interface Run {
  frames: number;
  errors: string[];
  exit: number;
  failure?: DecodeOutcome;
}

/** what one ffmpeg run says: frames out by output stream, and its error lines */
function run(ffmpeg: string, args: string[], timeoutMs: number): Promise<Run> {
  return runStreams(ffmpeg, args, timeoutMs).then(({ byStream, ...r }) => ({ ...r, frames: byStream.reduce((a, b) => a + b, 0) }));
}

function runStreams(ffmpeg: string, args: string[], timeoutMs: number): Promise<Omit<Run, 'frames'> & { byStream: number[] }> {
  return new Promise((done) => {
    const child = execFile(ffmpeg, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT, windowsHide: true }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string; signal?: NodeJS.Signals | null }) | null;
      // framecrc: "stream, dts, pts, duration, size, crc" a frame
      const byStream: number[] = [];
      for (const l of String(stdout).split('\n')) {
        if (l === '' || l.startsWith('#')) continue;
        const k = Number.parseInt(l, 10);
        if (Number.isInteger(k) && k >= 0) byStream[k] = (byStream[k] ?? 0) + 1;
      }
      const frames = byStream;
      const errors = String(stderr).split('\n').map((l) => l.trim()).filter(Boolean);
      if (err?.killed && err.code !== 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        return done({ byStream: frames, errors, exit: -1, failure: { status: 'timeout', detail: `probe-timeout: ffmpeg decoded nothing in ${timeoutMs} ms` } });
      }
      if (err?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        // a flood of decoder errors: garbage
        return done({ byStream: frames, errors: errors.length > 0 ? errors : ['decoder error flood'], exit: 1 });
      }
      if (err && typeof err.code === 'string') {
        return done({ byStream: frames, errors, exit: -1, failure: { status: 'error', detail: `cannot run ffmpeg ${ffmpeg} (${err.code})` } });
      }
      if (err?.signal) return done({ byStream: frames, errors, exit: -1, failure: { status: 'error', detail: `ffmpeg crashed (${err.signal}) on this file` } });
      done({ byStream: frames, errors, exit: err ? Number(err.code ?? 1) : 0 });
    });
    child.stdin?.end();
  });
}

function judge(r: Run, what: string): DecodeOutcome {
  if (r.failure) return r.failure;
  const said = r.errors.find((l) => !/^Last message repeated/.test(l));
  if (r.frames === 0) return { status: 'damaged', detail: `${what}: no frame decodes${said ? ` (${said})` : ''}` };
  if (said || r.exit !== 0) return { status: 'damaged', detail: `${what}: decodes with errors (${said ?? `ffmpeg exited ${r.exit}`})` };
  return { status: 'decoded' };
}

/** Decodes the file's first video key frame. */
export async function decodeFirstKeyFrame(ffmpeg: string, path: string, timeoutMs = 20_000): Promise<DecodeOutcome> {
  const r = await run(ffmpeg, [...BASE, ...DECODER, '-skip_frame', 'nokey', '-i', mediaInput(resolve(path)), '-frames:v', '1', ...OUT], timeoutMs);
  return judge(r, 'first key frame');
}

/** Decodes the file's last GOP: from the key frame before the end to the end. */
export async function decodeLastGop(ffmpeg: string, path: string, timeoutMs = 20_000): Promise<DecodeOutcome> {
  let last: Run | undefined;
  for (const reach of TAIL_REACH) {
    last = await run(ffmpeg, [...BASE, ...DECODER, '-sseof', `-${reach}`, '-noaccurate_seek', '-i', mediaInput(resolve(path)), ...OUT], timeoutMs);
    // no frame and no word: the seek landed past the last key frame; reach further back
    if (last.failure || last.frames > 0 || last.errors.length > 0 || last.exit !== 0) break;
  }
  return judge(last!, 'last GOP');
}

/** files decoded by one ffmpeg at most: its start-up (~15-20 ms, a 68 MB static binary) is most of a check */
const BATCH = 16;

/**
 * Decodes many files' first key frames (and, at depth 2, last GOPs) in one ffmpeg a batch: every file an
 * input (twice at depth 2: once from its start, once from near its end), every input's video an output
 * stream of one framecrc, whose lines say the stream. A batch that runs clean, with a frame out of every
 * stream, decoded them all; anything else (an error line cannot be told to a file, a stream without a
 * frame, a failure) sends that batch's files to the one-file decodes, which say which file and why.
 */
export async function decodeMany(ffmpeg: string, paths: string[], depth: 1 | 2, timeoutMs = 20_000): Promise<DecodeOutcome[]> {
  const out: DecodeOutcome[] = new Array(paths.length);
  // a batch decodes its files one after another in one thread: worth it only where start-up is the cost
  const small: number[] = [];
  for (let i = 0; i < paths.length; i++) {
    if (sizeOf(paths[i]!) <= BATCH_MAX_BYTES) small.push(i);
    else out[i] = (await decodeBatch(ffmpeg, [paths[i]!], depth, timeoutMs))[0]!;
  }
  for (let k = 0; k < small.length; k += BATCH) {
    const part = small.slice(k, k + BATCH);
    const got = await decodeBatch(ffmpeg, part.map((i) => paths[i]!), depth, timeoutMs);
    part.forEach((i, j) => (out[i] = got[j]!));
  }
  return out;
}

/** files up to this size share an ffmpeg (bench/decode.ts: a 160x90 hour 2.3 ms a file batched, 5.8 alone; 1080p loses) */
const BATCH_MAX_BYTES = 2 * 1024 * 1024;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return Infinity;
  }
}

async function decodeBatch(ffmpeg: string, paths: string[], depth: 1 | 2, timeoutMs: number): Promise<DecodeOutcome[]> {
  const one = async (path: string): Promise<DecodeOutcome> => {
    const first = await decodeFirstKeyFrame(ffmpeg, path, timeoutMs);
    return first.status !== 'decoded' || depth === 1 ? first : decodeLastGop(ffmpeg, path, timeoutMs);
  };
  if (paths.length === 1) return [await one(paths[0]!)];
  const inputs: string[] = [];
  const maps: string[] = [];
  let k = 0;
  for (const path of paths) {
    const target = mediaInput(resolve(path));
    // one output, so no frame limit a stream (ffmpeg 4 closes every stream of an output when one reaches
    // its -frames): the input is read for its first second instead; a file whose first key frame comes
    // later gives no frame here and is decoded alone
    inputs.push(...DECODER, '-skip_frame', 'nokey', '-t', '1', '-i', target);
    maps.push('-map', `${k}:v:0`);
    k++;
    if (depth === 2) {
      inputs.push(...DECODER, '-sseof', `-${TAIL_REACH[0]}`, '-noaccurate_seek', '-i', target);
      maps.push('-map', `${k}:v:0`);
      k++;
    }
  }
  const r = await runStreams(ffmpeg, [...BASE, ...inputs, ...maps, '-an', '-sn', '-dn', '-f', 'framecrc', '-'], timeoutMs * 2);
  const clean = !r.failure && r.exit === 0 && r.errors.length === 0;
  const results: DecodeOutcome[] = [];
  for (let i = 0; i < paths.length; i++) {
    const streams = depth === 2 ? [2 * i, 2 * i + 1] : [i];
    if (clean && streams.every((s) => (r.byStream[s] ?? 0) > 0)) results.push({ status: 'decoded' });
    else results.push(await one(paths[i]!));
  }
  return results;
}
