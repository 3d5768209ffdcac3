/**
 * Issue 21: monitoring that cannot stay silent. An archive whose footage is gone keeps its channels in the
 * output, failing; the watcher's counters start at 0 for every channel; two audits' files in one textfile
 * folder are read by node_exporter itself (Debian's prometheus-node-exporter, which .ci/run installs) without
 * a clash.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleArchive } from '../helpers/archive.ts';
import { vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const ARGS = ['--days', '10', '--now', '2026-11-28T08:00:00Z', '--tz', 'UTC', '--format', 'prometheus'];

function series(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`));
}

describe('an archive whose footage is gone', () => {
  let before: string;
  let after: { code: number; stdout: string };
  beforeAll(async () => {
    const { root } = sampleArchive('frigate');
    const db = join(tempDir(), 'i.db');
    before = (await vstorIn(['audit', `nvr-01=${root}`, '--db', db, ...ARGS])).stdout;
    // the disk is unmounted: the mount point stays, empty
    renameSync(join(root, 'recordings'), join(root, '..', 'away'));
    after = (await vstorIn(['audit', `nvr-01=${root}`, '--db', db, ...ARGS]));
  });

  it('keeps every channel it had, failing no-segments, and exits 1', async () => {
    expect(after.code).toBe(1);
    const compliant = series(after.stdout, 'vstor_channel_compliant');
    expect(compliant).toHaveLength(series(before, 'vstor_channel_compliant').length);
    expect(compliant.length).toBe(5);
    for (const line of compliant) expect(line).toMatch(/ 0$/);
    expect(series(after.stdout, 'vstor_channel_reason').filter((l) => l.includes('reason="no-segments"'))).toHaveLength(5);
    expect(after.stdout).toContain('vstor_channels{audit="nvr-01",verdict="fail"} 5');
  });

  it('writes the watcher\'s counters from 0 for every channel, so that the first event is a rise', () => {
    const zero = series(before, 'vstor_watch_events_total').filter((l) => l.includes('type="removed-early"'));
    expect(zero).toHaveLength(5);
    for (const line of zero) expect(line).toMatch(/ 0$/);
    expect(zero).toContain('vstor_watch_events_total{audit="nvr-01",recorder="nvr-01",channel="gate_north",type="removed-early"} 0');
  });
});

describe('two audits in one textfile folder', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    return port;
  }

  it('are read by node_exporter without a clash, each series told apart by its audit', async () => {
    const which = spawnSync('prometheus-node-exporter', ['--version'], { encoding: 'utf8' });
    if (which.error) throw new Error('prometheus-node-exporter could not run: install Debian\'s prometheus-node-exporter package, as .ci/run does');
    const a = sampleArchive('frigate').root;
    const dir = join(tempDir(), 'textfile');
    mkdirSync(dir);
    // two audits of one recorder (a nightly one and another): every series of the two would be the same
    // without the audit label
    writeFileSync(join(dir, 'a.prom'), (await vstorIn(['audit', a, '--db', join(tempDir(), 'a.db'), ...ARGS])).stdout);
    writeFileSync(join(dir, 'b.prom'), (await vstorIn(['audit', a, '--db', join(tempDir(), 'b.db'), ...ARGS, '--audit-name', 'night-b'])).stdout);
    const port = await freePort();
    const exporter = spawn('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    exporter.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      let body = '';
      for (let i = 0; i < 100 && !body; i++) {
        body = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text()).catch(() => '');
        if (!body) await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toContain('node_textfile_scrape_error 0');
      expect(log).not.toMatch(/collected before|error/i);
      expect(series(body, 'vstor_channels').filter((l) => l.includes('verdict="fail"')).sort()).toEqual(['vstor_channels{audit="archive",verdict="fail"} 3', 'vstor_channels{audit="night-b",verdict="fail"} 3']);
      expect(series(body, 'vstor_channel_compliant')).toHaveLength(10);
    } finally {
      exporter.kill();
    }
  });
});
