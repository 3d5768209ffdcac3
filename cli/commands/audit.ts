/** `vstor scan`, `vstor audit`, `vstor report` and `vstor history`. */
import type { Command } from 'commander';
import { channelHistory, historyKey } from '../../src/index/history.ts';
import { lockIndex } from '../../src/index/lock.ts';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { iso } from '../../src/archive/time.ts';
import { parseNow } from '../../src/audit/policy.ts';
import { InputError } from '../../src/errors.ts';
import { loadPrivateKey } from '../../src/fleet/keys.ts';
import type { History } from '../../src/report/audit/report.ts';
import { formatSeconds, safeText } from '../../src/report/audit/table.ts';
import { t, type Lang, type Word } from '../../src/report/i18n.ts';
import { toJson } from '../../src/report/json.ts';
import { renderText } from '../../src/report/render.ts';
import { runAudit, scanAll, type AuditResult } from '../../src/app/audit.ts';
import { addArchiveOptions, archiveSetup, devicesOf, makeProber, progressLine, refuseInsideArchive, resolveDb, type RawArchiveOptions } from '../audit-options.ts';
import { EXIT } from '../exit.ts';
import type { IO } from '../io.ts';
import { collect, defaultLang, langOption, pickFormat } from '../options.ts';
import { writeAtomic } from '../write.ts';
import { AUDIT_FORMATS, type AuditFormat } from '../formats.ts';

const FORMATS = Object.keys(AUDIT_FORMATS) as AuditFormat[];

const scanText = (p: { root: string; dirs: number; files: number }) => `scanning ${p.root}: ${p.dirs} folders, ${p.files} new files`;

type AuditFlags = RawArchiveOptions & { devices?: string; format?: string; json?: boolean; lang?: Lang; out?: string; quiet?: boolean; deprecatedMetrics?: boolean; auditName?: string; signKey?: string; fromWatch?: boolean };

/** Runs an audit with progress on stderr; reports the layout it detected. */
async function audit(args: string[], o: AuditFlags, io: IO): Promise<AuditResult> {
  const { dirs, devices } = devicesOf(args, o.devices);
  if (devices && o.fromWatch) throw new InputError('--devices: a device is asked at each audit; expected --from-watch without --devices');
  const setup = archiveSetup(dirs, o, process.env, devices !== undefined);
  if (o.out) refuseInsideArchive(o.out, setup.roots, '--out', 'the archive is only read, write reports elsewhere');
  const prober = makeProber(setup.probeTimeoutMs);
  const db = openIndex(setup.dbFile);
  const progress = progressLine();
  try {
    const result = await runAudit(new Store(db), {
      ...setup,
      devices,
      fromWatch: Boolean(o.fromWatch),
      prober,
      onScanProgress: (p) => progress.update(scanText(p)),
      onProbeProgress: (p) => progress.update(`probing: ${p.probed} segments`),
    });
    progress.done();
    if (!o.quiet) {
      for (const s of result.scans) {
        if (s.detected) io.err(`layout: ${s.root} looks like ${s.detected.layout.name} (${s.detected.matched} of ${s.detected.sampled} sampled files match)\n`);
      }
    }
    return result;
  } finally {
    progress.done();
    db.close();
  }
}

/**
 * 1 when a channel fails, none was found, or one could not be verified (unless --allow-unverified); 3 when
 * the probe tool failed on everything it was given, so that nothing could be judged.
 */
export function auditExit(result: AuditResult, allowUnverified: boolean): { code: number; message?: string } {
  const { summary, probeErrors } = result;
  if (probeErrors.count > 0 && summary.channels > 0 && result.channels.every((c) => c.reasons.includes('probe-error'))) {
    return { code: EXIT.runtime, message: `the probe tool failed on every segment it was given, so nothing could be judged: ${probeErrors.first}` };
  }
  if (summary.fail > 0 || summary.channels === 0 || (summary.unverified > 0 && !allowUnverified)) return { code: EXIT.ruleBroken };
  return { code: EXIT.ok };
}

function exitFor(result: AuditResult, o: { allowUnverified?: boolean }, io: IO): void {
  const { code, message } = auditExit(result, Boolean(o.allowUnverified));
  if (message) io.err(`vstor: ${message}\n`);
  io.setExit(code);
}


/** The audit's commands, one function each. */
export function registerAudit(program: Command, io: IO): void {
  auditCommand(program, io);
  reportCommand(program, io);
  historyCommand(program, io);
  scanCommand(program, io);
}

