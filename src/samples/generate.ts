/**
 * `vstor samples make DIR --layout L`: a small archive of real hourly segments in one layout, with one
 * channel for each verdict, relative to a fixed `now` so that `vstor audit --now` gives the same answer
 * every time. See samples/README.md for what each channel shows.
 */
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { iso } from '../archive/time.ts';
import { makeClip, truncatedCopy, unfinishedCopy } from './clip.ts';
import { layoutOfSample, SAMPLE_GROUP, segmentPath, type SampleLayout } from './names.ts';
import { wallSeconds, withDeviceClock, writeShare } from './hikvision.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SampleSpec {
  dir: string;
  layout: SampleLayout;
  /** the moment the archive is "as of"; rounded down to the hour */
  now: number;
  /** the retention rule the samples are made around */
  days: number;
  zone: string;
}

export interface SampleChannel {
  name: string;
  expect: 'pass' | 'warn' | 'fail';
  reasons: string[];
  what: string;
}

export interface SampleArchive {
  root: string;
  now: string;
  days: number;
  files: number;
  channels: SampleChannel[];
}

/** Channel names for a layout: Dahua numbers its channels, ZoneMinder its monitors, Shinobi keeps them by group. */
function names(layout: SampleLayout): Record<string, string> {
  const base = ['gate_north', 'lobby', 'parking', 'roof', 'dock'];
  const named = (n: string, i: number) =>
    layout.startsWith('dahua') ? String(i + 1).padStart(3, '0') : layout.startsWith('zoneminder') ? String(i + 1) : layout === 'shinobi' ? `${SAMPLE_GROUP}/${n}` : n;
  return Object.fromEntries(base.map((n, i) => [n, named(n, i)]));
}

/**
 * Layouts of recorders that record events by default. The samples' files run back to back, so the audit reads
 * them as continuous recording (audit/recording-mode.ts) and the six missing hours fail there too.
 */
const EVENT_SAMPLES = new Set<SampleLayout>(['shinobi', 'motioneye', 'motion', 'zoneminder', 'zoneminder-medium']);

/** 1080p, as the seed's rule asks, one frame every five minutes at a low quality: ~10 kB an hour, so a 90-day
 * archive of copies stays near 100 MB a layout (its bitrate is far below a real camera's) */
export const SAMPLE_CLIP = { seconds: 3600, rate: '1/300', width: 1920, height: 1080, crf: 45 } as const;

