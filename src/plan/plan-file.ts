/**
 * Plan files (YAML, or JSON, which YAML reads too): several camera groups, capture groups and one
 * storage build. Pure: takes the text and the name to use in errors; every error names the line and the
 * field (`site.yaml:12 groups[1].bitrate: expected ...`).
 */
import { isMapping, MapFields, parseYamlFile, withLines, type YamlFile } from '../config/yaml-fields.ts';
import { InputError } from '../errors.ts';
import { DEFAULTS } from './defaults.ts';
import { flagFields, overlayFields, rejectUnknown } from '../config/fields.ts';
import { ARCHIVE_FIELDS, archiveTier, PLAN_WIDE_FIELDS, planWide, RECORDER_FIELDS, recorderSpec, SWITCH_FIELDS, switchSpec } from './equipment.ts';
import { CAMERA_FIELDS, CAPTURE_FIELDS, cameraGroup, captureGroup, STORAGE_FIELDS, storageBuild } from './groups.ts';
import type { PlanInput } from './model.ts';
import { assignGroups } from './spread.ts';
import { parseCount } from '../units/parse.ts';

const TOP_FIELDS = ['name', 'days', 'groups', 'cameras', 'captures', 'storage', 'recorders', 'switches', 'archive', ...PLAN_WIDE_FIELDS];

/** Parses a plan file's text. `overrides` are storage and plan-wide flags given on the command line; they win. */
export function parsePlanFile(textIn: string, file: string, overrides: Record<string, unknown> = {}): PlanInput {
  const yf = parseYamlFile(textIn, file);
  const input = withLines(yf, () => readPlan(yf, overrides));
  // notes name fields too; only then are the file's lines read
  return input.notes.some((n) => n.includes(':@')) ? { ...input, notes: input.notes.map((n) => yf.resolve(n)) } : input;
}

function readPlan(yf: YamlFile, overrides: Record<string, unknown>): PlanInput {
  const file = yf.file;
  if (!isMapping(yf.data)) {
    throw new InputError(`${file}:1: expected a mapping with "groups" (camera groups), "captures" and "storage"`);
  }
  const top = new MapFields(yf, []);
  rejectUnknown(top, TOP_FIELDS);
  const defaultDays = top.has('days') ? parseCount(top.label('days'), String(top.get('days'))) : DEFAULTS.days;
  const notes: string[] = [];

  const list = (key: string): number => {
    const node = yf.at([key]);
    if (node === undefined || node === null) return 0;
    if (!Array.isArray(node)) throw new InputError(`${top.label(key)}: expected a list of ${key === "groups" || key === "cameras" ? "camera groups" : key}`);
    node.forEach((item, i) => {
      if (!isMapping(item)) throw new InputError(`${new MapFields(yf, [key, i]).where()} ${key}[${i}]: expected a mapping of fields`);
    });
    return node.length;
  };
  const groupKey = top.has('groups') ? 'groups' : 'cameras';
  const cameras = Array.from({ length: list(groupKey) }, (_, i) => {
    const f = new MapFields(yf, [groupKey, i]);
    rejectUnknown(f, CAMERA_FIELDS);
    if (!f.has('channels')) throw new InputError(`${f.label('channels')}: missing; every camera group needs a channel count`);
    return cameraGroup(f, notes, `group ${i + 1}`, defaultDays);
  });
  const captures = Array.from({ length: list('captures') }, (_, i) => {
    const f = new MapFields(yf, ['captures', i]);
    rejectUnknown(f, CAPTURE_FIELDS);
    return captureGroup(f, `captures ${i + 1}`, defaultDays);
  });
  const seen = new Set<string>();
  cameras.forEach((g, i) => {
    if (seen.has(g.name)) throw new InputError(`${new MapFields(yf, [groupKey, i]).label('name')}: "${g.name}" names two camera groups; recorders and switches pick groups by name, so names must differ`);
    seen.add(g.name);
  });
  if (cameras.length === 0 && captures.length === 0) {
    throw new InputError(`${file}:1: no camera groups ("groups") or capture groups ("captures") to plan`);
  }
  let storageFields: MapFields | undefined;
  if (top.has('storage')) {
    storageFields = new MapFields(yf, ['storage']);
    if (!isMapping(yf.at(['storage']))) throw new InputError(`${top.label('storage')}: expected a mapping of storage fields`);
    rejectUnknown(storageFields, STORAGE_FIELDS);
  }
  const storage = storageBuild(flagFields(overrides), storageFields);
  const section = <T>(key: string, known: string[], make: (f: MapFields, i: number, where: string) => T): T[] =>
    Array.from({ length: list(key) }, (_, i) => {
      const f = new MapFields(yf, [key, i]);
      rejectUnknown(f, known);
      return make(f, i, `${f.where()} ${key}[${i}]`);
    });
  const recorders = section('recorders', RECORDER_FIELDS, (f, i, where) => recorderSpec(f, `recorder ${i + 1}`, where));
  const switches = section('switches', SWITCH_FIELDS, (f, i, where) => switchSpec(f, `switch ${i + 1}`, where));
  // the groups each names are checked here, where an error can name its line; the plan then finds them sound
  const names = cameras.map((c) => c.name);
  assignGroups(recorders, names, 'recorder', true);
  assignGroups(switches, names, 'switch', false);
  for (const [key, specs] of [['recorders', recorders], ['switches', switches]] as const) specs.forEach((spec, i) => (spec.where = `${file} ${key}[${i}]`));
  let archive;
  if (top.has('archive')) {
    if (!isMapping(yf.at(['archive']))) throw new InputError(`${top.label('archive')}: expected a mapping of archive-tier fields (days, disk, raid, ...)`);
    const f = new MapFields(yf, ['archive']);
    rejectUnknown(f, ARCHIVE_FIELDS);
    archive = archiveTier(f, storage, cameras);
  }
  return {
    name: top.has('name') ? String(top.get('name')) : undefined,
    cameras,
    captures,
    storage,
    recorders,
    switches,
    archive,
    ...planWide(overlayFields(flagFields(overrides), top)),
    notes,
  };
}
