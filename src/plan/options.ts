/** Command-line flags -> a plan of one camera group (and optionally a plan file's groups). */
import { InputError } from '../errors.ts';
import { flagFields, flagName, type Fields } from '../config/fields.ts';
import { CAMERA_FIELDS, cameraGroup, STORAGE_FIELDS, storageBuild } from './groups.ts';
import { archiveTier, PLAN_WIDE_FIELDS, planWide, recorderSpec } from './equipment.ts';
import type { PlanInput, RecorderSpec } from './model.ts';
import { parsePlanFile } from './plan-file.ts';

export type PlanOptions = Record<string, string | number | undefined>;

/** Flags that describe one recorder model (`--recorders auto --recorder-inbound 320Mbps --recorder-bays 16`). */
export const RECORDER_FLAGS = ['recorders', 'recorderInbound', 'recorderBays', 'recorderChannels', 'recorderStandby', 'reserve'];
/** Flags of the archive tier (`--archive-days 60 --archive-disk 20TB`). */
export const ARCHIVE_FLAGS = ['archiveDays', 'archiveDisk', 'archiveRaid', 'archiveRaidGroup', 'archiveBays'];

export function storageOverrides(options: PlanOptions): Record<string, unknown> {
  return Object.fromEntries([...STORAGE_FIELDS, ...PLAN_WIDE_FIELDS].filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

/** `--recorder-*` flags read as a recorder's fields; the disk, RAID and group come from the storage flags. */
function recorderFromFlags(options: PlanOptions): RecorderSpec[] {
  const given = RECORDER_FLAGS.filter((k) => options[k] !== undefined);
  if (given.length === 0) return [];
  const map: Record<string, string> = { recorders: 'count', recorderInbound: 'inbound', recorderBays: 'bays', recorderChannels: 'maxChannels', recorderStandby: 'standby', reserve: 'reserve', disk: 'disk', raid: 'raid', raidGroup: 'raidGroup' };
  const back = Object.fromEntries(Object.entries(map).map(([flag, field]) => [field, flag]));
  const f: Fields = {
    get: (key) => options[back[key] ?? ''],
    has: (key) => back[key] !== undefined && options[back[key]!] !== undefined,
    label: (key) => flagName(back[key] ?? key),
  };
  if (!f.has('inbound') || !f.has('bays')) {
    throw new InputError(`${flagName(given[0]!)}: a recorder needs --recorder-inbound (its inbound rating, e.g. 320Mbps) and --recorder-bays`);
  }
  return [recorderSpec(f, 'nvr', '--recorders')];
}

function archiveFromFlags(options: PlanOptions, input: Pick<PlanInput, 'storage' | 'cameras'>): PlanInput['archive'] {
  if (options.archiveDays === undefined) {
    const stray = ARCHIVE_FLAGS.find((k) => options[k] !== undefined);
    if (stray) throw new InputError(`${flagName(stray)}: needs --archive-days, the days of the retention the archive tier keeps`);
    return undefined;
  }
  const key = (field: string) => `archive${field[0]!.toUpperCase()}${field.slice(1)}`;
  const f: Fields = { get: (k) => options[key(k)], has: (k) => options[key(k)] !== undefined, label: (k) => flagName(key(k)) };
  return archiveTier(f, input.storage, input.cameras);
}

export function planFromOptions(options: PlanOptions): PlanInput {
  const notes: string[] = [];
  const camera = cameraGroup(flagFields(options), notes, 'cameras');
  const storage = storageBuild(flagFields(options));
  return {
    cameras: [camera],
    captures: [],
    storage,
    recorders: recorderFromFlags(options),
    switches: [],
    archive: archiveFromFlags(options, { storage, cameras: [camera] }),
    ...planWide(flagFields(options)),
    notes,
  };
}

/** With --plan, group flags would be ambiguous (which group?), so they are refused; storage and plan-wide flags override. */
export function planFromFile(text: string, file: string, options: PlanOptions): PlanInput {
  const clash = [...CAMERA_FIELDS, ...RECORDER_FLAGS, ...ARCHIVE_FLAGS].filter((k) => options[k] !== undefined);
  if (clash.length > 0) {
    throw new InputError(`${flagName(clash[0]!)}: cannot be combined with --plan; set it in ${file}`);
  }
  return parsePlanFile(text, file, storageOverrides(options));
}
