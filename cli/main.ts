/** The CLI's entry: runs the program (cli/program.ts) on the process's arguments. */
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2));
