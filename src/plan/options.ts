/** Command-line flags -> a plan of one camera group (and optionally a plan file's groups). */
import { InputError } from '../errors.ts';
import { flagFields, flagName } from '../config/fields.ts';
import { CAMERA_FIELDS, cameraGroup, STORAGE_FIELDS, storageBuild } from './groups.ts';
import type { PlanInput } from './model.ts';
import { parsePlanFile } from './plan-file.ts';

export type PlanOptions = Record<string, string | number | undefined>;

export function storageOverrides(options: PlanOptions): Record<string, unknown> {
  return Object.fromEntries(STORAGE_FIELDS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));
}

export function planFromOptions(options: PlanOptions): PlanInput {
  const notes: string[] = [];
  const camera = cameraGroup(flagFields(options), notes, 'cameras');
  return { cameras: [camera], captures: [], storage: storageBuild(flagFields(options)), notes };
}

/** With --plan, group flags would be ambiguous (which group?), so they are refused; storage flags override. */
export function planFromFile(text: string, file: string, options: PlanOptions): PlanInput {
  const clash = CAMERA_FIELDS.filter((k) => options[k] !== undefined);
  if (clash.length > 0) {
    throw new InputError(`${flagName(clash[0]!)}: cannot be combined with --plan; set it on a group in ${file}`);
  }
  return parsePlanFile(text, file, storageOverrides(options));
}
