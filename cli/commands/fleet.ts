/** `vstor merge`, `vstor verify` and `vstor keygen`: a fleet's audits brought together, as evidence. */
import { readdirSync, statSync } from 'node:fs';
import { readInputFile } from '../read-input.ts';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { KeyObject } from 'node:crypto';
import { parseDuration, parseNow } from '../../src/audit/policy.ts';
import { parseCount } from '../../src/units/parse.ts';
import { fileProblem, InputError } from '../../src/errors.ts';
import { readAuditDocument } from '../../src/fleet/document.ts';
import { parseFleetFile } from '../../src/fleet/fleet-file.ts';
import { checkIntegrity } from '../../src/fleet/integrity.ts';
import { loadPrivateKey, loadTrustedKeys, writeKeyPair } from '../../src/fleet/keys.ts';
import { mergeEvidence, type Evidence } from '../../src/fleet/merge.ts';
import { parseStrictJson } from '../../src/fleet/strict-json.ts';
import { EXIT } from '../exit.ts';
import type { IO } from '../io.ts';
import { defaultLang, langOption, pickFormat } from '../options.ts';
import { writeAtomic } from '../write.ts';
import { FLEET_FORMATS, type FleetFormat } from '../formats.ts';
import { auditExit } from './audit.ts';

const FORMATS = Object.keys(FLEET_FORMATS) as FleetFormat[];

/** Files named, and the .json files of folders named (sorted), each once. */
function documentFiles(args: string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    let st;
    try {
      st = statSync(arg);
    } catch (e) {
      throw fileProblem(arg, e, { kind: 'file or folder', expected: 'vstor.audit/1 JSON documents or a folder of them' });
    }
    if (st.isDirectory()) files.push(...readdirSync(arg).filter((f) => f.endsWith('.json')).sort().map((f) => join(arg, f)));
    else files.push(arg);
  }
  return [...new Set(files)];
}

function readEvidence(file: string, trusted: Map<string, KeyObject>): Evidence {
  let raw: unknown;
  try {
    raw = parseStrictJson(readInputFile(file, 'document'));
  } catch (e) {
    return { file, error: e instanceof SyntaxError ? `not valid JSON (${e.message})` : e instanceof InputError ? e.message : `cannot read (${(e as NodeJS.ErrnoException).code})` };
  }
  try {
    const read = readAuditDocument(raw);
    return { file, read, check: checkIntegrity(raw as Record<string, unknown>, trusted) };
  } catch (e) {
    return { file, error: `not a vstor audit document: ${(e as Error).message}` };
  }
}

type MergeFlags = { fleet?: string; days?: string; maxAge: string; trust?: string; now?: string; format?: string; json?: boolean; out?: string; signKey?: string; allowUnverified?: boolean; lang?: 'en' | 'zh'; deprecatedMetrics?: boolean; auditName?: string };

