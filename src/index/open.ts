/**
 * Opening the index: a local SQLite file in WAL mode (never inside the archive, never on a network file
 * system, where WAL does not work), migrated to the current schema.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError, RuntimeError } from '../errors.ts';
import { explainIndexError, indexInUse } from './errors.ts';
import { MIGRATIONS } from './migrations.ts';

export { defaultIndexPath } from './path.ts';

export type DB = Database.Database;

export function openIndex(file: string, opts: { mustExist?: boolean } = {}): DB {
  indexInUse(file);
  if (opts.mustExist && file !== ':memory:' && !existsSync(file)) {
    throw new InputError(`--db ${file}: no such index; expected the index an audit wrote (see --db and $VSTOR_DB)`);
  }
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = OFF');
    migrate(db);
    return db;
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError(explainIndexError(e) ?? `index ${file}: cannot open (${(e as Error).message})`, { cause: e });
  }
}

function migrate(db: DB): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new RuntimeError(`schema version ${version} is newer than this vstor knows (${MIGRATIONS.length}); upgrade vstor`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
