/**
 * Opening the index: a local SQLite file in WAL mode (never inside the archive, never on a network file
 * system, where WAL does not work), migrated to the current schema.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { RuntimeError } from '../errors.ts';
import { MIGRATIONS } from './migrations.ts';

export { defaultIndexPath } from './path.ts';

export type DB = Database.Database;

export function openIndex(file: string): DB {
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
    throw new RuntimeError(`index ${file}: cannot open (${(e as Error).message})`);
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
