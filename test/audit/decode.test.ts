/**
 * Footage counts when a frame of it decodes (issue 19, item 1). Dahua's SD-card tree
 * (`YYYY-MM-DD/001/dav/HH/HH.MM.SS-HH.MM.SS[R][0@0][0].mp4`, as quoted in the README's layout table), of
 * real media, each file last written when its recording ended; the ten oldest hours keep an intact MP4
 * header (moov box, durations, sizes) over garbage where the frames should be: the container reads, no
 * frame decodes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { continuous, writeRecordings, type Recording } from '../../src/samples/recorder.ts';
import { readMp4Header } from '../../src/probe/mp4-header.ts';
import { decodeFirstKeyFrame, decodeLastGop } from '../../src/probe/decode.ts';
import { ffmpegPath } from '../../src/probe/binary.ts';
import { auditLib, channelOf } from '../helpers/audit.ts';
import { tempDir } from '../helpers/media.ts';
import { clipShelf, D, H, NOW } from '../helpers/recorded.ts';

const clips = clipShelf();

describe('decoding, not only reading the container', () => {
  it('a garbage segment has an MP4 header that reads, and ffmpeg decodes no frame of it; a good one decodes', async () => {
    const root = join(tempDir(), 'dahua');
    const [bad, good] = writeRecordings(root, 'dahua', 'UTC', '001', [
      { start: NOW - 2 * H, end: NOW - H, kind: 'garbage' },
      { start: NOW - H, end: NOW },
    ], clips.shelf);
    expect(readMp4Header(bad!.path)?.probe_status).toBe('ok');
    const ffmpeg = ffmpegPath();
    expect(await decodeFirstKeyFrame(ffmpeg, bad!.path)).toMatchObject({ status: 'damaged', detail: expect.stringMatching(/^first key frame: no frame decodes/) });
    expect(await decodeLastGop(ffmpeg, bad!.path)).toMatchObject({ status: 'damaged' });
    expect(await decodeFirstKeyFrame(ffmpeg, good!.path)).toEqual({ status: 'decoded' });
    expect(await decodeLastGop(ffmpeg, good!.path)).toEqual({ status: 'decoded' });
  });

  it('ten oldest Dahua hours of garbage behind intact headers are not footage: retention-short, by default and with --deep', async () => {
    const root = join(tempDir(), 'dahua');
    // 5 days and 5 hours back (the tree held 90; 5 keeps --deep's decodes few); the oldest ten
    // hours are garbage, so readable footage starts 5 hours inside the window
    const recs = continuous(NOW - 5 * D - 5 * H, NOW, H).map((r, i): Recording => (i < 10 ? { ...r, kind: 'garbage' } : r));
    writeRecordings(root, 'dahua', 'UTC', '001', recs, clips.shelf);
    const result = await auditLib([root], { now: NOW, days: 5 });
    const ch = channelOf(result, '001');
    expect(ch.verdict).toBe('fail');
    expect(ch.reasons).toContain('retention-short');
    expect(ch.oldestStart).toBe(NOW - 5 * D + 5 * H);
    // the five garbage hours inside the window are damage there; the search decoded its way past them
    expect(ch.reasons).toContain('damaged');
    expect(ch.problems[0]?.detail).toMatch(/no frame decodes/);
    const deep = channelOf(await auditLib([root], { now: NOW, days: 5, deep: true }), '001');
    expect(deep.oldestStart).toBe(ch.oldestStart);
    expect(deep.damaged).toBe(10);
    expect(deep.reasons).toEqual(ch.reasons);
  });

  it('a prober that says "reads" without decoding is a tool failure: unverified, never pass', async () => {
    const root = join(tempDir(), 'dahua');
    writeRecordings(root, 'dahua', 'UTC', '001', continuous(NOW - 3 * D, NOW, H), clips.shelf);
    const { runAudit } = await import('../../src/app/audit.ts');
    const { openIndex } = await import('../../src/index/open.ts');
    const { Store } = await import('../../src/index/store.ts');
    const { probeSegment } = await import('../../src/probe/run.ts');
    const { ffprobePath } = await import('../../src/probe/binary.ts');
    const { layoutByName } = await import('../../src/archive/layouts/index.ts');
    const dbFile = join(tempDir(), 'i.db');
    const db = openIndex(dbFile);
    const ffprobe = ffprobePath();
    const result = await runAudit(new Store(db), {
      roots: [root], policy: { retentionDays: 2, maxGapSeconds: 300, staleAfterSeconds: 3600 }, now: NOW, zone: 'UTC', layout: layoutByName('auto'),
      jobs: 2, deep: false, dbFile, prober: (p) => probeSegment(ffprobe, p),
    });
    db.close();
    const ch = channelOf(result, '001');
    expect(ch.verdict).toBe('unverified');
    expect(ch.reasons).toContain('probe-error');
  });
});
