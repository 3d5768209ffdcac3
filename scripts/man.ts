/**
 * Writes man/vstor.1 from the commands' own help (cli/help.ts manPage): `npx tsx scripts/man.ts`. The test
 * test/cli/help.test.ts fails when the page and the help differ.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manText } from '../cli/man.ts';

const file = fileURLToPath(new URL('../man/vstor.1', import.meta.url));
writeFileSync(file, await manText());
process.stdout.write(`${file}\n`);