/** `vstor audit`: scan, judge, print or write the result in a format. */
function auditCommand(program: Command, io: IO): void {
  addArchiveOptions(
    program
      .command('audit')
      .description('scan archive folders and judge, per channel, whether footage is kept as long as the rule says')
      .argument('[dir...]', 'archive folders (recorder roots or their recordings/ folders), or NAME=isapi://[user@]host[:port] (dahua://, onvif://) recorders, their password in VSTOR_PASSWORD_<NAME>'),
  )
    .option('--devices <file>', 'also audit the recorders this YAML file lists, over their own APIs (isapi, dahua, onvif): name, protocol, host, port, tls, user, passwordFile or passwordEnv, tz, channels, acceptDeviceList')
    .option('--format <format>', `output: ${FORMATS.join(', ')} (default table)`)
    .option('--json', 'the vstor.audit/1 JSON document')
    .option('--out <file>', 'write the output to this file (whole or not at all) instead of stdout')
    .option('--quiet', 'print nothing when every channel passes (for cron)')
    .option('--deprecated-metrics', 'with --format prometheus: also the metric names renamed to base units in 0.2 (for one release)')
    .option('--audit-name <name>', 'with --format prometheus: the `audit` label that tells this file\'s series from other audits\' (default: the recorders\' names joined by +)')
    .option('--sign-key <file>', 'with --json: sign the document with this Ed25519 private key (vstor keygen FILE)')
    .option('--from-watch', 'judge from the index a running vstor watch keeps current (--db), without scanning')
    .action(async (dirs: string[], o: AuditFlags) => {
      const format = pickFormat(o, FORMATS, 'table');
      if (o.signKey && format !== 'json') throw new InputError('--sign-key: signs the JSON document; expected --json or --format json');
      // a bad key is refused before the audit runs
      const signKey = o.signKey ? loadPrivateKey(o.signKey) : undefined;
      const result = await audit(dirs, o, io);
      exitFor(result, o, io);
      const text = await AUDIT_FORMATS[format](result, { lang: o.lang ?? defaultLang(), signKey, deprecatedMetrics: o.deprecatedMetrics, auditName: o.auditName });
      if (o.out) writeAtomic(o.out, text);
      else if (!(o.quiet && auditExit(result, Boolean(o.allowUnverified)).code === EXIT.ok)) io.out(text);
    });
}

/** `vstor report`: an audit as an HTML or Markdown report with history. */
function reportCommand(program: Command, io: IO): void {
  addArchiveOptions(
    program
      .command('report')
      .description('run an audit and write a report: summary, rule, indicators, channels, timelines and history')
      .argument('[dir...]', 'archive folders'),
  )
    .option('--devices <file>', 'also audit the recorders this YAML file lists, over their own APIs (as vstor audit --devices)')
    .option('--format <format>', 'html or md (default html)')
    .requiredOption('--out <file>', 'the report file to write')
    .option('--from-watch', 'judge from the index a running vstor watch keeps current (--db), without scanning')
    .option('--quiet', 'print nothing when every channel passes')
    .action(async (dirs: string[], o: AuditFlags) => {
      const format = pickFormat(o, ['html', 'md'] as const, 'html');
      const result = await audit(dirs, o, io);
      exitFor(result, o, io);
      const lang = o.lang ?? defaultLang();
      const db = openIndex(resolveDb(o.db));
      let history: History;
      try {
        history = new Map();
        for (const row of channelHistory(db, { roots: result.scans.map((s) => s.root) })) {
          const key = historyKey(row.recorder, row.channel);
          const list = history.get(key);
          if (list) list.push(row);
          else history.set(key, [row]);
        }
      } finally {
        db.close();
      }
      // the report's renderer (HTML, SVG timelines) is loaded only here: it costs an audit ~0.15 s of start-up
      const { renderHtml, renderReportMarkdown } = await import('../../src/report/audit/report.ts');
      writeAtomic(o.out!, format === 'html' ? renderHtml(result, history, lang) : renderReportMarkdown(result, history, lang));
      if (!(o.quiet && auditExit(result, Boolean(o.allowUnverified)).code === EXIT.ok)) io.out(`${o.out}: ${t(lang, 'summaryLine', result.summary)}\n`);
    });
}

