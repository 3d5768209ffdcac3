/**
 * Issue 15, part 2: vstor's metrics pass promtool's own checks, the sample alerting rules pass
 * `promtool test rules`, and the Grafana dashboard is a well-formed dashboard model over metrics vstor
 * really writes. promtool is Debian's `prometheus` package (`.ci/run` installs it when missing).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleArchive } from '../helpers/archive.ts';
import { ROOT, vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

function promtool(args: string[], input?: string) {
  const r = spawnSync('promtool', args, { encoding: 'utf8', input, cwd: ROOT });
  if (r.error) throw new Error(`promtool could not run (${(r.error as NodeJS.ErrnoException).code}): install Debian's prometheus package (apt-get install prometheus), as .ci/run does`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('Prometheus output', () => {
  let root: string;
  let db: string;
  let text: string;
  const args = () => ['--db', db, '--days', '10', '--now', '2026-11-28T08:00:00Z', '--tz', 'UTC', '--format', 'prometheus'];
  beforeAll(async () => {
    root = sampleArchive('frigate').root;
    db = join(tempDir(), 'index.db');
    expect((await vstorIn(['audit', root, ...args(), '--quiet'])).code).toBe(1);
    // what a watcher on this index would have written: two early removals on gate_north
    const index = new Database(db);
    const insert = index.prepare('INSERT INTO events (at_ms, type, recorder, channel, path, start_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const at of [1, 2]) insert.run(Date.parse('2026-11-27T10:00:00Z') + at, 'removed-early', root, 'gate_north', `${root}/x${at}.mp4`, 0, null);
    index.close();
    text = (await vstorIn(['audit', root, ...args()])).stdout;
  });

  it('passes promtool check metrics', async () => {
    const r = promtool(['check', 'metrics'], text);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes the renamed metrics in seconds, and the old names only when asked, where promtool rejects them', async () => {
    expect(text).toContain('# TYPE vstor_channel_retained_seconds gauge');
    expect(text).toContain('# TYPE vstor_retention_required_seconds gauge');
    expect(text).not.toContain('vstor_channel_retained_days');
    const old = (await vstorIn(['audit', root, ...args(), '--deprecated-metrics'])).stdout;
    expect(old).toContain('# HELP vstor_channel_retained_days DEPRECATED: use vstor_channel_retained_seconds');
    const r = promtool(['check', 'metrics'], old);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('vstor_channel_retained_days use base unit "seconds" instead of "days"');
  });

  it('exports what the watcher saw as a counter', async () => {
    expect(text).toContain('# TYPE vstor_watch_events_total counter');
    expect(text).toContain(`vstor_watch_events_total{audit="archive",recorder="archive",path="${root}",channel="gate_north",type="removed-early"} 2`);
    const doc = JSON.parse((await vstorIn(['audit', root, ...args().slice(0, -2), '--json'])).stdout);
    expect(doc.watchEvents).toEqual([{ type: 'removed-early', recorder: root, channel: 'gate_north', count: 2, lastAt: '2026-11-27T10:00:00.002Z' }]);
  });
});

describe('sample alerting rules', () => {
  it('pass promtool check rules and the unit tests in test/prometheus', async () => {
    const check = promtool(['check', 'rules', 'samples/prometheus/vstor-rules.yml']);
    expect(check.out).toContain('SUCCESS: 9 rules found');
    const test = promtool(['test', 'rules', 'test/prometheus/vstor-rules.test.yml']);
    expect(test.out).toContain('SUCCESS');
    expect(test.code).toBe(0);
  });

  it('a rule test that expects the wrong channel fails (the tests can fail)', async () => {
    const wrong = readFileSync(join(ROOT, 'test/prometheus/vstor-rules.test.yml'), 'utf8')
      .replace('../../samples/', join(ROOT, 'samples') + '/')
      .replace('channel: gate, type: removed-early', 'channel: dock, type: removed-early');
    const file = join(tempDir(), 'wrong.test.yml');
    writeFileSync(file, wrong);
    const r = promtool(['test', 'rules', file]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('FAILED');
  });
});

describe('sample Grafana dashboard', () => {
  interface Target {
    expr: string;
    refId: string;
    datasource: { uid: string };
  }
  interface Panel {
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: string; uid: string };
    targets: Target[];
  }
  const dash = JSON.parse(readFileSync(join(ROOT, 'samples/grafana/vstor.json'), 'utf8')) as {
    uid: string;
    title: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: { query: string } | string }[] };
    __inputs?: unknown;
  };

  it('is a dashboard model Grafana imports and provisions from a file: a datasource variable, uid, schema version, panels that tile a 24-column grid', async () => {
    expect(dash.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dash.schemaVersion).toBeGreaterThanOrEqual(36);
    // `__inputs` and ${DS_...} are filled in only by the UI's import: a provisioned file keeps them literally (grafana/grafana#10786)
    expect(dash.__inputs).toBeUndefined();
    expect(readFileSync(join(ROOT, 'samples/grafana/vstor.json'), 'utf8')).not.toMatch(/\$\{DS_/);
    expect(dash.templating.list[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of dash.panels) {
      expect(['stat', 'bargauge', 'timeseries', 'table']).toContain(p.type);
      const g = p.gridPos;
      expect(g.x >= 0 && g.w > 0 && g.x + g.w <= 24 && g.h > 0, p.title).toBe(true);
      for (let x = g.x; x < g.x + g.w; x++) {
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps another panel at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets) if (/vstor_channel_/.test(t.expr)) expect(t.expr, `${p.title} follows the recorder chosen`).toContain('$recorder');
      const refs = p.targets.map((t) => t.refId);
      expect(new Set(refs).size, p.title).toBe(refs.length);
    }
  });

  it('queries only metrics vstor writes, and variables it defines', async () => {
    const root = sampleArchive('frigate').root;
    const out = (await vstorIn(['audit', root, '--db', join(tempDir(), 'i.db'), '--days', '10', '--now', '2026-11-28T08:00:00Z', '--tz', 'UTC', '--format', 'prometheus'])).stdout;
    const written = new Set([...out.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const vars = new Set(dash.templating.list.map((v) => v.name));
    const queries = dash.templating.list.filter((v) => v.type === 'query').map((v) => (v.query as { query: string }).query);
    const exprs = [...dash.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...queries];
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) {
      const metrics = [...expr.matchAll(/\b(vstor_[a-z_]+)/g)].map((m) => m[1]!);
      expect(metrics.length, expr).toBeGreaterThan(0);
      for (const m of metrics) expect(written.has(m), `${m} in "${expr}" is not a metric vstor writes`).toBe(true);
      for (const v of expr.matchAll(/\$(\w+)/g)) expect(vars.has(v[1]!), `$${v[1]} in "${expr}"`).toBe(true);
    }
  });
});
