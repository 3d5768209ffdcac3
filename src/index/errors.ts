/**
 * What an SQLite error on the index means to the person running vstor. Kept apart from open.ts so that the
 * CLI can explain an error without loading SQLite.
 */

/** the index most recently opened: what an SQLite error met later in the run is about */
let current = '';

export function indexInUse(file: string): void {
  current = file;
}

/**
 * One line for an SQLite error on the index: which file, what happened, what to do. Undefined for errors
 * that are not SQLite's. Writes are transactions, so whatever failed left the index as it was.
 */
export function explainIndexError(e: unknown, file = current): string | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const why = (e as Error).message;
  if (code.startsWith('SQLITE_FULL')) return `index ${file}: disk full (${why}); free space on its disk or use --db elsewhere; the index was left as it was`;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return `index ${file}: damaged (${why}); move it aside (mv ${file} ${file}.bad) and run again to build a new one; past audits stay in the moved file`;
  }
  if (code.startsWith('SQLITE_READONLY')) return `index ${file}: cannot be written (${why}); make it and its folder writable for this user, or use --db elsewhere`;
  if (code.startsWith('SQLITE_CANTOPEN')) return `index ${file}: cannot be opened (${why}); expected a file this user may create and write, on a local disk`;
  if (code.startsWith('SQLITE_IOERR')) return `index ${file}: the disk failed a read or write (${why}); check the disk holding it`;
  return `index ${file}: ${why} (${code})`;
}
