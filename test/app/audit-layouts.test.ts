/**
 * Every sample layout audited as the recorder writes it (split from test/cli/audit.test.ts so that the suite's
 * longest files run side by side).
 */
import { describe, expect, it } from 'vitest';
import { layoutOfSample, SAMPLE_LAYOUTS } from '../../src/samples/names.ts';
import { sampleArchive, SAMPLE_NOW, snapshot } from '../helpers/archive.ts';
import { auditLib } from '../helpers/audit.ts';
import { auditDocument } from '../../src/report/audit/json.ts';
import type { AuditResult } from '../../src/app/audit.ts';
import { SAMPLE_DEVICE } from '../../src/samples/names.ts';

const verdicts = (doc: { channels: { channel: string; verdict: string; reasons: string[] }[] }) =>
  Object.fromEntries(doc.channels.map((c) => [c.channel, [c.verdict, ...c.reasons].join(' ')]));

/** a 4-day rule: the samples' five cases all show (a short keep of a day, a gap, stale, damage), in 6 days of files */
const DAYS = 4;

describe.each(SAMPLE_LAYOUTS)('an audit of a %s sample archive', (layout) => {
  // through the library, as the CLI runs it (one layout also through the CLI, in test/cli/audit.test.ts): a process a layout
  // would cost the suite a second each. Written in Kathmandu (+05:45, the offset no whole-hour slip can
  // imitate): layouts named in local time must be read in --tz, those named in UTC or with an offset not.
  const zone = 'Asia/Kathmandu';
  const now = Date.parse(SAMPLE_NOW);
  it('detects the layout (or asks for it), reads the same with it named, and judges each channel as the sample says', async () => {
    const sample = sampleArchive(layout, { zone, days: DAYS });
    const before = snapshot(sample.root);
    let named: AuditResult;
    if (layout === 'mediamtx-path') {
      // its own recordPath: auto does not guess one, it says how to name it
      await expect(auditLib([sample.root], { now, days: DAYS, zone })).rejects.toThrow(/no file matches a known layout .*--layout 'mediamtx:<recordPath>'/);
      named = await auditLib([sample.root], { now, days: DAYS, zone, layout: layoutOfSample(layout) });
    } else {
      // auto picks the layout that reads it (the same layout named reads it alike: one reader either way)
      named = await auditLib([sample.root], { now, days: DAYS, zone });
      expect(named.scans[0]!.detected?.layout.name).toBe(layoutOfSample(layout));
    }
    const detected = named;
    // a Dahua NAS sample is one device's folder; a Hikvision NAS holds a share a camera, each its own recorder
    // named by its folder and the serial in its info.bin
    const recorders = layout === 'dahua-nas' ? [SAMPLE_DEVICE] : layout === 'hikvision-share' ? sample.channels.map((c) => `${c.name} (DS-2CD2T47G2-L20230101AAWR${c.name.toUpperCase().slice(0, 12)})`).sort() : [sample.root];
    expect(detected.recorders).toEqual(recorders);
    const doc = auditDocument(named);
    expect(doc.schema).toBe('vstor.audit/1');
    expect(doc.layout).toBe(layoutOfSample(layout));
    expect(doc.policy).toEqual({ retentionDays: DAYS, maxGapSeconds: 300, staleAfterSeconds: 3600 });
    const expected = Object.fromEntries(sample.channels.map((c) => [c.name, [c.expect, ...c.reasons].join(' ')]));
    expect(verdicts(doc)).toEqual(expected);
    const count = (v: string) => sample.channels.filter((c) => c.expect === v).length;
    expect(doc.summary).toEqual({ channels: 5, pass: count('pass'), warn: count('warn'), fail: count('fail'), pending: 0, unverified: 0 });
    // README.txt and the hidden .sources folder; in ZoneMinder's Medium scheme also the two events that do
    // not read (their path names only the day, so they have no start)
    expect(doc.skipped.files).toBe(layout === 'zoneminder-medium' ? 4 : 2);
    const pass = doc.channels.find((c: { channel: string }) => c.channel === sample.channels[0]!.name)!;
    expect(pass.retainedDays).toBe(DAYS + 2);
    expect(pass.coverage).toBe(1);
    expect(pass.segments).toBe((DAYS + 2) * 24);
    expect(pass.oldestStart).toBe(new Date(now - (DAYS + 2) * 86_400_000).toISOString());
    expect(pass.newestEnd).toBe(SAMPLE_NOW);
    // the stopped channel's newest footage ends two days before now, to the second
    const stopped = named.channels.find((c) => c.channel === sample.channels[3]!.name)!;
    expect(stopped.newestEnd).toBe(now - 2 * 86_400_000);
    expect(snapshot(sample.root)).toEqual(before); // the archive is only read
  });
});