/** `vstor history`: past audits of the index, channel by channel. */
function historyCommand(program: Command, io: IO): void {
  program
    .command('history')
    .description('how retained days, coverage and verdicts moved over past audits')
    .option('--channel <name>', 'only this channel')
    .option('--since <date>', 'only audits judged as of this date or later')
    .option('--db <file>', 'index file')
    .option('--json', 'one JSON document')
    .addOption(langOption())
    .action((o: { channel?: string; since?: string; db?: string; json?: boolean; lang?: Lang }) => {
      // reading history never creates an index: a mistyped --db is an error, not an empty history
      const db = openIndex(resolveDb(o.db), { mustExist: true });
      try {
        const since = o.since === undefined ? undefined : parseSince(o.since);
        const rows = channelHistory(db, { channel: o.channel, since });
        const lang = o.lang ?? defaultLang();
        if (o.json) {
          io.out(
            toJson({
              schema: 'vstor.history/1',
              rows: rows.map((r) => ({ run: r.run_id, now: iso(r.now_ms), channel: r.channel, verdict: r.verdict, reasons: r.reasons ? r.reasons.split(' ') : [], rule: r.rule, retainedDays: r.retained_days, coverage: r.coverage, biggestGapSeconds: r.biggest_gap_seconds, damaged: r.damaged, bitrateBps: r.bitrate_bps })),
            }) + '\n',
          );
          return;
        }
        const head = ['clock', 'channel', 'verdict', 'retainedDays', 'coverage', 'biggestGap', 'damaged', 'reasons'].map((w) => t(lang, w as Word));
        const body = rows.map((r) => [iso(r.now_ms).slice(0, 16).replace('T', ' '), safeText(r.channel), t(lang, r.verdict as Word), r.retained_days.toFixed(2), `${(r.coverage * 100).toFixed(1)}%`, formatSeconds(r.biggest_gap_seconds), String(r.damaged), r.reasons]);
        io.out(renderText(`vstor — ${t(lang, 'history')}`, [{ key: 'history', title: t(lang, 'rows', { n: rows.length }), table: { head, rows: body } }]));
      } finally {
        db.close();
      }
    });
}

/** `vstor scan`: bring the index up to date; `--forget` drops a camera taken away. */
function scanCommand(program: Command, io: IO): void {
  addArchiveOptions(
    program
      .command('scan')
      .description('bring the index up to date with archive folders (lists only folders that changed)')
      .argument('<dir...>', 'archive folders'),
  )
    .option('--json', 'print the scan figures as JSON')
    .option('--forget <channel>', 'a channel taken away on purpose: audits stop failing it no-segments (only once its footage is gone); repeatable', collect, [])
    .action((dirs: string[], o: RawArchiveOptions & { json?: boolean; forget: string[] }) => {
      const setup = archiveSetup(dirs, o);
      const db = openIndex(setup.dbFile);
      const unlock = lockIndex(setup.dbFile, { command: 'scan', at: Date.now() });
      const progress = progressLine();
      try {
        const store = new Store(db);
        const scans = scanAll(store, { ...setup, onScanProgress: (p) => progress.update(scanText(p)) });
        progress.done();
        forgetChannels(store, scans, o.forget);
        const rows = scans.map((s) => ({ root: s.root, layout: s.layout?.name ?? null, dirsListed: s.dirsListed, dirsUnchanged: s.dirsUnchanged, files: s.files, added: s.added, removed: s.removed, changed: s.changed, problems: s.problems }));
        if (o.json) io.out(toJson({ schema: 'vstor.scan/1', db: setup.dbFile, roots: rows }) + '\n');
        else {
          for (const r of rows) {
            io.out(`${r.root}: layout ${r.layout ?? 'none (no media files)'}; ${r.dirsListed} folders listed, ${r.dirsUnchanged} unchanged; ${r.added} segments added, ${r.removed} removed, ${r.changed} changed\n`);
            for (const p of r.problems) io.out(`  ${p}\n`);
          }
        }
      } finally {
        progress.done();
        unlock();
        db.close();
      }
    });
}

/** `scan --forget NAME`: in every root given, or exit 2 naming what stands in the way. */
function forgetChannels(store: Store, scans: { root: string; rootId: number }[], names: string[]): void {
  // one transaction: a name that cannot be forgotten leaves every other as it was
  store.db.transaction(() => {
    for (const name of names) {
      const results = scans.map((s) => ({ root: s.root, result: store.forgetChannel(s.rootId, name.normalize('NFC')) }));
      const kept = results.find((r) => r.result === 'has-footage');
      if (kept) throw new InputError(`--forget ${name}: ${kept.root} still holds its footage; only a channel whose footage is gone can be forgotten`);
      if (results.every((r) => r.result === 'unknown')) throw new InputError(`--forget ${name}: no such channel in ${scans.map((s) => s.root).join(', ')}`);
    }
  })();
}

function parseSince(text: string): number {
  try {
    return parseNow(text);
  } catch {
    throw new InputError(`--since: expected a date such as 2026-11-01, got "${text}"`);
  }
}
