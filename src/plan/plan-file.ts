/**
 * Plan files (YAML, or JSON, which YAML reads too): several camera groups, capture groups and one
 * storage build. Pure: takes the text and the name to use in errors; every error names the line and the
 * field (`site.yaml:12 groups[1].bitrate: expected ...`).
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError } from '../errors.ts';
import { DEFAULTS } from './defaults.ts';
import { flagFields, rejectUnknown, type Fields } from './fields.ts';
import { CAMERA_FIELDS, CAPTURE_FIELDS, cameraGroup, captureGroup, STORAGE_FIELDS, storageBuild } from './groups.ts';
import type { PlanInput } from './model.ts';
import { parseCount } from '../units/parse.ts';

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

class MapFields implements Fields {
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
    return node === undefined ? undefined : (this.doc.getIn([...this.path, key]) as unknown);
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

const TOP_FIELDS = ['name', 'days', 'groups', 'cameras', 'captures', 'storage'];

/** Parses a plan file's text. `overrides` are storage flags given on the command line; they win. */
export function parsePlanFile(textIn: string, file: string, overrides: Record<string, unknown> = {}): PlanInput {
  const lines = new LineCounter();
  const doc = parseDocument(textIn, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new InputError(`${file}:${line}: not valid YAML or JSON: ${err.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) {
    throw new InputError(`${file}:1: expected a mapping with "groups" (camera groups), "captures" and "storage"`);
  }
  const top = new MapFields(doc, lines, file, []);
  rejectUnknown(top, TOP_FIELDS);
  const defaultDays = top.has('days') ? parseCount(top.label('days'), String(top.get('days'))) : DEFAULTS.days;
  const notes: string[] = [];

  const list = (key: string): number => {
    const node = doc.get(key, true);
    if (node === undefined || node === null) return 0;
    if (!isSeq(node)) throw new InputError(`${top.label(key)}: expected a list of groups`);
    node.items.forEach((item, i) => {
      if (!isMap(item)) throw new InputError(`${new MapFields(doc, lines, file, [key, i]).where()} ${key}[${i}]: expected a mapping of fields`);
    });
    return node.items.length;
  };
  const groupKey = top.has('groups') ? 'groups' : 'cameras';
  const cameras = Array.from({ length: list(groupKey) }, (_, i) => {
    const f = new MapFields(doc, lines, file, [groupKey, i]);
    rejectUnknown(f, CAMERA_FIELDS);
    if (!f.has('channels')) throw new InputError(`${f.label('channels')}: missing; every camera group needs a channel count`);
    return cameraGroup(f, notes, `group ${i + 1}`, defaultDays);
  });
  const captures = Array.from({ length: list('captures') }, (_, i) => {
    const f = new MapFields(doc, lines, file, ['captures', i]);
    rejectUnknown(f, CAPTURE_FIELDS);
    return captureGroup(f, `captures ${i + 1}`, defaultDays);
  });
  if (cameras.length === 0 && captures.length === 0) {
    throw new InputError(`${file}:1: no camera groups ("groups") or capture groups ("captures") to plan`);
  }
  let storageFields: MapFields | undefined;
  if (top.has('storage')) {
    storageFields = new MapFields(doc, lines, file, ['storage']);
    if (!isMap(doc.get('storage', true))) throw new InputError(`${top.label('storage')}: expected a mapping of storage fields`);
    rejectUnknown(storageFields, STORAGE_FIELDS);
  }
  const storage = storageBuild(flagFields(overrides), storageFields);
  return { name: top.has('name') ? String(top.get('name')) : undefined, cameras, captures, storage, notes };
}
