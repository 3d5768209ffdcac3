/**
 * The folders a watcher follows live, and word when one of them changes. One `fs.watch` (an inotify watch)
 * a folder, never one a file: chokidar, used here before, watches every file it has seen in a followed
 * folder, and at 2000 segments a minute its memory grew without end (122 -> 394 MB in 10 minutes,
 * bench/watch-load.ts). The watcher needs to know only which folder changed: it lists that folder itself.
 * With `poll` (NFS, SMB: no inotify events from other machines), or once inotify runs out of watches,
 * each followed folder's mtime is looked at every interval instead.
 */
import { lstatSync, watch, type FSWatcher } from 'node:fs';

export interface LiveFolderOptions {
  poll: boolean;
  intervalMs: number;
  onChange: (folder: string) => void;
  onWarning: (text: string) => void;
}

export class LiveFolders {
  private readonly watchers = new Map<string, FSWatcher>();
  /** folder -> its mtime when last looked at (polling) */
  private readonly polled = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private polling: boolean;
  private closed = false;

  constructor(private readonly opts: LiveFolderOptions) {
    this.polling = opts.poll;
  }

  get size(): number {
    return this.polling ? this.polled.size : this.watchers.size;
  }

  /** Follows exactly these folders from now on. */
  set(folders: Iterable<string>): void {
    if (this.closed) return;
    const want = new Set(folders);
    const have = this.polling ? this.polled : this.watchers;
    for (const f of [...have.keys()]) if (!want.has(f)) this.drop(f);
    for (const f of want) if (!have.has(f)) this.add(f);
  }

  private add(folder: string): void {
    if (this.polling) {
      this.polled.set(folder, mtimeOf(folder));
      this.timer ??= setInterval(() => this.poll(), this.opts.intervalMs);
      return;
    }
    try {
      const w = watch(folder, { persistent: true }, () => this.opts.onChange(folder));
      w.on('error', () => this.drop(folder));
      this.watchers.set(folder, w);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC') {
        this.opts.onWarning('inotify ran out of watches: raise fs.inotify.max_user_watches (sysctl -w fs.inotify.max_user_watches=524288); polling meanwhile');
        this.toPolling();
        this.add(folder);
      }
      // a folder gone (ENOENT) or closed to this user (EACCES) is the scans' to report
    }
  }

  private drop(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
    this.polled.delete(folder);
  }

  private toPolling(): void {
    const folders = [...this.watchers.keys()];
    for (const f of folders) this.drop(f);
    this.polling = true;
    for (const f of folders) this.add(f);
  }

  private poll(): void {
    for (const [folder, before] of this.polled) {
      const now = mtimeOf(folder);
      if (now !== before) {
        this.polled.set(folder, now);
        this.opts.onChange(folder);
      }
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const f of [...this.watchers.keys()]) this.drop(f);
    this.polled.clear();
  }
}

function mtimeOf(folder: string): number {
  try {
    return lstatSync(folder).mtimeMs;
  } catch {
    return -1;
  }
}
