/**
 * Reading an input file the user named: a regular file only (a FIFO named `*.json` in an inbox hung merge
 * and verify; `/dev/zero` as a plan ran on forever), of a size an input of its kind can have. One line
 * naming the input and what was expected otherwise.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileProblem, InputError } from '../src/errors.ts';

/** 64 MiB: an audit document of 100,000 channels is ~60 MB; a plan or a fleet file is a few kB */
export const INPUT_MAX_BYTES = 64 * 1024 * 1024;

export function readInputFile(file: string, input: string, maxBytes = INPUT_MAX_BYTES): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(`${input} ${file}: not a regular file; expected a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw fileProblem(`${input} ${file}`, e);
  }
  if (size > maxBytes) throw new InputError(`${input} ${file}: ${size} bytes, more than the ${maxBytes} an input of this kind may have`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw fileProblem(`${input} ${file}`, e);
  }
}
