import { noteText } from '../../src/report/i18n.ts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parseDuration, type Policy } from '../../src/audit/policy.ts';
import { judgeChannel, type AuditSegment } from '../../src/audit/verdict.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-28T08:00:00Z');
const policy: Policy = { retentionDays: 10, maxGapSeconds: 300, staleAfterSeconds: 3600 };

/** Hourly segments from `fromH` hours ago to `toH` hours ago (start times), all readable unless told. */
function hourly(fromH: number, toH: number, over: (s: AuditSegment, i: number) => Partial<AuditSegment> = () => ({})): AuditSegment[] {
  const out: AuditSegment[] = [];
  for (let h = fromH, i = 0; h >= toH; h--, i++) {
    // as a recorder leaves them: each file last written when its hour ended
    const seg: AuditSegment = { start: NOW - h * H, mtime: NOW - (h - 1) * H, status: null, size: 3_600_000, path: `seg-${h}.mp4` };
    out.push({ ...seg, ...over(seg, i) });
  }
  return out;
}

const judge = (segs: AuditSegment[], p: Policy = policy, nominalMs = H) => judgeChannel('cam', segs, p, NOW, { nominalMs });

describe('judgeChannel', () => {
  it('passes a channel with continuous footage older than the window', () => {
    const v = judge(hourly(10 * 24 + 5, 1));
    expect(v.verdict).toBe('pass');
    expect(v.reasons).toEqual([]);
    expect(v.retainedDays).toBe(10.21);
    expect(v.coverage).toBe(1);
    expect(v.gaps).toEqual([]);
    expect(v.segments).toBe(245);
    expect(v.bitrateBps).toBe(8000);
  });

  it('fails retention-short when the oldest footage is younger than the rule', () => {
    const v = judge(hourly(5 * 24, 1));
    expect(v.verdict).toBe('fail');
    expect(v.reasons).toEqual(['retention-short']);
    expect(v.retainedDays).toBe(5);
    expect(v.coverage).toBe(0.5);
  });

  it('fails gap for a hole longer than max-gap inside the window, and lists it', () => {
    const segs = hourly(11 * 24, 1).filter((s) => s.start < NOW - 50 * H || s.start >= NOW - 47 * H);
    const v = judge(segs);
    expect(v.reasons).toEqual(['gap']);
    expect(v.gaps).toEqual([{ start: NOW - 50 * H, end: NOW - 47 * H, seconds: 10_800 }]);
    expect(v.biggestGapSeconds).toBe(10_800);
  });

  it('allows a gap up to max-gap', () => {
    const segs = hourly(11 * 24, 1, (s) => ({ end: s.start + H - 240_000 }));
    const v = judge(segs);
    expect(v.verdict).toBe('pass');
    expect(v.biggestGapSeconds).toBe(240);
    expect(judge(segs, { ...policy, maxGapSeconds: 200 }).reasons).toEqual(['gap']);
  });

  it('does not count a gap outside the window', () => {
    const segs = hourly(15 * 24, 1).filter((s) => !(s.start > NOW - 13 * D && s.start < NOW - 12 * D));
    const v = judge(segs);
    expect(v.verdict).toBe('pass');
    expect(v.gaps).toEqual([]);
  });

  it('fails stale when the newest footage ended long ago', () => {
    const v = judge(hourly(11 * 24, 5));
    expect(v.reasons).toEqual(['stale']);
    expect(judge(hourly(11 * 24, 5), { ...policy, staleAfterSeconds: 5 * 3600 }).reasons).toEqual([]);
  });

  it('fails damaged for a damaged segment inside the window, warns for one outside', () => {
    const inside = judge(hourly(11 * 24, 1, (s) => (s.start === NOW - 30 * H ? { status: 'damaged', detail: 'moov atom not found' } : {})));
    expect(inside.reasons).toEqual(['gap', 'damaged']);
    expect(inside.damaged).toBe(1);
    expect(inside.problems).toEqual([{ path: 'seg-30.mp4', status: 'damaged', detail: 'moov atom not found' }]);
    const outside = judge(hourly(11 * 24, 1, (_s, i) => (i === 0 ? { status: 'damaged' } : {})));
    expect(outside.verdict).toBe('warn');
    expect(outside.reasons).toEqual([]);
    expect(noteText('en', outside.notes[0]!)).toMatch(/outside the window/);
  });

  it('reads the oldest readable segment, not the oldest file', () => {
    // 3 damaged segments at the start: the oldest readable one is 2 days younger than the oldest file
    const v = judge(hourly(10 * 24 + 2, 1, (_s, i) => (i < 3 ? { status: 'damaged' } : {})));
    expect(v.oldestStart).toBe(NOW - (10 * 24 - 1) * H);
    expect(v.reasons).toContain('retention-short');
  });

  it('lets the newest segment be incomplete (still being written)', () => {
    const v = judge(hourly(11 * 24, 0, (_s, i, all = 11 * 24) => (i === all ? { status: 'damaged' } : {})));
    expect(v.verdict).toBe('pass');
    expect(v.damaged).toBe(0);
  });

  it('reports probe timeouts, never as good footage', () => {
    const v = judge(hourly(11 * 24, 1, (s) => (s.start === NOW - 30 * H ? { status: 'timeout' } : {})));
    expect(v.timeouts).toBe(1);
    expect(v.reasons).toEqual(['gap']);
    expect(v.problems[0]!.status).toBe('probe-timeout');
  });

  it('fails no-segments for an empty channel', () => {
    const v = judge([]);
    expect(v.verdict).toBe('fail');
    expect(v.reasons).toEqual(['no-segments']);
    const allBad = judge(hourly(3, 1, () => ({ status: 'damaged' })));
    expect(allBad.reasons).toEqual(['no-segments', 'damaged']);
  });

  it('uses known ends (from names or probes) over the nominal length', () => {
    const segs = hourly(11 * 24, 1, (s) => ({ end: s.start + 20 * 60_000 }));
    const v = judge(segs);
    expect(v.reasons).toEqual(['gap']);
    expect(v.coverage).toBeCloseTo(1 / 3, 2);
  });

  it('caps the gaps it lists but counts the rest', () => {
    const segs = hourly(11 * 24, 1, (s) => ({ end: s.start + 30 * 60_000 }));
    const v = judgeChannel('cam', segs, policy, NOW, { nominalMs: H, maxGapsListed: 5 });
    expect(v.gaps).toHaveLength(5);
    expect(v.gapsNotListed).toBeGreaterThan(200);
  });

  it('keeps the default policy of design.md', () => {
    expect(DEFAULT_POLICY).toEqual({ retentionDays: 90, maxGapSeconds: 300, staleAfterSeconds: 3600 });
    expect(parseDuration('--max-gap', '5m')).toBe(300);
    expect(parseDuration('--max-gap', '90')).toBe(90);
    expect(parseDuration('--stale-after', '1.5h')).toBe(5400);
    expect(() => parseDuration('--max-gap', 'soon')).toThrow(/--max-gap: expected a duration/);
  });
});
