/**
 * `--lang zh` outputs say everything in Chinese (issue 11): a run of English words anywhere outside names,
 * paths, units and codes fails. And the HTML report's charts: labels that do not overlap, dates on the axes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { historySvg } from '../../src/report/audit/svg.ts';
import { sampleArchive, SAMPLE_NOW } from '../helpers/archive.ts';
import { vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

/** What may stay ASCII in a Chinese output: names, paths, times, units, codes. */
const ALLOWED = [
  /<style>[\s\S]*?<\/style>/g, // CSS
  /<[^>]+>/g, // markup
  /&[a-z]+;/g,
  /\S*\/\S*/g, // paths, bit/s, dates with slashes
  /\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?\b/g,
  /\.sources|\b(gate_north|lobby|parking|roof|dock|kunming-public-security|README\.txt|vstor|frigate|mediamtx|UTC|GB18030|h264|hevc|fps|MB|GB|TB|kB|KiB|MiB|GiB|TiB|bit|Mbit|kbit|Gbit|deep)\b/g,
  /\b\d+(\.\d+)?\s*(s|m|h|d|x\d+)\b/g, // durations, 1920x1080
];

function englishRuns(text: string): string[] {
  // Markdown's backslash escapes (gate\_north) are read as the reader sees them
  let rest = text.replace(/\\(.)/g, '$1');
  for (const re of ALLOWED) rest = rest.replace(re, ' ');
  return rest.match(/[A-Za-z]{2,}(?:[ ,;:()'-]+[A-Za-z]{2,})+|\b[A-Za-z]{4,}\b/g) ?? [];
}

let root: string;
let db: string;
beforeAll(async () => {
  root = sampleArchive('frigate').root;
  db = join(tempDir(), 'index.db');
});

const args = (...extra: string[]) => [root, '--db', db, '--now', SAMPLE_NOW, '--days', '10', '--tz', 'UTC', '--rule', 'kunming-public-security', '--lang', 'zh', ...extra];

describe('--lang zh', () => {
  it('prints the audit table and Markdown in Chinese only', async () => {
    for (const format of ['table', 'md']) {
      const r = (await vstorIn(['audit', ...args('--format', format)]));
      expect(r.stdout).toContain('录像存储时长核查');
      expect(englishRuns(r.stdout), format).toEqual([]);
    }
  });

  it('writes the HTML and Markdown reports, with history, in Chinese only', async () => {
    (await vstorIn(['audit', ...args('--quiet')]));
    for (const format of ['html', 'md']) {
      const out = join(tempDir(), `report.${format}`);
      (await vstorIn(['report', ...args('--format', format, '--out', out)]));
      const text = readFileSync(out, 'utf8');
      expect(text).toContain('视频录像存储时长合规报告');
      expect(englishRuns(text), format).toEqual([]);
    }
  });
});

describe('report charts', () => {
  it('keeps the labels of the history chart apart, with dates on its axis', async () => {
    // retained days just above the rule: the case where "90 d" and "92 d" were drawn on top of each other
    const points = [0, 1, 2].map((i) => ({ t: Date.parse('2026-11-20T00:00:00Z') + i * 86_400_000, days: 91.5 + i * 0.25 }));
    const svg = historySvg(points, 90, 'gate');
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="10" text-anchor="(\w+)"[^>]*>([^<]*)<\/text>/g)].map((m) => {
      const width = m[4]!.length * 6;
      const x = Number(m[1]);
      const from = m[3] === 'start' ? x : m[3] === 'end' ? x - width : x - width / 2;
      return { text: m[4]!, from, to: from + width, y: Number(m[2]) };
    });
    expect(labels.map((l) => l.text)).toEqual(['rule 90 d', '92 d', '2026-11-20', '2026-11-22']);
    for (const a of labels) for (const b of labels) if (a !== b) expect(Math.abs(a.y - b.y) >= 10 || a.to <= b.from || b.to <= a.from, `${a.text} / ${b.text}`).toBe(true);
  });
});