export function makeSampleArchive(spec: SampleSpec): SampleArchive {
  const now = Math.floor(spec.now / HOUR) * HOUR;
  const sources = join(spec.dir, '.sources');
  mkdirSync(sources, { recursive: true });
  const clip = makeClip(join(sources, 'hour.mp4'), SAMPLE_CLIP);
  const broken = truncatedCopy(clip, join(sources, 'truncated.mp4'), 0.4);
  const unfinished = unfinishedCopy(clip, join(sources, 'unfinished.mp4'));
  const n = names(spec.layout);
  const first = now - (spec.days + 2) * DAY;
  const last = now - HOUR; // the newest segment ends at `now`
  const gapDay = now - Math.max(1, Math.floor(spec.days / 3)) * DAY;
  const midDay = now - Math.max(1, Math.floor(spec.days / 2)) * DAY;
  const channels: { sample: SampleChannel; from: number; to: number; skip?: (t: number) => boolean; damaged?: (t: number) => 'truncated' | 'unfinished' | undefined }[] = [
    { sample: { name: n.gate_north!, expect: 'pass', reasons: [], what: `continuous hourly footage from ${spec.days + 2} days ago to now` }, from: first, to: last },
    { sample: { name: n.lobby!, expect: 'fail', reasons: ['retention-short'], what: `footage from only ${Math.max(1, Math.floor(spec.days / 3))} days ago: the recorder overwrites too soon` }, from: now - Math.max(1, Math.floor(spec.days / 3)) * DAY, to: last },
    {
      sample: EVENT_SAMPLES.has(spec.layout)
        ? { name: n.parking!, expect: 'fail', reasons: ['gap'], what: 'six hours missing inside the window: the files run back to back, so this event-recording layout\'s channel records continuously and is judged so' }
        : { name: n.parking!, expect: 'fail', reasons: ['gap'], what: 'six hours missing inside the window' },
      from: first,
      to: last,
      skip: (t) => t >= gapDay && t < gapDay + 6 * HOUR,
    },
    { sample: { name: n.roof!, expect: 'fail', reasons: ['stale'], what: 'recording stopped two days ago' }, from: first, to: now - 2 * DAY - HOUR },
    {
      sample:
        spec.layout === 'zoneminder-medium'
          ? { name: n.dock!, expect: 'fail', reasons: ['gap'], what: 'two events whose files do not read: their paths name only the day and their length does not read, so they have no start and are skipped (and listed); the channel records back to back, so the hole they leave fails it' }
          : {
              name: n.dock!,
              expect: 'warn',
              reasons: [],
              what: 'the oldest segment (outside the window) is truncated: a warning by default; --deep also finds a segment inside the window whose recording never finished (no index, a normal size) and fails it with damaged',
            },
      from: first,
      to: last,
      damaged: (t) => (t === first ? 'truncated' : t === midDay ? 'unfinished' : undefined),
    },
  ];
  if (spec.layout === 'hikvision-share') return hikvisionSample(spec, now, channels, sources);
  let files = 0;
  // A recorder's folder mtime is when its last file arrived; the samples say the same, so that
  // incremental rescans treat old folders as the closed folders they would be.
  const folderTimes = new Map<string, number>();
  const touch = (rel: string, t: number) => {
    for (let d = dirname(rel); d !== '.' && d !== ''; d = dirname(d)) folderTimes.set(d, Math.max(folderTimes.get(d) ?? 0, t));
  };
  // Every segment is a file of its own, not a link to one clip: its mtime is when the recorder last wrote
  // it (the segment's end), which the audit reads as evidence, and links would share one mtime.
  const good = readFileSync(clip);
  const bad = { truncated: readFileSync(broken), unfinished: readFileSync(unfinished) };
  for (const ch of channels) {
    for (let t = ch.from; t <= ch.to; t += HOUR) {
      if (ch.skip?.(t)) continue;
      const rel = segmentPath(spec.layout, ch.sample.name, t, t + HOUR, spec.zone);
      const target = join(spec.dir, rel);
      touch(rel, t + HOUR);
      mkdirSync(dirname(target), { recursive: true });
      const damage = ch.damaged?.(t);
      writeFileSync(target, damage ? bad[damage] : good);
      utimesSync(target, (t + HOUR) / 1000, (t + HOUR) / 1000);
      files++;
    }
  }
  const deepestFirst = [...folderTimes.entries()].sort((a, b) => b[0].split('/').length - a[0].split('/').length);
  for (const [rel, t] of deepestFirst) utimesSync(join(spec.dir, rel), t / 1000, t / 1000);
  const named = layoutOfSample(spec.layout);
  const how = spec.layout === 'mediamtx-path' ? ` Audit it with --layout '${named}'.` : '';
  writeFileSync(join(spec.dir, 'README.txt'), `vstor sample archive (${spec.layout}), as of ${iso(now)}: not media, skipped by audits.${how}\n`);
  const result: SampleArchive = { root: spec.dir, now: iso(now), days: spec.days, files, channels: channels.map((c) => c.sample) };
  writeFileSync(join(sources, 'sample.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}

type SampleRun = { sample: SampleChannel; from: number; to: number; skip?: (t: number) => boolean; damaged?: (t: number) => 'truncated' | 'unfinished' | undefined };

/**
 * Hikvision shares, a folder a camera: real MPEG-PS recordings at the offsets their index names, each with the
 * device's clock in its stream maps as a camera writes it. Damage as the
 * other layouts have it: the oldest of the dock camera's is zeros (the index names bytes that hold nothing),
 * one in the middle of its window has its last tenth overwritten by noise (its first frames decode: --deep
 * finds it).
 */
function hikvisionSample(spec: SampleSpec, now: number, channels: SampleRun[], sources: string): SampleArchive {
  // every frame a key frame: a program stream has no index, so the last GOP is found by its time, as a
  // camera's one-second GOPs are
  const clip = readFileSync(makeClip(join(sources, 'hour.mpg'), { seconds: 3600, rate: '1/900', width: 1920, height: 1080, crf: 45, format: 'vob', keyint: 1 }));
  // each recording carries the device's clock of its own time (samples/hikvision.ts withDeviceClock)
  const recorded = (t: number) => withDeviceClock(clip, wallSeconds(t, spec.zone) * 1000);
  const noisyTail = (bytes: Uint8Array) => {
    const out = Buffer.from(bytes);
    let seed = 0x2545f491;
    for (let i = Math.floor(out.length * 0.9); i < out.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      out[i] = seed >>> 24;
    }
    return out;
  };
  let files = 0;
  for (const ch of channels) {
    const recordings = [];
    for (let t = ch.from; t <= ch.to; t += HOUR) {
      if (ch.skip?.(t)) continue;
      const damage = ch.damaged?.(t);
      const bytes = recorded(t);
      recordings.push({ start: t, end: t + HOUR, bytes: damage === 'truncated' ? new Uint8Array(bytes.length) : damage === 'unfinished' ? noisyTail(bytes) : bytes });
    }
    writeShare(join(spec.dir, ch.sample.name), `DS-2CD2T47G2-L20230101AAWR${ch.sample.name.toUpperCase().slice(0, 12)}`, recordings, spec.zone);
    files += recordings.length;
  }
  writeFileSync(join(spec.dir, 'README.txt'), `vstor sample archive (hikvision-share), as of ${iso(now)}: not media, skipped by audits.\n`);
  const result: SampleArchive = { root: spec.dir, now: iso(now), days: spec.days, files, channels: channels.map((c) => c.sample) };
  writeFileSync(join(sources, 'sample.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
