/**
 * Issue 15, part 1: a fleet's audits merged as evidence. Three generated archives, each audited by its own
 * "node" (VSTOR_HOST) and signed with its own key: one document is altered after signing, one is stale,
 * one recorder lacks a channel the fleet file expects; a fourth node reports the third recorder again, and
 * a recorder in the fleet file sent nothing at all.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/fleet/canonical.ts';
import { parseFleetFile } from '../../src/fleet/fleet-file.ts';
import { VERSION } from '../../src/version.ts';
import { MIGRATIONS } from '../../src/index/migrations.ts';
import { sampleArchive } from '../helpers/archive.ts';
import { ROOT, vstor, vstorIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/media.ts';

const T = '2026-11-28T08:00:00Z';
const CHANNELS = ['dock', 'gate_north', 'lobby', 'parking', 'roof'];

describe('vstor merge', () => {
  const dir = tempDir('vstor-fleet-');
  const docs = join(dir, 'docs');
  const keys = join(dir, 'keys');
  const fleetFile = join(dir, 'fleet.yaml');
  // the CLI's main() in this process (vstorIn): the nodes' audits and the merges are what is tested, not a process
  const audit = async (host: string, recorder: string, root: string, now: string, key: string, out: string) => {
    const r = await vstorIn(['audit', `${recorder}=${root}`, '--db', join(dir, `${host}.db`), '--days', '10', '--now', now, '--tz', 'UTC', '--json', '--sign-key', join(dir, `${key}.pem`), '--out', join(docs, out)], { VSTOR_HOST: host });
    expect(r.code, r.stderr).toBe(1);
  };
  // the nodes audit by a 10-day rule, and the fleet holds them to it
  const merge = (extra: string[] = []) => vstorIn(['merge', docs, '--fleet', fleetFile, '--now', '2026-11-28T09:00:00Z', '--trust', keys, '--days', '10', ...extra]);

  beforeAll(async () => {
    spawnSync('mkdir', ['-p', docs, keys]);
    for (const k of ['a', 'b', 'c']) {
      expect((await vstorIn(['keygen', join(dir, `${k}.pem`)])).code).toBe(0);
      writeFileSync(join(keys, `${k}.pub`), readFileSync(join(dir, `${k}.pem.pub`)));
    }
    const [a, b, c] = [sampleArchive('frigate').root, sampleArchive('frigate').root, sampleArchive('frigate').root];
    await audit('node-a', 'nvr-a', a, T, 'a', 'a.json');
    // node b's newest audit is two days old
    await audit('node-b', 'nvr-b', b, '2026-11-26T08:00:00Z', 'b', 'b.json');
    await audit('node-c', 'nvr-c', c, T, 'c', 'c.json');
    // another node reports nvr-c too (a misconfigured copy), an hour earlier
    await audit('node-d', 'nvr-c', c, '2026-11-28T07:00:00Z', 'c', 'd.json');
    // after signing, someone turns nvr-a's failing lobby into a pass
    const altered = JSON.parse(readFileSync(join(docs, 'a.json'), 'utf8'));
    const lobby = altered.channels.find((x: { channel: string }) => x.channel === 'lobby');
    expect(lobby.verdict).toBe('fail');
    lobby.verdict = 'pass';
    lobby.reasons = [];
    writeFileSync(join(docs, 'a.json'), JSON.stringify(altered, null, 2));
    writeFileSync(
      fleetFile,
      ['recorders:', ...['nvr-a', 'nvr-b'].map((n) => `  - { name: ${n}, channels: [${CHANNELS.join(', ')}] }`), `  - { name: nvr-c, channels: [${CHANNELS.join(', ')}, north_gate2] }`, '  - { name: nvr-e, channels: 2 }'].join('\n'),
    );
  });

  it('writes who made each document, with a digest and a signature that verify', async () => {
    const doc = JSON.parse(readFileSync(join(docs, 'c.json'), 'utf8'));
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(doc.producer).toMatchObject({ host: 'node-c', vstor: VERSION, indexSchema: MIGRATIONS.length, recorders: ['nvr-c'], rules: [] });
    expect(doc.integrity.canonical).toBe('vstor-jcs/1');
    expect(doc.integrity.signature.algorithm).toBe('ed25519');
    const ok = (await vstorIn(['verify', join(docs, 'c.json'), join(docs, 'b.json'), '--trust', keys]));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/c\.json: ok: digest ok, signed by [0-9a-f]{16} \(valid\)/);
    const bad = (await vstorIn(['verify', join(docs, 'a.json'), '--trust', keys]));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('a.json: NOT OK: digest altered');
    // the same bytes a reader canonicalizes are the ones the signature covers: reordering keys changes nothing
    const c = JSON.parse(readFileSync(join(docs, 'c.json'), 'utf8'));
    const reordered = join(dir, 'reordered.json');
    writeFileSync(reordered, JSON.stringify(Object.fromEntries(Object.entries(c).reverse())));
    expect(canonicalJson(JSON.parse(readFileSync(reordered, 'utf8')))).toBe(canonicalJson(c));
    expect((await vstorIn(['verify', reordered, '--trust', keys])).code).toBe(0);
  });

  it('accounts for every recorder: altered rejected, stale and silent ones failing, expected channels missing', async () => {
    const r = await merge(['--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.json: rejected: altered');
    const fleet = JSON.parse(r.stdout);
    expect(fleet.schema).toBe('vstor.fleet/1');
    const rows = fleet.channels.map((c: { recorder: string; channel: string; verdict: string; reasons: string[] }) => `${c.recorder}/${c.channel} ${c.verdict} ${c.reasons.join(',')}`);
    expect(rows).toEqual([
      // nvr-a's only document was altered: rejected, so the fleet file's channels have no evidence
      ...CHANNELS.map((c) => `nvr-a/${c} fail no-evidence`),
      // nvr-b's audit is 49 h old, over the 36 h allowed
      ...CHANNELS.map((c) => `nvr-b/${c} fail no-evidence`),
      // nvr-c: its own verdicts, and the channel the fleet expects that it does not have
      'nvr-c/dock warn ',
      'nvr-c/gate_north pass ',
      'nvr-c/lobby fail retention-short',
      'nvr-c/parking fail gap',
      'nvr-c/roof fail stale',
      'nvr-c/north_gate2 fail no-segments',
      // nvr-e sent nothing; the fleet file gives only a count
      'nvr-e/#1 fail no-evidence',
      'nvr-e/#2 fail no-evidence',
    ]);
    expect(fleet.summary).toEqual({ channels: 18, pass: 1, warn: 1, fail: 16, pending: 0, unverified: 0 });
    // compliant: nvr-c's dock and gate_north = 2 / 18; good order: nvr-c's dock, gate_north, lobby, parking
    // (retention short and a gap are not broken devices; stale, no segments, no evidence are) = 4 / 18
    expect(fleet.indicators.map((i: { key: string; numerator: number; denominator: number; value: number }) => [i.key, i.numerator, i.denominator, i.value])).toEqual([
      ['storageCompliance', 2, 18, 11.11],
      ['deviceGoodOrder', 4, 18, 22.22],
    ]);
    const byRecorder = Object.fromEntries(fleet.fleet.recorders.map((x: { recorder: string; status: string; host: string | null; indicators: { value: number }[] }) => [x.recorder, [x.status, x.host, x.indicators.map((i) => i.value)]]));
    expect(byRecorder).toEqual({
      'nvr-a': ['no-evidence', null, [0, 0]],
      'nvr-b': ['stale', 'node-b', [0, 0]],
      'nvr-c': ['ok', 'node-c', [33.33, 66.67]],
      'nvr-e': ['no-evidence', null, [0, 0]],
    });
    const status = Object.fromEntries(fleet.fleet.documents.map((d: { file: string; status: string }) => [d.file.split('/').pop(), d.status]));
    expect(status).toEqual({ 'a.json': 'rejected', 'b.json': 'stale', 'c.json': 'used', 'd.json': 'superseded' });
    // node-d reported nvr-c's channels too: flagged, counted once
    expect(fleet.fleet.duplicates).toHaveLength(5);
    expect(fleet.fleet.duplicates[0]).toEqual({ recorder: 'nvr-c', channel: 'dock', documents: [join(docs, 'c.json'), join(docs, 'd.json')] });
    expect(fleet.scan.problems.some((p: string) => p.includes('reported by documents from two hosts: counted once'))).toBe(true);
    // the fleet document carries its own digest
    expect(vstor(['verify', '-'], {}).code).toBe(2);
    const out = join(dir, 'fleet.json');
    writeFileSync(out, r.stdout);
    expect((await vstorIn(['verify', out])).stdout).toContain('fleet.json: ok: digest ok, unsigned');
  });

  it('without trusted keys still refuses an altered document; with them refuses an unsigned one', async () => {
    const untrusted = (await vstorIn(['merge', docs, '--fleet', fleetFile, '--now', '2026-11-28T09:00:00Z', '--days', '10', '--json']));
    expect(JSON.parse(untrusted.stdout).fleet.documents.find((d: { file: string }) => d.file.endsWith('a.json')).status).toBe('rejected');
    const lone = join(dir, 'unsigned');
    spawnSync('mkdir', ['-p', lone]);
    const root = sampleArchive('frigate').root;
    (await vstorIn(['audit', `nvr-u=${root}`, '--db', join(dir, 'u.db'), '--days', '10', '--now', T, '--tz', 'UTC', '--json', '--out', join(lone, 'u.json')]));
    const withTrust = (await vstorIn(['merge', lone, '--now', '2026-11-28T09:00:00Z', '--trust', keys, '--days', '10', '--json']));
    expect(withTrust.stderr).toContain('u.json: rejected: not signed');
    const doc = JSON.parse(withTrust.stdout);
    // a rejected document's recorder does not vanish (issue 20): its channels fail no-evidence
    expect(doc.fleet.recorders.map((r: { recorder: string; status: string }) => [r.recorder, r.status])).toEqual([['nvr-u', 'no-evidence']]);
    expect(doc.summary).toMatchObject({ channels: 5, fail: 5, pass: 0 });
    expect(withTrust.code).toBe(1);
    const without = JSON.parse((await vstorIn(['merge', lone, '--now', '2026-11-28T09:00:00Z', '--days', '10', '--json'])).stdout);
    expect(without.fleet.documents[0].status).toBe('used');
    expect(without.summary.channels).toBe(5);
  });

  it('renders the fleet as a table, Prometheus that promtool accepts, and JUnit', async () => {
    const table = await merge();
    expect(table.stdout).toContain('Fleet evidence');
    expect(table.stdout).toMatch(/nvr-b: STALE audit by node-b, 49 h old \(.*b\.json\); 5 channels: 0 pass, 0 warn, 5 fail/);
    expect(table.stdout).toContain('nvr-e: NO audit; 2 channels: 0 pass, 0 warn, 2 fail');
    const prom = (await merge(['--format', 'prometheus'])).stdout;
    expect(prom).toContain('vstor_channel_reason{audit="fleet",recorder="nvr-e",channel="#1",rule="default",reason="no-evidence"} 1');
    // each recorder's evidence and indicators, for alerts on a recorder that went silent
    expect(prom).toContain('vstor_recorder_evidence_ok{audit="fleet",recorder="nvr-e"} 0');
    expect(prom).toContain('vstor_recorder_evidence_ok{audit="fleet",recorder="nvr-b"} 0');
    expect(prom).not.toContain('vstor_recorder_evidence_timestamp_seconds{audit="fleet",recorder="nvr-e"}');
    expect(prom).toMatch(/vstor_recorder_indicator_ratio\{audit="fleet",recorder="nvr-e",indicator="[a-zA-Z]+"\} 0\n/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: prom, encoding: 'utf8', cwd: ROOT });
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(XMLValidator.validate((await merge(['--format', 'junit'])).stdout)).toBe(true);
    const zh = (await vstorIn(['merge', docs, '--fleet', fleetFile, '--now', '2026-11-28T09:00:00Z', '--days', '10', '--lang', 'zh'])).stdout;
    expect(zh).toContain('nvr-e：无核查结果');
  });

  it('reads the sample fleet file', async () => {
    const recorders = parseFleetFile(readFileSync(join(ROOT, 'samples', 'fleet', 'fleet.yaml'), 'utf8'), 'samples/fleet/fleet.yaml');
    expect(recorders.map((r) => [r.name, r.channels?.length ?? r.count])).toEqual([
      ['nvr-01', 5],
      ['nvr-02', 64],
      ['storage-03', 4],
    ]);
  });

  it('refuses bad input with one line', async () => {
    expect((await vstorIn(['merge', join(dir, 'nothing-here')])).stderr.trim()).toBe(`vstor: ${join(dir, 'nothing-here')}: no such file or folder; expected vstor.audit/1 JSON documents or a folder of them`);
    writeFileSync(join(dir, 'bad-fleet.yaml'), 'recorders:\n  - { name: nvr-a, channels: lots }\n');
    const bad = (await vstorIn(['merge', docs, '--fleet', join(dir, 'bad-fleet.yaml')]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-fleet.yaml:2 recorders[0].channels: expected a whole number of at least 1, got "lots"');
    expect((await vstorIn(['merge', docs, '--trust', join(dir, 'a.pem.pub'), '--max-age', 'soon'])).code).toBe(2);
    expect((await vstorIn(['keygen', join(dir, 'a.pem')])).stderr.trim()).toBe(`vstor: ${join(dir, 'a.pem')}: exists; a key is never overwritten`);
    expect((await vstorIn(['audit', '.', '--sign-key', join(dir, 'a.pem')])).stderr.trim()).toBe('vstor: --sign-key: signs the JSON document; expected --json or --format json');
    writeFileSync(join(dir, 'rsa.pem'), spawnSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], { encoding: 'utf8' }).stdout);
    expect((await vstorIn(['audit', '.', '--json', '--sign-key', join(dir, 'rsa.pem')])).stderr.trim()).toBe(`vstor: --sign-key ${join(dir, 'rsa.pem')}: a rsa key; expected an Ed25519 key`);
  });
});
