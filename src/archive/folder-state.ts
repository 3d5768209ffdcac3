/**
 * Two rules about a folder the index knows, shared by the scan, the rescan check and that check's worker
 * thread. The worker runs their source text, so they stay self-contained: no imports, no inner functions.
 */

/**
 * The folder's mtime now from `stat` (an lstat): -1 when it is gone or is no longer a folder (also when a
 * folder above it became a file: ENOTDIR), or the line to report when it cannot be read (EACCES): such a
 * folder is kept as the index has it, not forgotten.
 */
export function folderMtime(stat: () => { isDirectory(): boolean; mtimeMs: number } | undefined, root: string, rel: string): number | string {
  try {
    const st = stat();
    return st && st.isDirectory() ? st.mtimeMs : -1;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOTDIR') return -1;
    return `${rel ? `${root}/${rel}` : root}: cannot read (${code ?? (e as Error).message})`;
  }
}

/**
 * Whether a rescan lists the folder again: it is gone, its mtime changed, it was touched recently (a segment
 * may still grow), or it was listed while open and must be listed once more, closed, to be packed.
 */
export function mustList(storedMtime: number | null, sealed: number | undefined, seen: number, wallClock: number, recentMs: number): boolean {
  return seen < 0 || storedMtime !== seen || sealed !== 1 || wallClock - seen <= recentMs;
}
