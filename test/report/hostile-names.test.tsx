/**
 * Terminal and markup injection (issue 11): channel folders named to attack whoever reads the output, the
 * same names through every output format. Each format shows what is there and lets nothing act: no raw
 * escape or bidi character, no live HTML or Markdown, no spreadsheet formula; JSON keeps the names exact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../cli/tui/App.tsx';
import { ClipShelf, continuous, writeRecordings } from '../../src/samples/recorder.ts';
import { vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const H = 3_600_000;
const NOW = Date.parse('2026-11-28T08:00:00Z');

const HOSTILE = [
  'title\u001b]0;pwned\u0007', // sets the terminal's title
  'clear\u001b[2J\u001b[H', // clears the screen
  '<img src=x onerror=alert(1)>', // runs in an HTML or Markdown viewer
  '\u202egnp.exe', // reads as "exe.png"
  "=cmd|' /C calc'!A0", // a spreadsheet formula
  'two\nlines', // breaks lines, rows, and Prometheus samples
  'back\\slash"quote',
];

/** Raw characters no format may print. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let root: string;
let db: string;
beforeAll(async () => {
  root = join(tempDir(), 'archive');
  const shelf = new ClipShelf(join(tempDir(), 'clips'));
  for (const name of [...HOSTILE, 'gate']) writeRecordings(root, 'mediamtx', 'UTC', name, continuous(NOW - 3 * 24 * H, NOW, H), shelf);
  db = join(tempDir(), 'index.db');
});

const run = (...extra: string[]) => vstorIn(['audit', root, '--db', db, '--now', new Date(NOW).toISOString(), '--days', '2', '--tz', 'UTC', '--layout', 'mediamtx', ...extra]);

describe('hostile channel names', () => {
  it('are kept exact in JSON', async () => {
    const doc = JSON.parse((await run('--json')).stdout);
    expect(doc.channels.map((c: { channel: string }) => c.channel).sort()).toEqual([...HOSTILE, 'gate'].sort());
  });

  it.each(['table', 'md', 'csv', 'prometheus', 'junit'])('are shown, never acted on, in --format %s', async (format) => {
    const out = (await run('--format', format)).stdout;
    expect(out).not.toMatch(RAW);
    // what a reader sees once the format's own escapes are read (Markdown's and Prometheus's backslashes)
    const seen = format === 'md' || format === 'prometheus' ? out.replace(/\\(.)/g, '$1') : out;
    expect(seen).toContain('title\\x1b]0;pwned\\x07');
    expect(seen).toContain('\\u{202e}gnp.exe');
    // a Markdown viewer renders `\<img` as text; only an unescaped one is live HTML
    if (format === 'md') expect(out).not.toMatch(/(^|[^\\])<img/m);
    if (format === 'junit') expect(out).not.toContain('<img');
    if (format === 'csv') {
      const rows = out.trim().split('\n');
      expect(rows).toHaveLength(HOSTILE.length + 2);
      expect(rows.some((r) => r.startsWith("\"'=cmd|' /C calc'!A0\"") || r.startsWith("'=cmd"))).toBe(true);
    }
    if (format === 'prometheus') for (const line of out.trim().split('\n')) expect(line).toMatch(/^(#|vstor_)/);
  });

  it('are shown, never acted on, in the HTML and Markdown reports with history, and in vstor history', async () => {
    for (let i = 0; i < 2; i++) await run('--quiet');
    for (const format of ['html', 'md']) {
      const file = join(tempDir(), `report.${format}`);
      expect((await vstorIn(['report', root, '--db', db, '--now', new Date(NOW).toISOString(), '--days', '2', '--tz', 'UTC', '--layout', 'mediamtx', '--format', format, '--out', file])).code).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text, format).not.toMatch(RAW);
      expect(text, format).not.toMatch(/(^|[^\\])<img/m);
      expect(text, format).toContain(format === 'html' ? '&lt;img src=x onerror=alert(1)&gt;' : '\\<img src=x onerror=alert(1)\\>');
    }
    const history = (await vstorIn(['history', '--db', db])).stdout;
    expect(history).not.toMatch(RAW);
    expect(history).toContain('clear\\x1b[2J\\x1b[H');
  });

  it('are shown, never acted on, in the terminal UI', async () => {
    const rows = HOSTILE.map((channel) => ({ channel, verdict: 'pass' as const, retainedDays: 3, coverage: 1, biggestGapSeconds: 0, damaged: 0, bitrateBps: 1000, reasons: [], warnings: [], gaps: [], daily: { covered: [1], damaged: [0] } }));
    const app = render(<App rows={rows} header={{ days: 2, maxGapSeconds: 300, now: NOW }} color={false} onQuit={() => {}} onRescan={() => {}} size={{ columns: 120, rows: 30 }} />);
    for (let i = 0; i < 100 && !(app.lastFrame() ?? '').includes('gnp'); i++) await new Promise((r) => setTimeout(r, 30));
    const frame = app.lastFrame()!;
    expect(frame).toContain('\\u{202e}gnp.exe');
    expect(frame).not.toMatch(RAW);
    app.unmount();
  });
});
