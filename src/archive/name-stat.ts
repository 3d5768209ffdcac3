/**
 * stat() of the files of one folder by their bare names, from inside that folder. The kernel then resolves
 * one path component instead of the whole path: on this project's 2-core VM, 2.6 M files took 9.8 s by
 * name against 16.4 s by absolute path (`node bench/stat-by-name.mjs bench/out/ten-second`), and a cold
 * audit is mostly these calls. A folder of one file gains nothing (the chdir is itself a path lookup).
 *
 * Changing directory is the process's business, not a library's: the caller passes `chdir` when it allows
 * it (the CLI does: nothing else runs while a scan does), and `leave()` (in the scan's finally) puts the
 * working directory back. Without it, or where it fails (a folder without search permission), absolute
 * paths are used.
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { fsPath } from './names.ts';

export class NameStat {
  private readonly home: string | undefined;
  private here: string | undefined;
  private refused: string | undefined;

  constructor(private readonly chdir?: (dir: string) => void) {
    let home: string | undefined;
    try {
      home = chdir ? process.cwd() : undefined;
    } catch {
      home = undefined;
    }
    this.home = home;
  }

  /**
   * stat of `dir/name`, undefined when it vanished. `many`: the folder has enough entries to pay for the
   * chdir (itself a whole-path lookup); a folder of one hourly file does not.
   */
  stat(dir: string, name: string, many = true): Stats | undefined {
    return statSync(this.path(dir, name, many), { throwIfNoEntry: false });
  }

  /** lstat of `dir/name` (a symbolic link is not followed), the same way */
  lstat(dir: string, name: string, many = true): Stats | undefined {
    return lstatSync(this.path(dir, name, many), { throwIfNoEntry: false });
  }

  private path(dir: string, name: string, many: boolean): string | Buffer {
    // names kept as bytes (archive/names.ts) go by their exact bytes, from the top
    if (dir.includes('\uffff') || name.includes('\uffff')) return fsPath(dir, name);
    if (many && this.chdir && this.home !== undefined && this.here !== dir && this.refused !== dir) {
      try {
        this.chdir(dir);
        this.here = dir;
      } catch {
        this.refused = dir;
      }
    }
    return this.here === dir ? name : `${dir}/${name}`;
  }

  /**
   * Changes into `dir` for good (until `leave`), where allowed: the listing threads then stat by paths
   * relative to it (folder-lister.ts). True when the working directory is now `dir`.
   */
  enter(dir: string): boolean {
    if (dir.includes('\uffff')) return false;
    this.path(dir, '', true);
    return this.here === dir;
  }

  leave(): void {
    if (this.chdir && this.home !== undefined && this.here !== undefined) {
      this.chdir(this.home);
      this.here = undefined;
    }
  }
}
