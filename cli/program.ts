/** The command line: parses arguments, runs a command, maps the outcome to an exit code (cli/main.ts runs it). */
import { VERSION } from '../src/version.ts';
import { Command, CommanderError } from 'commander';
import { exitCodeFor, EXIT } from './exit.ts';
import { addHelpPages } from './help.ts';
import type { IO } from './io.ts';

type Register = (program: Command, io: IO) => void;

/** Which module defines which commands: only the one asked for is loaded (the index and TUI are heavy). */
const MODULES: [string[], () => Promise<Register>][] = [
  [['plan'], async () => (await import('./commands/plan.ts')).registerPlan],
  [['audit', 'scan', 'report', 'history'], async () => (await import('./commands/audit.ts')).registerAudit],
  [['tui'], async () => (await import('./commands/tui.tsx')).registerTui],
  [['watch'], async () => (await import('./commands/watch.ts')).registerWatch],
  [['samples'], async () => (await import('./commands/samples.ts')).registerSamples],
  [['merge', 'verify', 'keygen'], async () => (await import('./commands/fleet.ts')).registerFleet],
];

/**
 * The program with the commands `argv` asks for (all of them when it names none): only the module asked for
 * is loaded, since the index and the TUI are heavy.
 */
export async function buildProgram(io: IO, argv: string[] = []): Promise<Command> {
  const program = new Command('vstor')
    .description('Video-surveillance storage: plan capacity, audit retention (视频监控存储：容量规划与存储时长核查)')
    .version(VERSION)
    .exitOverride()
    // one line, as every other bad input: commander's message with where to look, not a second line
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(`vstor: ${text.replace(/^error: /, '').trim()} (see --help)\n`) });
  const asked = argv.find((a) => !a.startsWith('-'));
  const wanted = MODULES.filter(([names]) => asked !== undefined && names.includes(asked));
  for (const [, load] of wanted.length > 0 ? wanted : MODULES) (await load())(program, io);
  for (const cmd of program.commands) cmd.exitOverride();
  addHelpPages(program);
  return program;
}

/** Runs the command `argv` names; its output to the process's stdout and stderr, or to `sink` (tests). */
export async function main(argv: string[], sink: Pick<IO, 'out' | 'err'> = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) }): Promise<number> {
  let exitCode: number = EXIT.ok;
  const io: IO = {
    ...sink,
    setExit: (n: number) => {
      exitCode = Math.max(exitCode, n);
    },
  };
  const program = await buildProgram(io, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (message) io.err(`vstor: ${message}\n`);
    if (process.env.VSTOR_DEBUG && !(error instanceof CommanderError)) io.err(`${causeChain(error)}\n`);
    return code;
  }
  return exitCode;
}

/** The error's stack and each cause under it: what VSTOR_DEBUG=1 prints. */
function causeChain(error: unknown): string {
  const out: string[] = [];
  for (let e = error as Error | undefined, depth = 0; e && depth < 10; e = e.cause as Error | undefined, depth++) out.push(depth === 0 ? String(e.stack ?? e) : `caused by: ${String(e.stack ?? e)}`);
  return out.join('\n');
}
