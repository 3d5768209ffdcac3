import { chmodSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffprobePath } from '../../src/probe/binary.ts';
import { mp4BoxProblem } from '../../src/probe/mp4-boxes.ts';
import { interpretProbe } from '../../src/probe/parse.ts';
import { pool, probeFile } from '../../src/probe/run.ts';
import { ffmpegPath, makeClip, truncatedCopy } from '../../src/samples/clip.ts';
import { execFileSync } from 'node:child_process';
import { tempDir } from '../helpers/media.ts';

let dir: string;
let ffprobe: string;
let good: string;
let moovLast: string;

beforeAll(() => {
  dir = tempDir('vstor-probe-');
  ffprobe = ffprobePath();
  good = makeClip(join(dir, 'good.mp4'), { seconds: 60, rate: '5', width: 320, height: 180, faststart: true, creationTime: '2024-03-05T07:00:00Z' });
  moovLast = makeClip(join(dir, 'moov-last.mp4'), { seconds: 60, rate: '5' });
});

describe('probeFile with the real ffprobe', () => {
  it('reads a good segment', async () => {
    const r = await probeFile(ffprobe, good);
    expect(r.probe_status).toBe('ok');
    expect(r.duration_ms).toBe(60_000);
    expect(r).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 5, creation_ms: Date.parse('2024-03-05T07:00:00Z') });
    expect(r.bit_rate).toBeGreaterThan(0);
  });

  it('finds a zero-byte file damaged', async () => {
    writeFileSync(join(dir, 'empty.mp4'), '');
    const r = await probeFile(ffprobe, join(dir, 'empty.mp4'));
    expect(r.probe_status).toBe('damaged');
  });

  it('finds a truncated file with moov at the end damaged', async () => {
    const r = await probeFile(ffprobe, truncatedCopy(moovLast, join(dir, 'cut.mp4'), 0.5));
    expect(r.probe_status).toBe('damaged');
    expect(r.probe_detail).toMatch(/moov atom not found|Invalid data/i);
  });

  it('finds a truncated faststart file damaged although ffprobe exits 0 on it', async () => {
    const cut = truncatedCopy(good, join(dir, 'cut-faststart.mp4'), 0.6);
    const raw = execFileSync(ffprobe, ['-v', 'error', '-of', 'json', '-show_entries', 'format=duration', cut], { encoding: 'utf8' });
    expect(JSON.parse(raw).format.duration).toBe('60.000000'); // ffprobe alone sees nothing wrong
    const r = await probeFile(ffprobe, cut);
    expect(r.probe_status).toBe('damaged');
    expect(r.probe_detail).toMatch(/^truncated: box mdat ends at byte \d+, the file at \d+$/);
  });

  it('finds a text file renamed .mp4 damaged', async () => {
    writeFileSync(join(dir, 'notes.mp4'), 'this is not a video\n'.repeat(100));
    expect((await probeFile(ffprobe, join(dir, 'notes.mp4'))).probe_status).toBe('damaged');
  });

  it('finds an audio-only file damaged: no video stream', async () => {
    const audio = join(dir, 'audio.mp4');
    execFileSync(ffmpegPath(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=5', '-c:a', 'aac', audio]);
    const r = await probeFile(ffprobe, audio);
    expect(r.probe_status).toBe('damaged');
    expect(r.probe_detail).toBe('no video stream');
  });

  it('cannot be tricked by file names into options or protocols', async () => {
    for (const name of ['-v.mp4', 'concat:good.mp4', '-i', 'http:x.mp4']) {
      const path = join(dir, name);
      copyFileSync(good, path);
      const r = await probeFile(ffprobe, path);
      expect(r.probe_status, name).toBe('ok');
      expect(r.duration_ms).toBe(60_000);
    }
  });

  it('kills a probe that hangs and reports probe-timeout (a fake ffprobe: a real one cannot hang on demand)', async () => {
    const fake = join(dir, 'hanging-ffprobe');
    const pidFile = join(dir, 'hanging.pid');
    writeFileSync(fake, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 30\n`);
    chmodSync(fake, 0o755);
    const r = await probeFile(fake, good, 300);
    expect(r.probe_status).toBe('timeout');
    expect(r.probe_detail).toMatch(/probe-timeout/);
    // killed, not left to run out its 30 s: the process is gone when the probe answers
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('runs a bounded pool', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await pool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
      return n * 2;
    }, (_n, r) => seen.push(r));
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14]);
  });
});

describe('interpretProbe', () => {
  const json = JSON.stringify({ streams: [{ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '25/1' }], format: { duration: '3600.0', bit_rate: '8000000' } });
  it('turns "Estimating duration from bitrate" into a warning, not damage', () => {
    const r = interpretProbe(0, json, '[mpeg @ 0x55] Estimating duration from bitrate, this may be inaccurate\n');
    expect(r.probe_status).toBe('warning');
    expect(r.fps).toBe(25);
  });
  it('treats "partial file" as damage even with exit 0', () => {
    expect(interpretProbe(0, json, '[mov,mp4 @ 0x1] stream 0, offset 0x30: partial file\n').probe_status).toBe('damaged');
  });
  it('treats the JSON error object and missing duration as damage', () => {
    expect(interpretProbe(1, JSON.stringify({ error: { code: -1094995529, string: 'Invalid data found when processing input' } }), '').probe_detail).toMatch(/Invalid data/);
    expect(interpretProbe(0, JSON.stringify({ streams: [{ codec_type: 'video' }], format: {} }), '').probe_detail).toBe('no positive duration');
    expect(interpretProbe(0, JSON.stringify({ streams: [{ codec_type: 'video' }], format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' } }), '').probe_status).toBe('damaged');
  });
  it('takes a bare H.264 / H.265 stream without a duration (it has no container to say one): its frames decoding is the check', () => {
    for (const format_name of ['h264', 'hevc']) expect(interpretProbe(0, JSON.stringify({ streams: [{ codec_type: 'video', codec_name: format_name }], format: { format_name } }), '').probe_status).toBe('ok');
  });
});

describe('mp4BoxProblem', () => {
  it('passes a whole file and names what is wrong with a broken one', () => {
    expect(mp4BoxProblem(good)).toBeUndefined();
    expect(mp4BoxProblem(join(dir, 'notes.mp4'))).toMatch(/not an MP4 file|corrupt/);
  });
});

describe('readMp4Header (in-process) agrees with ffprobe', () => {
  it('on a good faststart clip and a moov-at-end clip', async () => {
    const { readMp4Header } = await import('../../src/probe/mp4-header.ts');
    for (const file of [good, moovLast]) {
      const header = readMp4Header(file)!;
      const probe = await probeFile(ffprobe, file);
      expect(header.probe_status).toBe('ok');
      expect(header.duration_ms).toBe(probe.duration_ms);
      expect(header.codec).toBe(probe.codec);
      expect(header.width).toBe(probe.width);
      expect(header.height).toBe(probe.height);
      expect(header.fps).toBe(probe.fps);
      expect(header.creation_ms).toBe(probe.creation_ms);
    }
  });

  it('hands anything odd to ffprobe, which finds it damaged', async () => {
    const { readMp4Header } = await import('../../src/probe/mp4-header.ts');
    const { probeSegment } = await import('../../src/probe/run.ts');
    for (const name of ['empty.mp4', 'cut.mp4', 'cut-faststart.mp4', 'notes.mp4', 'audio.mp4']) {
      expect(readMp4Header(join(dir, name)), name).toBeUndefined();
      expect((await probeSegment(ffprobe, join(dir, name))).probe_status, name).toBe('damaged');
    }
    expect((await probeSegment(ffprobe, good)).probe_detail).toBe('mp4 header');
  });
});
