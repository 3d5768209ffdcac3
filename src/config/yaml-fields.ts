/**
 * Reading YAML (and JSON, which YAML reads too) configuration with errors that name the file, the line
 * and the field: `site.yaml:12 groups[1].bitrate: expected ...`. Used by plan files and rule files.
 */
import { isCollection, isMap, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors.ts';
import type { Fields } from './fields.ts';

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export class MapFields implements Fields {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
    private readonly path: Path,
  ) {}

  private node(key?: string): Node | undefined {
    return this.doc.getIn(key === undefined ? this.path : [...this.path, key], true) as Node | undefined;
  }

  private line(key?: string): number {
    const node = (key !== undefined && this.node(key)) || this.node() || this.doc.contents;
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset).line;
  }

  get(key: string): unknown {
    const node = this.node(key);
    if (node === undefined) return undefined;
    const value = this.doc.getIn([...this.path, key]) as unknown;
    // lists and mappings come back as YAML nodes; callers want plain values
    return isCollection(value) ? value.toJSON() : value;
  }

  has(key: string): boolean {
    const v = this.get(key);
    return v !== undefined && v !== null;
  }

  keys(): string[] {
    const node = this.node();
    if (!isMap(node)) return [];
    return node.items.map((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key));
  }

  label(key: string): string {
    return `${this.where(key)} ${pathText([...this.path, key])}`;
  }

  where(key?: string): string {
    return `${this.file}:${this.line(key)}`;
  }
}


export function parseYamlFile(text: string, file: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new InputError(`${file}:${line}: not valid YAML or JSON: ${err.message.split('\n')[0]}`);
  }
  return { doc, lines };
}
