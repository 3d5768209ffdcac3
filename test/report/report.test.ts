import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators, seedScore } from '../../src/audit/indicators.ts';
import { sampleArchive } from '../helpers/archive.ts';
import { vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

describe("the seed's indicators", () => {
  it('scores completion/target as the seed says', async () => {
    expect(seedScore(100, 100)).toBe(1);
    expect(seedScore(80, 100)).toBe(0.8);
    expect(seedScore(0, 100)).toBe(0);
    expect(seedScore(140, 100)).toBe(1); // 20 < target <= 100: full up to 1.5x
    expect(seedScore(180, 100)).toBeCloseTo(1.5 / 1.8);
    expect(seedScore(30, 10)).toBeCloseTo(2 / 3); // target <= 20: full up to 2x
    expect(seedScore(1100, 1000)).toBe(1); // target > 100: full up to 1.2x
  });

  it('counts compliant and good-order channels', async () => {
    const ind = computeIndicators([
      { verdict: 'pass', reasons: [] },
      { verdict: 'warn', reasons: [] },
      { verdict: 'pending', reasons: [] },
      { verdict: 'fail', reasons: ['retention-short'] },
      { verdict: 'fail', reasons: ['stale'] },
    ]);
    expect(ind).toEqual([
      { key: 'storageCompliance', numerator: 3, denominator: 5, value: 60, target: 100, score: 0.6 },
      { key: 'deviceGoodOrder', numerator: 4, denominator: 5, value: 80, target: 100, score: 0.8 },
    ]);
  });
});

describe('reports, history and machine formats on a sample archive', () => {
  let root: string;
  let db: string;
  const args = (now: string) => ['--db', db, '--days', '10', '--now', now, '--tz', 'UTC'];
  beforeAll(async () => {
    root = sampleArchive('frigate').root;
    db = join(tempDir(), 'index.db');
    // two nightly audits, a day apart
    expect((await vstorIn(['audit', root, ...args('2026-11-27T08:00:00Z'), '--quiet'])).code).toBe(1);
    expect((await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--quiet'])).code).toBe(1);
  });

  it('keeps every audit in the index: vstor history', async () => {
    const r = (await vstorIn(['history', '--db', db, '--channel', 'gate_north', '--json']));
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).rows;
    expect(rows.map((x: { now: string; retainedDays: number }) => [x.now, x.retainedDays])).toEqual([
      ['2026-11-27T08:00:00.000Z', 11],
      ['2026-11-28T08:00:00.000Z', 12],
    ]);
    const since = JSON.parse((await vstorIn(['history', '--db', db, '--since', '2026-11-28', '--json'])).stdout).rows;
    expect(since).toHaveLength(5);
    expect((await vstorIn(['history', '--db', db])).stdout).toMatch(/2026-11-27 08:00 │ gate_north/);
    expect((await vstorIn(['history', '--db', db, '--since', 'someday'])).code).toBe(2);
  });

  it('puts the indicators in the JSON document', async () => {
    const doc = JSON.parse((await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--json'])).stdout);
    // pass gate_north, warn dock, fail lobby (retention), parking (gap), roof (stale)
    expect(doc.indicators).toEqual([
      { key: 'storageCompliance', numerator: 2, denominator: 5, value: 40, target: 100, score: 0.4 },
      { key: 'deviceGoodOrder', numerator: 4, denominator: 5, value: 80, target: 100, score: 0.8 },
    ]);
    expect(doc.channels[0].daily.covered).toHaveLength(10);
  });

  it('writes a self-contained HTML report with one timeline a channel and history charts', async () => {
    const out = join(tempDir(), 'report.html');
    const r = (await vstorIn(['report', root, ...args('2026-11-28T08:00:00Z'), '--out', out]));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5 channels: 1 pass, 1 warn, 3 fail, 0 pending');
    const html = readFileSync(out, 'utf8');
    for (const ch of ['gate_north', 'lobby', 'parking', 'roof', 'dock']) expect(html).toContain(`<h3>${ch} — `);
    expect(html.match(/<svg class="timeline"/g)).toHaveLength(5);
    expect(html.match(/<svg class="history"/g)!.length).toBe(5);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:/);
    expect(html).toContain('Storage-time compliance rate: 40% (2/5)');
    expect(html).toContain('@media print');
    const lobby = html.slice(html.indexOf('<h3>lobby'));
    // lobby keeps 3 of 10 days: the first 7 cells are before its oldest footage (not holes), the newest recorded
    const cells = [...lobby.slice(0, lobby.indexOf('</svg>')).matchAll(/<rect [^>]*fill="(#[0-9a-f]+)"/g)].map((m) => m[1]);
    expect(cells.slice(0, 6)).toEqual(Array(6).fill('#9e9e9e'));
    expect(html).toContain('@page{size:A4');
    // the history chart has a y scale
    expect(html).toMatch(/<text class="y-scale"[^>]*>\d+ d<\/text>/);
    expect(cells.at(-1)).toBe('#2e7d32');
  });

  it('writes the report in Chinese with --lang zh, and as Markdown', async () => {
    const out = join(tempDir(), 'report.html');
    (await vstorIn(['report', root, ...args('2026-11-28T08:00:00Z'), '--out', out, '--lang', 'zh']));
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('监控数据存储时间达标率：40%（2/5）');
    expect(html).toContain('视频监控设备完好率：80%（4/5）');
    // times as the recorders' clocks read them, durations and counts in Chinese
    expect(html).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(html).toContain('核查时间: 2026-11-28 08:00 (UTC)');
    expect(html).toContain('(6小时)');
    expect(html).not.toMatch(/\(\d+ s\)|\b\d+[hm]\b|seeds\//);
    const history = (await vstorIn(['history', '--db', db, '--lang', 'zh'])).stdout;
    expect(history).toMatch(/共 \d+ 条/);
    expect(history).not.toMatch(/\brows\b/);
    const md = join(tempDir(), 'report.md');
    (await vstorIn(['report', root, ...args('2026-11-28T08:00:00Z'), '--out', md, '--format', 'md']));
    expect(readFileSync(md, 'utf8')).toMatch(/^# Video retention compliance report/);
  });

  it('writes valid Prometheus exposition text', async () => {
    const out = join(tempDir(), 'vstor.prom');
    (await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--format', 'prometheus', '--out', out]));
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const sample = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? -?(\d+(\.\d+)?(e[+-]?\d+)?|NaN)$/;
    for (const line of lines) {
      if (line.startsWith('#')) expect(line).toMatch(/^# (HELP|TYPE) [a-z_]+ .+$/);
      else expect(line).toMatch(sample);
    }
    // every channel series names its recorder (the root, when no NAME=PATH named it)
    expect(lines).toContain(`vstor_channel_compliant{audit="archive",recorder="archive",path="${root}",channel="lobby",rule="default"} 0`);
    // 12 days in seconds, the base unit: 12 x 86400
    expect(lines).toContain(`vstor_channel_retained_seconds{audit="archive",recorder="archive",path="${root}",channel="gate_north",rule="default"} 1036800`);
    expect(lines).toContain(`vstor_channel_reason{audit="archive",recorder="archive",path="${root}",channel="lobby",rule="default",reason="retention-short"} 1`);
    expect(lines).toContain('vstor_channels{audit="archive",verdict="fail"} 3');
    expect(lines).toContain('vstor_indicator_ratio{audit="archive",indicator="storageCompliance"} 0.4');
  });

  it('writes valid JUnit XML with one test case a channel', async () => {
    const r = (await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--format', 'junit']));
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(5);
    expect(doc.testsuites['@_failures']).toBe('3');
    const lobby = cases.find((c: Record<string, unknown>) => c['@_name'] === 'lobby');
    expect(lobby.failure['@_message']).toBe('retention-short');
    // lines are lines (no literal \x0a), and one gap is "1 gap"
    const parking = cases.find((c: Record<string, unknown>) => c['@_name'] === 'parking');
    expect(parking.failure['#text']).toMatch(/, 1 gap, /);
    const dock = cases.find((c: Record<string, unknown>) => c['@_name'] === 'dock');
    expect(dock['system-out'].split('\n').length).toBeGreaterThan(1);
    expect(r.stdout).not.toContain('\\x0a');
  });

  it('prints nothing with --quiet when every channel passes, and exits 0', async () => {
    const r = (await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--quiet', '--channel', 'gate_north']));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('closes the loop: plan --from-audit says how long the storage lasts at measured bitrates', async () => {
    (await vstorIn(['audit', root, ...args('2026-11-28T08:00:00Z'), '--quiet']));
    const r = (await vstorIn(['plan', '--from-audit', '--db', db, '--capacity', '1GB', '--bitrate', '10bps', '--json']));
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('vstor.plan-from-audit/1');
    expect(doc.channels).toHaveLength(5);
    expect(doc.abovePlan.sort()).toEqual(['dock', 'gate_north', 'lobby', 'parking', 'roof']);
    expect(doc.daysHeld).toBeGreaterThan(400);
    expect(doc.fits).toBe(true);
    const short = (await vstorIn(['plan', '--from-audit', '--db', db, '--capacity', '1MB', '--days', '90']));
    expect(short.code).toBe(1);
    expect((await vstorIn(['plan', '--from-audit', '--db', join(tempDir(), 'empty.db')])).stderr).toMatch(/holds no audit yet/);
  });
});
