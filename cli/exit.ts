/** Exit codes for every command (ARCHITECTURE.md, Contracts): the contract cron jobs and scripts rely on. */
import { CommanderError } from 'commander';
import { InputError, RuntimeError } from '../src/errors.ts';
import { explainIndexError } from '../src/index/errors.ts';

export const EXIT = { ok: 0, ruleBroken: 1, usage: 2, runtime: 3 } as const;

/** Maps anything thrown to one line on stderr and an exit code; stack traces only with VSTOR_DEBUG. */
export function exitCodeFor(error: unknown): { code: number; message?: string } {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return { code: EXIT.ok };
    }
    // commander has already printed its own message.
    return { code: EXIT.usage };
  }
  if (error instanceof InputError) return { code: EXIT.usage, message: error.message };
  if (error instanceof RuntimeError) return { code: EXIT.runtime, message: error.message };
  const index = explainIndexError(error);
  if (index) return { code: EXIT.runtime, message: index };
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT' && err.path) return { code: EXIT.usage, message: `${err.path}: no such file or directory` };
  return { code: EXIT.runtime, message: `internal error: ${err?.message ?? String(error)}` };
}
