/** `vstor scan` (bring the index up to date) and `vstor audit` (scan, probe, judge every channel). */
import type { Command } from 'commander';
import { auditDocument } from '../../src/report/audit/json.ts';
import { renderAudit } from '../../src/report/audit/table.ts';
import { toJson } from '../../src/report/json.ts';
import { openIndex } from '../../src/index/open.ts';
import { lockIndex } from '../../src/index/lock.ts';
import { Store } from '../../src/index/store.ts';
import { runAudit, scanAll } from '../../src/scan/audit.ts';
import { EXIT } from '../exit.ts';
import { defaultLang, pickFormat } from '../options.ts';
import { addArchiveOptions, archiveSetup, makeProber, progressLine, type RawArchiveOptions } from '../audit-options.ts';
import type { IO } from '../io.ts';

const FORMATS = ['table', 'json', 'csv', 'md'] as const;

export function registerAudit(program: Command, io: IO): void {
  addArchiveOptions(
    program
      .command('audit')
      .description('scan archive folders and judge, per channel, whether footage is kept as long as the rule says')
      .argument('<dir...>', 'archive folders (recorder roots or their recordings/ folders)'),
  )
    .option('--format <format>', `output: ${FORMATS.join(', ')} (default table)`)
    .option('--json', 'the vstor.audit/1 JSON document')
    .action(async (dirs: string[], o: RawArchiveOptions & { format?: string; json?: boolean; lang?: 'en' | 'zh' }) => {
      const format = pickFormat(o, FORMATS, 'table');
      const setup = archiveSetup(dirs, o);
      const prober = makeProber(setup.probeTimeoutMs);
      const db = openIndex(setup.dbFile);
      const progress = progressLine();
      try {
        const result = await runAudit(new Store(db), {
          ...setup,
          prober,
          onScanProgress: (p) => progress.update(`scanning ${p.root}: ${p.dirs} folders, ${p.files} new files`),
          onProbeProgress: (p) => progress.update(`probing: ${p.probed} segments`),
        });
        progress.done();
        for (const s of result.scans) {
          if (s.detected) io.err(`layout: ${s.root} looks like ${s.detected.layout.name} (${s.detected.matched} of ${s.detected.sampled} sampled files match)\n`);
        }
        const lang = o.lang ?? defaultLang();
        io.out(format === 'json' ? toJson(auditDocument(result)) + '\n' : renderAudit(result, format, lang));
        if (result.summary.fail > 0 || result.summary.channels === 0) io.setExit(EXIT.ruleBroken);
      } finally {
        progress.done();
        db.close();
      }
    });

  addArchiveOptions(
    program
      .command('scan')
      .description('bring the index up to date with archive folders (lists only folders that changed)')
      .argument('<dir...>', 'archive folders'),
  )
    .option('--json', 'print the scan figures as JSON')
    .action((dirs: string[], o: RawArchiveOptions & { json?: boolean }) => {
      const setup = archiveSetup(dirs, o);
      const db = openIndex(setup.dbFile);
      const unlock = lockIndex(setup.dbFile);
      const progress = progressLine();
      try {
        const scans = scanAll(new Store(db), { ...setup, onScanProgress: (p) => progress.update(`scanning ${p.root}: ${p.dirs} folders, ${p.files} new files`) });
        progress.done();
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
