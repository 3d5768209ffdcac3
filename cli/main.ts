/** The command line: parses arguments, runs a command, maps the outcome to an exit code. */
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.ts';
import { registerPlan } from './commands/plan.ts';
import { registerSamples } from './commands/samples.ts';
import { exitCodeFor, EXIT } from './exit.ts';

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const io = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    setExit: (n: number) => {
      exitCode = Math.max(exitCode, n);
    },
  };
  const program = new Command('vstor')
    .description('Video-surveillance storage: plan capacity, audit retention (视频监控存储：容量规划与存储时长核查)')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerPlan(program, io);
  registerAudit(program, io);
  registerSamples(program, io);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (message) io.err(`vstor: ${message}\n`);
    if (process.env.VSTOR_DEBUG && !(error instanceof CommanderError)) io.err(`${(error as Error).stack}\n`);
    return code;
  }
  return exitCode;
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
