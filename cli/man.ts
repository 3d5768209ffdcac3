/** The man page's text, from a program with every command at a fixed width (scripts/man.ts writes it). */
import type { Command } from 'commander';
import { VERSION } from '../src/version.ts';
import { manPage } from './help.ts';
import { buildProgram } from './program.ts';

export async function manText(): Promise<string> {
  const program = await buildProgram({ out: () => {}, err: () => {}, setExit: () => {} });
  const fix = (cmd: Command) => {
    cmd.configureHelp({ helpWidth: 100 });
    for (const sub of cmd.commands) fix(sub);
  };
  fix(program);
  return manPage(program, VERSION);
}
