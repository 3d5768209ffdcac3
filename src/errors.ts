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

/**
 * A file or folder that could not be read, said the one way every command says it, with the system error
 * kept as its cause (VSTOR_DEBUG=1 prints the chain): `--plan site.yaml: no such file`, `--trust keys/: cannot
 * read (EACCES)`, `... ; expected <what>`.
 */
export function fileProblem(name: string, e: unknown, opts: { kind?: 'file' | 'folder' | 'file or folder'; expected?: string } = {}): InputError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const what = code === 'ENOENT' ? `no such ${opts.kind ?? 'file'}` : code === 'EISDIR' ? 'is a folder' : code === 'ENOTDIR' ? 'is not a folder' : `cannot read (${code ?? (e as Error)?.message ?? 'unknown'})`;
  return new InputError(`${name}: ${what}${opts.expected ? `; expected ${opts.expected}` : ''}`, { cause: e });
}
