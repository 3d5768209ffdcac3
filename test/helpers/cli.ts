/** Runs the real CLI as a child process, the way users and cron run it. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/vstor.js`;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function vstor(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeout?: number } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    // COLUMNS unset: plan tables fit a width only when one is asked for (tests that ask set it)
    env: { ...process.env, LANG: 'C', VSTOR_LANG: '', NO_COLOR: '1', COLUMNS: '', ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
