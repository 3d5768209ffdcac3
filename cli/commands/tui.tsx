/** `vstor tui`: the audit as a full-screen terminal UI (ink), live with --watch. Plain table when not a TTY. */
import type { Command } from 'commander';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { renderAudit } from '../../src/report/audit/table.ts';
import { runAudit } from '../../src/app/audit.ts';
import { addArchiveOptions, archiveSetup, devicesOf, makeProber, type RawArchiveOptions } from '../audit-options.ts';
import { auditExit } from './audit.ts';
import type { IO } from '../io.ts';
import { defaultLang } from '../options.ts';

export function registerTui(program: Command, io: IO): void {
  addArchiveOptions(program.command('tui').description('the audit as a full-screen terminal UI (plain table when not a terminal)').argument('[dir...]', 'archive folders, or NAME=isapi://host recorders'))
    .option('--devices <file>', 'also the recorders this YAML file lists, asked over their APIs at each audit (as vstor audit --devices)')
    .option('--watch', 'keep it live with the watcher\'s events (devices asked again every 15 minutes)')
    .action(async (args: string[], o: RawArchiveOptions & { devices?: string; watch?: boolean; lang?: 'en' | 'zh' }) => {
      const { dirs, devices } = devicesOf(args, o.devices);
      const setup = { ...archiveSetup(dirs, o, process.env, devices !== undefined), devices };
      const prober = makeProber(setup.probeTimeoutMs);
      const db = openIndex(setup.dbFile);
      const store = new Store(db);
      try {
        if (!process.stdin.isTTY || !process.stdout.isTTY) {
          const result = await runAudit(store, { ...setup, prober });
          io.out(renderAudit(result, 'table', o.lang ?? defaultLang()));
          const { code, message } = auditExit(result, setup.allowUnverified);
          if (message) io.err(`vstor: ${message}\n`);
          io.setExit(code);
          return;
        }
        // This is a terminal, whatever CI says: ink renders only a last frame under CI, and chalk drops colour
        // whenever CI is set at all (even to "false"), so both are unset before they load.
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
        const { fullScreen } = await import('../tui/screen.tsx');
        await fullScreen(store, setup, prober, Boolean(o.watch), o.lang ?? defaultLang());
      } finally {
        db.close();
      }
    });
}
