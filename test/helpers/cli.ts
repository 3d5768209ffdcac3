/** Runs the real CLI as a child process, the way users and cron run it. */
import { execFile, spawnSync } from 'node:child_process';
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
    // COLUMNS unset: plan tables fit a width only when one is asked for (tests that ask set it). No rolling
    // scrub unless a test asks for it: its decodes are tested where they are the point (default-vs-deep,
    // the CLI's default below), and elsewhere they only cost the suite time
    env: { ...process.env, LANG: 'C', VSTOR_LANG: '', NO_COLOR: '1', COLUMNS: '', VSTOR_SCRUB_CYCLE: '0', ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI without blocking this process: for tests that serve the CLI something (a device) themselves. */
export function vstorAsync(args: string[], opts: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LANG: 'C', VSTOR_LANG: '', NO_COLOR: '1', COLUMNS: '', VSTOR_SCRUB_CYCLE: '0', ...opts.env },
      encoding: 'utf8',
      timeout: opts.timeout ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }));
    child.stdin?.end();
  });
}

/**
 * The CLI's own main() in this process, with the environment a child would get: for the many one-line checks
 * of bad input, where a process a check only costs the suite time. What the process adds (its exit, signals,
 * stdin) is tested through `vstor`.
 */
export async function vstorIn(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const { main } = await import('../../cli/program.ts');
  const set = { LANG: 'C', VSTOR_LANG: '', NO_COLOR: '1', COLUMNS: '', VSTOR_SCRUB_CYCLE: '0', ...env };
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  Object.assign(process.env, set);
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(args, { out: (s) => void (stdout += s), err: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
