/** `vstor watch`: keep the index current and report what happens, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { parseDuration } from '../../src/audit/policy.ts';
import { lockIndex, noteHolder } from '../../src/index/lock.ts';
import { rootPath } from '../../src/app/scan.ts';
import { openIndex } from '../../src/index/open.ts';
import { Store } from '../../src/index/store.ts';
import { safeText } from '../../src/report/audit/table.ts';
import type { WatchEvent } from '../../src/app/watch/events.ts';
import { ArchiveWatcher } from '../../src/app/watch/watcher.ts';
import { addArchiveOptions, archiveSetup, devicesOf, makeProber, type RawArchiveOptions } from '../audit-options.ts';
import type { IO } from '../io.ts';

function line(e: WatchEvent): string {
  const parts = [e.at, e.type.padEnd(13)];
  if (e.channel !== undefined) parts.push(safeText(e.channel));
  if (e.verdict) parts.push(`${e.previous ?? '?'} -> ${e.verdict}${e.reasons?.length ? ` (${e.reasons.join(', ')})` : ''}`);
  if (e.path) parts.push(safeText(e.path));
  if (e.detail) parts.push(safeText(e.detail));
  return parts.join('  ');
}

export function registerWatch(program: Command, io: IO): void {
  addArchiveOptions(program.command('watch').description('follow archive folders live: new, removed (early), damaged segments and verdict changes').argument('[dir...]', 'archive folders, or NAME=isapi://host recorders'))
    .option('--json', 'one JSON object a line')
    .option('--rescan-every <dur>', 'incremental rescan of everything not followed live', '10m')
    .option('--poll', 'poll instead of inotify (NFS/SMB mounts)')
    .option('--devices <file>', 'also the recorders this YAML file lists, asked over their APIs (as vstor audit --devices)')
    .option('--ask-devices-every <dur>', 'how often the devices are asked again (their lists and checked recordings)', '15m')
    .action(async (args: string[], o: RawArchiveOptions & { json?: boolean; rescanEvery: string; poll?: boolean; devices?: string; askDevicesEvery: string }) => {
      const { dirs, devices } = devicesOf(args, o.devices);
      const setup = { ...archiveSetup(dirs, o, process.env, devices !== undefined), devices };
      // a device's list of 90 days is thousands of requests: not more often than a minute
      const askDevicesEveryMs = parseDuration('--ask-devices-every', o.askDevicesEvery, { min: 60 }) * 1000;
      if (o.now !== undefined) io.err('vstor: note: watch runs on the real clock; --now is ignored\n');
      // a rescan more often than a few seconds would scan without rest
      const rescanEveryMs = parseDuration('--rescan-every', o.rescanEvery, { min: 5 }) * 1000;
      const prober = makeProber(setup.probeTimeoutMs);
      const db = openIndex(setup.dbFile);
      const unlock = lockIndex(setup.dbFile, { command: 'watch', at: Date.now() });
      const emit = (e: WatchEvent) => io.out(o.json ? `${JSON.stringify(e)}\n` : `${line(e)}\n`);
      // an audit may judge from this index instead of scanning (--from-watch) while the last full pass is recent
      const onFullPass = (fullPassMs: number) => noteHolder(setup.dbFile, { watch: { rescanEveryMs, fullPassMs, roots: setup.roots.map((r) => rootPath(r)) } });
      const watcher = new ArchiveWatcher(new Store(db), { ...setup, prober, rescanEveryMs, askDevicesEveryMs, poll: Boolean(o.poll), emit, onFullPass });
      // listening before the first scan: a signal during it must still end in a clean stop
      const stopped = new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      try {
        await Promise.race([watcher.start(), stopped]);
        await stopped;
      } finally {
        await watcher.stop();
        unlock();
        db.close();
      }
    });
}
