/**
 * Reading YAML (and JSON, which YAML reads too) configuration with errors that name the file, the line
 * and the field: `site.yaml:12 groups[1].bitrate: expected ...`. Used by plan files, rule files and fleet
 * files.
 *
 * The values come from js-yaml (YAML 1.2 core schema: dates stay text, duplicate keys are refused), which
 * reads a 6 MB plan of 100,000 groups in 0.3 s and 110 MB; the `yaml` library's documents, which keep every
 * node's position, took 4 s and 750 MB for it (bench/plan.ts). Lines are found only for an error: a label
 * carries its path as a marker (`site.yaml:@...@ groups[1].bitrate`), and `withLines` turns the markers of
 * an error that leaves the parser into line numbers, reading the file's positions then.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors.ts';
import type { Fields } from './fields.ts';

export type Path = (string | number)[];

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** A mapping in YAML terms: a plain object, not a list or a scalar. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parsed file: its values, and the lines of its nodes when an error needs one. */
export class YamlFile {
  private positions?: { doc: Document; lines: LineCounter };

  constructor(
    readonly text: string,
    readonly file: string,
    readonly data: unknown,
  ) {}

  /** the value at a path, or undefined */
  at(path: Path): unknown {
    let v: unknown = this.data;
    for (const p of path) {
      if (typeof p === 'number' ? !Array.isArray(v) : !isMapping(v)) return undefined;
      v = (v as Record<string | number, unknown>)[p];
    }
    return v;
  }

  /** The line of the node at `path`, else of the nearest node above it that exists. */
  lineOf(path: Path): number {
    this.positions ??= (() => {
      const lines = new LineCounter();
      return { doc: parseDocument(this.text, { lineCounter: lines, prettyErrors: false }), lines };
    })();
    const { doc, lines } = this.positions;
    for (let n = path.length; n >= 0; n--) {
      const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  }

  /** paths of the mappings read, by number: a marker names one and a key, so labels cost a string each */
  private readonly bases: Path[] = [];

  base(path: Path): number {
    return this.bases.push(path) - 1;
  }

  /** `file:@<base>/<key>@`: where a field is, resolved to `file:<line>` by `withLines` */
  marker(base: number, key?: string): string {
    return `${this.file}:@${base}${key === undefined ? '' : `/${encodeURIComponent(key)}`}@`;
  }

  /** Text with every marker of this file turned into its line. */
  resolve(text: string): string {
    return text.replace(/:@(\d+)(?:\/([^@\s]*))?@/g, (whole, base: string, key: string | undefined) => {
      const path = this.bases[Number(base)];
      if (!path) return whole;
      return `:${this.lineOf(key === undefined ? path : [...path, decodeURIComponent(key)])}`;
    });
  }
}

export class MapFields implements Fields {
  private readonly base: number;
  private readonly prefix: string;

  constructor(
    private readonly yf: YamlFile,
    private readonly path: Path,
  ) {
    this.base = yf.base(path);
    this.prefix = pathText(path);
  }

  private map(): Record<string, unknown> | undefined {
    const v = this.yf.at(this.path);
    return isMapping(v) ? v : undefined;
  }

  get(key: string): unknown {
    return this.map()?.[key];
  }

  has(key: string): boolean {
    const v = this.get(key);
    return v !== undefined && v !== null;
  }

  keys(): string[] {
    return Object.keys(this.map() ?? {});
  }

  label(key: string): string {
    return `${this.yf.marker(this.base, key)} ${this.prefix ? `${this.prefix}.${key}` : key}`;
  }

  where(key?: string): string {
    return this.yf.marker(this.base, key);
  }
}

export function parseYamlFile(text: string, file: string): YamlFile {
  try {
    return new YamlFile(text, file, load(text, { schema: CORE_SCHEMA, filename: file }));
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    // js-yaml reads past the end as a line of its own: an error there is on the text's last line
    const last = Math.max(1, text.replace(/\n$/, '').split('\n').length);
    throw new InputError(`${file}:${Math.min((e.mark?.line ?? 0) + 1, last)}: not valid YAML or JSON: ${e.reason}`, { cause: e });
  }
}

/** Runs a reader over a file; an input error it throws names lines, not markers. */
export function withLines<T>(yf: YamlFile, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && e.message.includes(':@')) throw new InputError(yf.resolve(e.message), { cause: e });
    throw e;
  }
}
