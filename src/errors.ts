/**
 * Errors the library throws. The CLI maps them to exit codes (ARCHITECTURE.md, Contracts): an InputError is the user's
 * input being wrong (exit 2), a RuntimeError is the world failing under us (exit 3).
 */
export class InputError extends Error {
  override name = 'InputError';
}

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** Names the input and what was expected, in one line, the way every bad-input message should read. */
export function expected(input: string, value: unknown, what: string): InputError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new InputError(`${input}: expected ${what}, got ${shown}`);
}