export function registerFleet(program: Command, io: IO): void {
  program
    .command('merge')
    .description("bring the audits of a fleet's nodes together: one fleet document and report, every recorder accounted for")
    .argument('<doc...>', 'vstor.audit/1 JSON documents (vstor audit --json --out), or folders of them')
    .option('--fleet <file>', 'fleet.yaml: the recorders and the channels each should have; one that sent nothing fails (no-evidence)')
    .option('--days <n>', "the retention every channel is held to, whatever rule its node audited by (a recorder's days in --fleet win)", '90')
    .option('--max-age <dur>', "a recorder whose newest audit is older fails as no-evidence", '36h')
    .option('--trust <keys>', 'PEM public keys (a file or a folder): only documents signed by one of them count')
    .option('--now <time>', 'the merge\'s clock, ISO-8601 (default: now)')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (default table)`)
    .option('--json', 'the vstor.fleet/1 document')
    .option('--out <file>', 'write the output to this file (whole or not at all)')
    .option('--sign-key <file>', 'sign the fleet document with this Ed25519 private key')
    .option('--allow-unverified', 'exit 0 even when channels could not be verified')
    .option('--deprecated-metrics', 'with --format prometheus: also the metric names renamed in 0.2')
    .option('--audit-name <name>', 'with --format prometheus: the `audit` label of every series', 'fleet')
    .addOption(langOption())
    .action(async (docs: string[], o: MergeFlags) => {
      const format = pickFormat(o, FORMATS, 'table');
      const maxAgeMs = parseDuration('--max-age', o.maxAge, { min: 60 }) * 1000;
      const now = o.now !== undefined ? parseNow(o.now) : Date.now();
      const trusted = o.trust ? loadTrustedKeys(o.trust) : new Map<string, KeyObject>();
      const key = o.signKey ? loadPrivateKey(o.signKey) : undefined;
      const fleet = o.fleet ? parseFleetFile(readText(o.fleet, '--fleet'), o.fleet) : undefined;
      const files = documentFiles(docs);
      if (files.length === 0 && !fleet) throw new InputError(`${docs.join(' ')}: no .json documents found; expected vstor.audit/1 documents (vstor audit --json --out FILE)`);
      const result = mergeEvidence(files.map((f) => readEvidence(f, trusted)), { now, maxAgeMs, trustRequired: Boolean(o.trust), fleet, retentionDays: parseCount('--days', o.days ?? '90') });
      const lang = o.lang ?? defaultLang();
      const text = await FLEET_FORMATS[format](result, { lang, signKey: key, deprecatedMetrics: o.deprecatedMetrics, auditName: o.auditName });
      if (o.out) writeAtomic(o.out, text);
      else io.out(text);
      for (const d of result.documents) if (d.status === 'rejected') io.err(`vstor: ${d.file}: rejected: ${d.reason}\n`);
      const { code, message } = auditExit(result, Boolean(o.allowUnverified));
      if (message) io.err(`vstor: ${message}\n`);
      io.setExit(code);
    });

  program
    .command('verify')
    .description('check audit or fleet documents against their digest and, with --trust, their signature')
    .argument('<doc...>', 'JSON documents vstor wrote')
    .option('--trust <keys>', 'PEM public keys (a file or a folder): signatures must be by one of them')
    .action((docs: string[], o: { trust?: string }) => {
      const trusted = o.trust ? loadTrustedKeys(o.trust) : new Map<string, KeyObject>();
      let bad = false;
      for (const file of documentFiles(docs)) {
        let raw: Record<string, unknown>;
        try {
          raw = parseStrictJson(readInputFile(file, 'document')) as Record<string, unknown>;
        } catch (e) {
          if (e instanceof InputError) throw e;
          throw new InputError(`${file}: ${e instanceof SyntaxError ? `not valid JSON (${e.message})` : `cannot read (${(e as NodeJS.ErrnoException).code})`}`, { cause: e });
        }
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${file}: ${JSON.stringify(raw)?.slice(0, 40)} is not a document; expected a JSON object vstor wrote`);
        const c = checkIntegrity(raw, trusted);
        const signed = c.signature === 'valid' ? `signed by ${c.keyId} (valid)` : c.signature === 'unsigned' ? 'unsigned' : c.signature === 'untrusted-key' ? `signed by ${c.keyId} (not a trusted key${o.trust ? '' : '; give --trust'})` : `signed by ${c.keyId} (INVALID)`;
        const ok = c.digest === 'ok' && c.signature !== 'invalid' && (!o.trust || c.signature === 'valid');
        bad ||= !ok;
        io.out(`${file}: ${ok ? 'ok' : 'NOT OK'}: digest ${c.digest}, ${signed}${c.problem && !ok ? `; ${c.problem}` : ''}\n`);
      }
      io.setExit(bad ? EXIT.ruleBroken : EXIT.ok);
    });

  program
    .command('keygen')
    .description('make an Ed25519 key pair for signing audits: FILE (private, mode 600) and FILE.pub (give it to the central host)')
    .argument('<file>', 'the private key file to create')
    .action((file: string) => {
      try {
        io.out(`${file}, ${file}.pub: key id ${writeKeyPair(file)}\n`);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new InputError(`${err.path ?? file}: ${err.code === 'EEXIST' ? 'exists; a key is never overwritten' : `cannot write (${err.code})`}`, { cause: e });
      }
    });
}

function readText(file: string, input: string): string {
  return readInputFile(file, input, 4 * 1024 * 1024);
}
