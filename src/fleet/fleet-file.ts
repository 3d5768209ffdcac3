/**
 * The fleet file (`vstor merge --fleet fleet.yaml`): the recorders a fleet has and the channels each is
 * expected to record, so that a recorder that sent nothing, or a channel missing from its audit, counts
 * against the fleet instead of vanishing from it. Pure: text in, list out; errors name the line.
 *
 *   recorders:
 *     - name: nvr-01              # as its audits name it (NAME=PATH, or the root)
 *       channels: [gate, dock]    # expected channels, or a count: 64
 *       key: 3f2a9c0d1e2b4a5c     # the keyId (vstor verify prints it) that may speak for it (optional)
 *       days: 90                  # the retention it is held to (optional; else merge --days, 90)
 */
import { rejectUnknown } from '../config/fields.ts';
import { isMapping, MapFields, parseYamlFile, withLines, type YamlFile } from '../config/yaml-fields.ts';
import { expected, InputError } from '../errors.ts';
import { parseCount } from '../units/parse.ts';

export interface FleetRecorder {
  name: string;
  channels?: string[];
  count?: number;
  /** the keyId that may sign its documents */
  key?: string;
  /** the retention it is held to */
  days?: number;
}

export function parseFleetFile(text: string, file: string): FleetRecorder[] {
  const yf = parseYamlFile(text, file);
  return withLines(yf, () => readFleet(yf));
}

function readFleet(yf: YamlFile): FleetRecorder[] {
  if (!isMapping(yf.data)) throw new InputError(`${yf.file}:1: expected a mapping with "recorders"`);
  const top = new MapFields(yf, []);
  rejectUnknown(top, ['recorders']);
  const list = yf.at(['recorders']);
  if (!Array.isArray(list) || list.length === 0) throw new InputError(`${top.label('recorders')}: expected a list of recorders, each with a name and its channels`);
  const seen = new Set<string>();
  return list.map((item: unknown, i) => {
    const f = new MapFields(yf, ['recorders', i]);
    if (!isMapping(item)) throw new InputError(`${f.where()} recorders[${i}]: expected a mapping with name and channels`);
    rejectUnknown(f, ['name', 'channels', 'key', 'days']);
    const name = f.get('name');
    if (typeof name !== 'string' || !name.trim()) throw expected(f.label('name'), name ?? '', 'the recorder\'s name, as its audits name it');
    if (seen.has(name)) throw new InputError(`${f.label('name')}: "${name}" is listed twice`);
    seen.add(name);
    const extra: Pick<FleetRecorder, 'key' | 'days'> = {};
    const key = f.get('key');
    if (key !== undefined) {
      if (typeof key !== 'string' || !/^[0-9a-f]{16}$/.test(key)) throw expected(f.label('key'), key, 'a key id: 16 hex digits, as vstor verify prints it');
      extra.key = key;
    }
    const days = f.get('days');
    if (days !== undefined) extra.days = parseCount(f.label('days'), String(days));
    const ch = f.get('channels');
    if (ch === undefined) return { name, ...extra };
    if (Array.isArray(ch)) {
      if (!ch.every((c) => typeof c === 'string' || typeof c === 'number')) throw expected(f.label('channels'), JSON.stringify(ch), 'a list of channel names or a count');
      return { name, channels: ch.map(String), ...extra };
    }
    return { name, count: parseCount(f.label('channels'), String(ch)), ...extra };
  });
}
