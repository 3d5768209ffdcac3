/** Where the index lives by default: a local state folder, never inside an archive. */
import { InputError } from '../errors.ts';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** ~/.local/state/vstor/index.db, or under $XDG_STATE_HOME. */
export function defaultIndexPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(state, 'vstor', 'index.db');
}

/** --db, else $VSTOR_DB, else the default. */
export function resolveDb(db: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  // an empty --db (an unset shell variable) must not become the current folder
  if (db !== undefined && db.trim() === '') throw new InputError('--db: expected the path of an index file, got an empty string');
  return resolve(db ?? (env.VSTOR_DB || undefined) ?? defaultIndexPath(env));
}
