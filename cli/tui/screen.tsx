/** The full-screen TUI session: alternate screen, audit with progress, live updates, clean exit. */
import { render } from 'ink';
import type { Store } from '../../src/index/store.ts';
import { judgeArchive, runAudit, type AuditedChannel, type AuditResult } from '../../src/app/audit.ts';
import type { Device } from '../../src/devices/devices-file.ts';
import { ArchiveWatcher, type WatchOptions } from '../../src/app/watch/watcher.ts';
import type { archiveSetup, makeProber } from '../audit-options.ts';
import { App, type AppProps } from './App.tsx';
import type { Row } from './state.ts';
import { noteText, type Lang } from '../../src/report/i18n.ts';
import { recorderLabels } from '../../src/report/recorder-names.ts';
import { w } from './words.ts';

function rowsOf(result: Pick<AuditResult, 'channels' | 'recorders'>, lang: Lang): Row[] {
  const several = result.recorders.length > 1;
  const names = recorderLabels(result.channels.map((c) => c.recorder));
  return result.channels.map((c) => ({
    channel: several ? `${c.recorder}: ${c.channel}` : c.channel,
    ...(several ? { recorder: names.get(c.recorder)!.recorder, name: c.channel } : {}),
    verdict: c.verdict,
    retainedDays: c.retainedDays,
    coverage: c.coverage,
    biggestGapSeconds: c.biggestGapSeconds,
    damaged: c.damaged,
    bitrateBps: c.bitrateBps,
    reasons: c.reasons,
    warnings: c.notes.map((n) => noteText(lang, n)),
    gaps: c.gaps,
    daily: c.daily,
  }));
}

function bar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.max(0, Math.min(width, Math.round((done / total) * width))) : 0;
  return `[${'█'.repeat(filled)}${' '.repeat(width - filled)}]`;
}

const ALT_ON = '\x1b[?1049h';
const ALT_OFF = '\x1b[?1049l\x1b[?25h';

export async function fullScreen(store: Store, setup: ReturnType<typeof archiveSetup> & { devices?: Device[] }, prober: ReturnType<typeof makeProber>, live: boolean, lang: Lang = 'en'): Promise<void> {
  const color = !process.env.NO_COLOR;
  const screen = alternateScreen();
  let props: AppProps;
  // the rows are the latest verdict of each channel: live, from the folders' judging and each ask of the devices
  const latest = new Map<string, AuditedChannel>();
  const judged = (r: AuditResult) => {
    if (!live) latest.clear();
    for (const c of r.channels) latest.set(`${c.recorder}\u0000${c.channel}`, c);
    const channels = [...latest.values()];
    update({ rows: rowsOf({ channels, recorders: [...new Set(channels.map((c) => c.recorder))] }, lang), progress: undefined, header: { ...props.header, now: r.now } });
  };
  let watcher: ArchiveWatcher | undefined;
  let busy = false;
  let result: AuditResult | undefined;
  const header = { days: setup.policy.retentionDays, maxGapSeconds: setup.policy.maxGapSeconds, now: setup.now };
  const update = (next: Partial<AppProps>) => {
    props = { ...props, ...next };
    instance.rerender(<App {...props} />);
  };
  const audit = async () => {
    if (busy) return;
    busy = true;
    try {
      update({ progress: { text: `${lang === 'zh' ? '扫描' : 'scanning'} ${bar(0, 1)}` } });
      result = await runAudit(store, {
        ...setup,
        // live, the watcher asks the devices from its start: not twice
        devices: live ? undefined : setup.devices,
        now: live ? Date.now() : setup.now,
        prober,
        onScanProgress: (p) => update({ progress: { text: lang === 'zh' ? `扫描 ${bar(0, 1)} ${p.dirs} 个目录，新文件 ${p.files} 个` : `scanning ${bar(0, 1)} ${p.dirs} folders, ${p.files} new files` } }),
        onProbeProgress: (p) => update({ progress: { text: `${lang === 'zh' ? '检测' : 'probing '} ${bar(p.probed, p.queued)} ${p.probed}/${p.queued}` } }),
      });
      judged(result);
    } catch (e) {
      update({ progress: { text: `error: ${(e as Error).message}` } });
    } finally {
      busy = false;
    }
  };
  props = { header, color, lang, progress: { text: w(lang, 'starting') }, onQuit: () => {}, onRescan: () => void audit() };
  const instance = render(<App {...props} />, { exitOnCtrlC: false, patchConsole: false });
  try {
    await audit();
    if (live && result) {
      watcher = liveWatcher(store, { ...setup, prober }, result.scans, {
        judged,
        note: (text) => update({ header: { ...props.header, note: text } }),
        failed: (e) => update({ progress: { text: `error: ${e.message}` } }),
      });
      await watcher.start();
    }
    await instance.waitUntilExit();
  } finally {
    await watcher?.stop();
    instance.unmount();
    screen.leave();
  }
}

/** The terminal's alternate screen, left as it was on exit and on a kill (never with the cursor hidden). */
function alternateScreen(): { leave(): void } {
  const restore = () => process.stdout.write(ALT_OFF);
  const killed = () => {
    restore();
    process.exit(143);
  };
  process.stdout.write(ALT_ON);
  process.once('exit', restore);
  process.once('SIGTERM', killed);
  process.once('SIGHUP', killed);
  return {
    leave() {
      restore();
      process.removeListener('exit', restore);
      process.removeListener('SIGTERM', killed);
      process.removeListener('SIGHUP', killed);
    },
  };
}

/**
 * The watcher behind `tui --watch`: its events shown as a note, the folders judged again half a second after
 * the last one, and every result it judges (the devices' at each ask) handed to the rows.
 */
function liveWatcher(store: Store, setup: Omit<WatchOptions, 'rescanEveryMs' | 'poll' | 'emit'>, scans: AuditResult['scans'], on: { judged: (r: AuditResult) => void; note: (text: string) => void; failed: (e: Error) => void }): ArchiveWatcher {
  let timer: NodeJS.Timeout | undefined;
  return new ArchiveWatcher(store, {
    ...setup,
    rescanEveryMs: 10 * 60_000,
    poll: false,
    onJudged: (r) => {
      if (r.channels.length) on.judged(r);
    },
    emit: (e) => {
      if (e.type === 'ready') return;
      on.note(`${e.type} ${e.channel ?? ''}`.trim());
      clearTimeout(timer);
      timer = setTimeout(() => {
        void judgeArchive(store, scans, { ...setup, now: Date.now(), record: false }).then(on.judged).catch(on.failed);
      }, 500);
    },
  });
}
