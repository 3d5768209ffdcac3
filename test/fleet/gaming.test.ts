/**
 * Evidence that cannot be gamed (issue 20, items 2-6): the merge is pure, so documents are made here as a
 * node's audit reads back (fleet/document.ts), with the integrity check the CLI would have made of them.
 * The CLI path with real signed documents is test/fleet/merge.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { AuditedChannel, AuditResult } from '../../src/app/audit.ts';
import { emptyVerdict, settleVerdict, type Reason } from '../../src/audit/verdict.ts';
import { mergeEvidence, type Evidence, type MergeOptions } from '../../src/fleet/merge.ts';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-28T09:00:00Z');

interface Ch {
  name: string;
  days: number;
  reasons?: Reason[];
}

function doc(file: string, recorder: string, at: number, channels: Ch[], o: { key?: string; ruleDays?: number; altered?: boolean; host?: string } = {}): Evidence {
  const policyDays = o.ruleDays ?? 90;
  const rows: AuditedChannel[] = channels.map((c) => {
    const reasons: Reason[] = [...(c.reasons ?? []), ...(c.days < policyDays ? (['retention-short'] as const) : [])];
    return settleVerdict({ ...emptyVerdict(c.name), oldestStart: at - c.days * D, newestEnd: at, retainedDays: c.days, coverage: 1, reasons, recorder } as AuditedChannel) as AuditedChannel;
  });
  const result = {
    now: at,
    policy: { retentionDays: policyDays, maxGapSeconds: 300, staleAfterSeconds: 3600 },
    layouts: ['frigate'],
    scans: [],
    recorders: [recorder],
    channels: rows,
    skipped: { files: 0, examples: [] },
    probed: 0,
    probeErrors: { count: 0 },
    problems: [],
    summary: { channels: rows.length, pass: 0, warn: 0, fail: 0, pending: 0, unverified: 0 },
    indicators: [],
    watchEvents: [],
    durationMs: 0,
  } as AuditResult;
  return {
    file,
    read: { result, producer: { host: o.host ?? `host-${recorder}`, vstor: '0.3.0', indexSchema: 8, recorders: [recorder], rules: [], generatedAt: new Date(at).toISOString() } },
    check: o.altered ? { digest: 'altered', signature: 'invalid', problem: 'digest does not match' } : { digest: 'ok', signature: 'valid', keyId: o.key ?? 'aaaaaaaaaaaaaaaa' },
  };
}

const opts = (o: Partial<MergeOptions> = {}): MergeOptions => ({ now: NOW, maxAgeMs: 36 * H, trustRequired: true, ...o });
const verdicts = (r: ReturnType<typeof mergeEvidence>) => r.channels.map((c) => `${c.recorder}/${c.channel} ${c.verdict} ${c.reasons.join(',')}`);

describe('merge: evidence that cannot be gamed', () => {
  it('a tampered document does not make its recorder vanish: without a fleet file it fails no-evidence', () => {
    const r = mergeEvidence([doc('nvr-02.json', 'nvr-02', NOW - H, [{ name: 'gate', days: 95 }]), doc('nvr-01.json', 'nvr-01', NOW - H, [{ name: 'a', days: 95 }, { name: 'b', days: 95 }], { altered: true })], opts());
    expect(verdicts(r)).toEqual(['nvr-02/gate pass ', 'nvr-01/a fail no-evidence', 'nvr-01/b fail no-evidence']);
    expect(r.recorderStatus.map((s) => [s.recorder, s.status])).toEqual([['nvr-02', 'ok'], ['nvr-01', 'no-evidence']]);
  });

  it('a second key speaking for a recorder is a conflict that fails it, not a newer document that hides its failures', () => {
    const a = doc('a.json', 'nvr-01', NOW - 2 * H, [{ name: 'a', days: 95, reasons: ['gap'] }, { name: 'b', days: 30 }, { name: 'c', days: 95, reasons: ['stale'] }], { key: 'aaaaaaaaaaaaaaaa' });
    const b = doc('b.json', 'nvr-01', NOW - H, [{ name: 'a', days: 95 }], { key: 'bbbbbbbbbbbbbbbb', host: 'host-b' });
    const r = mergeEvidence([a, b], opts());
    expect(r.summary.pass).toBe(0);
    expect(verdicts(r)).toEqual(['nvr-01/a fail no-evidence', 'nvr-01/b fail no-evidence', 'nvr-01/c fail no-evidence']);
    expect(r.problems.join('\n')).toMatch(/two keys speak for it \(b\.json is signed by bbbbbbbbbbbbbbbb, but nvr-01 speaks through aaaaaaaaaaaaaaaa\)/);
    // the fleet file names the key: then the other key's document is the conflict
    const bound = mergeEvidence([a, b], opts({ fleet: [{ name: 'nvr-01', key: 'bbbbbbbbbbbbbbbb' }] }));
    expect(bound.summary.pass).toBe(0);
  });

  it('a newer document of the same key that lacks channels keeps them, failing no-segments', () => {
    const a = doc('a.json', 'nvr-01', NOW - 2 * H, [{ name: 'a', days: 95 }, { name: 'b', days: 30 }]);
    const b = doc('b.json', 'nvr-01', NOW - H, [{ name: 'a', days: 95 }]);
    expect(verdicts(mergeEvidence([a, b], opts()))).toEqual(['nvr-01/a pass ', 'nvr-01/b fail no-segments']);
  });

  it('expected channel counts are enforced, and a recorder with no channel fails', () => {
    const one = doc('one.json', 'nvr-01', NOW - H, [{ name: 'gate', days: 95 }]);
    const r = mergeEvidence([one], opts({ fleet: [{ name: 'nvr-01', count: 64 }] }));
    expect(r.summary).toMatchObject({ channels: 64, pass: 1, fail: 63 });
    const empty = doc('empty.json', 'nvr-02', NOW - H, []);
    expect(verdicts(mergeEvidence([empty], opts()))).toEqual(['nvr-02/#1 fail no-segments']);
    expect(mergeEvidence([empty], opts({ fleet: [{ name: 'nvr-02', count: 16 }] })).summary).toMatchObject({ channels: 16, fail: 16 });
  });

  it('a document from the future is rejected, so today\'s failing one is the evidence', () => {
    const future = doc('future.json', 'nvr-01', Date.parse('2027-03-01T00:00:00Z'), [{ name: 'gate', days: 95 }]);
    const today = doc('today.json', 'nvr-01', NOW - H, [{ name: 'gate', days: 95, reasons: ['gap'] }]);
    const r = mergeEvidence([future, today], opts());
    expect(verdicts(r)).toEqual(['nvr-01/gate fail gap']);
    expect(r.documents.find((d) => d.file === 'future.json')).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/after the merge's clock/) });
    // a few minutes ahead is a clock's skew, not the future
    expect(mergeEvidence([doc('skew.json', 'nvr-01', NOW + 2 * 60_000, [{ name: 'gate', days: 95 }])], opts()).summary.pass).toBe(1);
  });

  it('a node audited by a weaker rule fails against the fleet\'s, judged from its own figures', () => {
    const weak = doc('weak.json', 'nvr-01', NOW - H, [{ name: 'gate', days: 30 }], { ruleDays: 7 });
    expect(weak.read!.result.channels[0]!.verdict).toBe('pass');
    const r = mergeEvidence([weak], opts());
    expect(verdicts(r)).toEqual(['nvr-01/gate fail retention-short,weaker-rule']);
    expect(r.policy.retentionDays).toBe(90);
    // the fleet file may hold a recorder to its own rule
    expect(verdicts(mergeEvidence([weak], opts({ fleet: [{ name: 'nvr-01', days: 7 }] })))).toEqual(['nvr-01/gate pass ']);
  });

  it('a reason a newer node knows and this vstor does not is shown as given in every format, and said', async () => {
    const { renderAudit } = await import('../../src/report/audit/table.ts');
    const { renderHtml } = await import('../../src/report/audit/report.ts');
    const newer = doc('newer.json', 'nvr-01', NOW - H, [{ name: 'gate', days: 95, reasons: ['frozen-disk' as Reason] }]);
    const r = mergeEvidence([newer], opts());
    expect(verdicts(r)).toEqual(['nvr-01/gate fail frozen-disk']);
    expect(r.problems.join('\n')).toMatch(/reason\(s\) this vstor does not know \(from a newer node\?\): frozen-disk/);
    for (const lang of ['en', 'zh'] as const) {
      for (const format of ['table', 'md', 'csv'] as const) expect(renderAudit(r, format, lang)).toContain('frozen-disk');
      expect(renderHtml(r, new Map(), lang)).toContain('frozen-disk');
    }
  });

  it('without --trust every recorder\'s evidence is marked unauthenticated, in JSON, Prometheus and the table', async () => {
    const { renderPrometheus } = await import('../../src/report/audit/prometheus.ts');
    const { fleetSections } = await import('../../src/report/fleet/sections.ts');
    const d = doc('a.json', 'nvr-01', NOW - H, [{ name: 'gate', days: 95 }]);
    const open = mergeEvidence([d], opts({ trustRequired: false }));
    expect(open.recorderStatus.map((r) => r.authenticated)).toEqual([false]);
    expect(open.problems.join('\n')).toMatch(/merged without --trust: no document's author is authenticated/);
    expect(renderPrometheus(open, { recorders: open.recorderStatus, audit: 'fleet' })).toContain('vstor_recorder_evidence_authenticated{audit="fleet",recorder="nvr-01"} 0');
    expect(fleetSections(open, 'en').at(-1)?.lines?.join('\n')).toContain('unauthenticated: no trusted signature');
    const trusted = mergeEvidence([d], opts());
    expect(trusted.recorderStatus.map((r) => r.authenticated)).toEqual([true]);
    expect(renderPrometheus(trusted, { recorders: trusted.recorderStatus, audit: 'fleet' })).toContain('vstor_recorder_evidence_authenticated{audit="fleet",recorder="nvr-01"} 1');
  });

  it('property: random sets of documents never pass a channel that its recorder\'s own newest honest audit fails', () => {
    let seed = 20;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round++) {
      const recs = ['nvr-1', 'nvr-2', 'nvr-3'];
      // the truth: each recorder's channels and whether each keeps 90 days
      const truth = new Map(recs.map((r) => [r, ['a', 'b', 'c'].map((name) => ({ name, days: rnd() < 0.5 ? 95 : 40 }))]));
      const docs: Evidence[] = [];
      for (const rec of recs) {
        const honest = truth.get(rec)!;
        const kind = Math.floor(rnd() * 8);
        const t = NOW - Math.floor(rnd() * 30) * H;
        // 0: honest; 1: stale; 2: from the future, all passing; 3: tampered, all passing; 4: partial (one
        // channel); 5: another key, newer, all passing; 6: weaker rule, all passing by it; 7: none at all
        if (kind !== 7 && kind !== 1) docs.push(doc(`${rec}-honest.json`, rec, t, honest));
        if (kind === 1) docs.push(doc(`${rec}-old.json`, rec, NOW - 5 * D, honest));
        const allPass = honest.map((c) => ({ ...c, days: 95 }));
        if (kind === 2) docs.push(doc(`${rec}-future.json`, rec, NOW + 30 * D, allPass));
        if (kind === 3) docs.push(doc(`${rec}-tampered.json`, rec, t + H, allPass, { altered: true }));
        if (kind === 4) docs.push(doc(`${rec}-partial.json`, rec, t + H, honest.filter((c) => c.days >= 90).slice(0, 1)));
        if (kind === 5) docs.push(doc(`${rec}-foreign.json`, rec, t + H, allPass, { key: 'ffffffffffffffff', host: 'intruder' }));
        if (kind === 6) docs.push(doc(`${rec}-weak.json`, rec, t + H, honest, { ruleDays: 30 }));
      }
      const r = mergeEvidence(docs.sort(() => rnd() - 0.5), opts());
      for (const c of r.channels) {
        if (c.verdict !== 'pass') continue;
        const real = truth.get(c.recorder)?.find((x) => x.name === c.channel);
        expect(real, `round ${round}: ${c.recorder}/${c.channel} passes but is not a channel of it`).toBeDefined();
        expect(real!.days, `round ${round}: ${c.recorder}/${c.channel} passes, its recorder keeps ${real!.days} days`).toBeGreaterThanOrEqual(90);
      }
    }
  });
});

describe('documents read as their exact text says', () => {
  it('refuses duplicate keys and numbers that do not read back as written; takes what vstor writes', async () => {
    const { parseStrictJson } = await import('../../src/fleet/strict-json.ts');
    expect(() => parseStrictJson('{"channel":"gate","verdict":"pass","reasons":[],"verdict":"fail"}')).toThrow(/^duplicate key "verdict" at character 48$/);
    expect(() => parseStrictJson('{"bitrateBps":1e999}')).toThrow(/number 1e999 .* reads as null/);
    expect(() => parseStrictJson('{"retainedDays":90.000000000000000001}')).toThrow(/number 90\.000000000000000001 .* reads as 90/);
    // the same key in two objects is no duplicate; numbers and keys inside strings are text
    const doc = { a: { verdict: 'pass' }, b: [{ verdict: 'fail' }, 1.5, -3, 1e21, 'x "verdict": 1e999'], c: null };
    expect(parseStrictJson(JSON.stringify(doc, null, 2))).toEqual(doc);
  });
});

describe('inputs that are not regular files', () => {
  it('a FIFO named *.json in the inbox is rejected, not waited on; --fleet /dev/zero and --plan /dev/zero are refused at once', async () => {
    const { vstor } = await import('../helpers/cli.ts');
    const { tempDir } = await import('../helpers/media.ts');
    const { execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const inbox = tempDir('vstor-inbox-');
    execFileSync('mkfifo', [join(inbox, 'nvr-01.json')]);
    const merged = vstor(['merge', inbox, '--json'], { timeout: 20_000 });
    expect(merged.code).toBe(1);
    expect(merged.stderr).toContain(`${join(inbox, 'nvr-01.json')}: rejected: document ${join(inbox, 'nvr-01.json')}: not a regular file; expected a file`);
    const fleet = vstor(['merge', inbox, '--fleet', '/dev/zero'], { timeout: 20_000 });
    expect([fleet.code, fleet.stderr.trim()]).toEqual([2, 'vstor: --fleet /dev/zero: not a regular file; expected a file']);
    const plan = vstor(['plan', '--plan', '/dev/zero'], { timeout: 20_000 });
    expect([plan.code, plan.stderr.trim()]).toEqual([2, 'vstor: --plan /dev/zero: not a regular file; expected a file']);
  });
});

describe('keys', () => {
  it('keygen where FILE.pub exists leaves no private key behind; a malformed PEM in --trust is bad input (exit 2)', async () => {
    const { vstor } = await import('../helpers/cli.ts');
    const { tempDir } = await import('../helpers/media.ts');
    const { existsSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tempDir('vstor-keys-');
    writeFileSync(join(dir, 'node.pem.pub'), 'someone else\'s\n');
    const r = vstor(['keygen', join(dir, 'node.pem')]);
    expect([r.code, r.stderr.trim()]).toEqual([2, `vstor: ${join(dir, 'node.pem.pub')}: exists; a key is never overwritten`]);
    expect(existsSync(join(dir, 'node.pem'))).toBe(false);
    writeFileSync(join(dir, 'bad.pub'), '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n');
    const m = vstor(['merge', dir, '--trust', join(dir, 'bad.pub')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/^vstor: --trust .*bad\.pub: a PEM public key block that does not read/);
    // and other inputs that are not what a command takes: exit 2 and one line, never an internal error
    writeFileSync(join(dir, 'null.json'), 'null\n');
    const v = vstor(['verify', join(dir, 'null.json')]);
    expect([v.code, v.stderr.trim()]).toEqual([2, `vstor: ${join(dir, 'null.json')}: null is not a document; expected a JSON object vstor wrote`]);
    const s = vstor(['samples', 'make', join(dir, 'null.json'), '--layout', 'frigate']);
    expect([s.code, s.stderr.trim()]).toEqual([2, `vstor: ${join(dir, 'null.json')}: a file, not a folder; expected a folder to write the sample archive into`]);
  });
});
