/**
 * A uniform view of "a set of named inputs" so that one builder reads camera groups from command-line
 * flags and from plan files alike, and every error names the input as the user wrote it
 * (`--bitrate`, or `plan.yaml:7 groups[0].bitrate`).
 */
import { InputError } from '../errors.ts';

export interface Fields {
  get(key: string): unknown;
  has(key: string): boolean;
  /** how to name this field in an error */
  label(key: string): string;
}

/** Refuses keys the builder does not know: a typo like `bitrte` must not silently fall back to a default. */
export function rejectUnknown(fields: Fields & { keys(): string[]; where(): string }, known: string[]): void {
  for (const key of fields.keys()) {
    if (!known.includes(key)) {
      throw new InputError(`${fields.label(key)}: unknown field; expected one of ${known.join(', ')}`);
    }
  }
}

/** camelCase -> --kebab-case */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function flagFields(options: Record<string, unknown>): Fields {
  return {
    get: (key) => options[key],
    has: (key) => options[key] !== undefined,
    label: flagName,
  };
}

/** `top` wins field by field over `base`: flags given on the command line over a file's fields. */
export function overlayFields(top: Fields, base?: Fields): Fields {
  if (!base) return top;
  const pick = (key: string) => (top.has(key) ? top : base);
  return { get: (key) => pick(key).get(key), has: (key) => top.has(key) || base.has(key), label: (key) => pick(key).label(key) };
}
