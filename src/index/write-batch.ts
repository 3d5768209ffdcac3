/**
 * A scan's writes, a batch of folders at a time: one transaction opened at the first write, committed with
 * its packs once it holds BATCH_DIRS folders or BATCH_FILES files (one transaction a folder would cost a
 * sync each; one for a whole scan of millions of files would hold the lock for minutes and lose it all on a
 * crash), rolled back whole when a write fails.
 */
import type { Store } from './store.ts';

const BATCH_DIRS = 2_000;
const BATCH_FILES = 50_000;

export class WriteBatch {
  private open = false;
  private dirs = 0;
  private files = 0;

  constructor(
    private readonly store: Store,
    /** after each commit: what was written is in the index now */
    private readonly onCommitted?: () => void,
  ) {}

  /** Opens the batch's transaction, if it is not open. */
  begin(): void {
    if (this.open) return;
    this.store.begin();
    this.open = true;
  }

  /** A folder and its files written; true when that filled the batch and it was committed. */
  wrote(files: number): boolean {
    this.dirs++;
    this.files += files;
    if (this.dirs < BATCH_DIRS && this.files < BATCH_FILES) return false;
    this.commit();
    return true;
  }

  commit(): void {
    if (!this.open) return;
    this.store.flushPacks();
    this.store.commit();
    this.open = false;
    this.dirs = 0;
    this.files = 0;
    this.onCommitted?.();
  }

  /** The batch under way undone, and what the store queued for it forgotten. */
  abort(): void {
    this.store.discardQueued();
    this.store.rollback();
    this.open = false;
  }
}
