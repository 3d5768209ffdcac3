/**
 * Assigning camera groups to recorders or switches, and spreading a set of groups' channels evenly over
 * n units. Pure.
 */
import { InputError } from '../errors.ts';

export interface Share {
  group: string;
  channels: number;
}

/**
 * Each group's channels split over n units, the remainders dealt round-robin from where the last group's
 * ended, so that no unit has more than one channel more than another in all.
 */
export function spread(groups: Share[], n: number): Share[][] {
  const units: Share[][] = Array.from({ length: n }, () => []);
  let cursor = 0;
  for (const g of groups) {
    const base = Math.floor(g.channels / n);
    const extra = g.channels % n;
    for (let i = 0; i < n; i++) {
      const k = (i - cursor + n) % n;
      const channels = base + (k < extra ? 1 : 0);
      if (channels > 0) units[i]!.push({ group: g.group, channels });
    }
    cursor = (cursor + extra) % n;
  }
  return units;
}

interface Assignable {
  name: string;
  groups?: string[];
  where: string;
}

/**
 * Which groups each unit model takes: those it names, and for the one model that names none (a catch-all)
 * the groups nobody names. `everyGroup`: recorders must record every group; switches may leave groups
 * unconnected (their network is then not checked).
 */
export function assignGroups<T extends Assignable>(specs: T[], groupNames: string[], what: string, everyGroup: boolean): { taken: Map<T, string[]>; unassigned: string[] } {
  const owner = new Map<string, T>();
  const taken = new Map<T, string[]>();
  for (const spec of specs) {
    if (!spec.groups) continue;
    for (const name of spec.groups) {
      if (!groupNames.includes(name)) {
        throw new InputError(`${spec.where}.groups: no camera group is named "${name}"; expected one of ${groupNames.map((n) => JSON.stringify(n)).join(', ')}`);
      }
      const other = owner.get(name);
      if (other) throw new InputError(`${spec.where}.groups: camera group "${name}" is already on ${what} "${other.name}"; a group goes to one ${what} model`);
      owner.set(name, spec);
    }
    taken.set(spec, [...spec.groups]);
  }
  const rest = groupNames.filter((n) => !owner.has(n));
  const catchAll = everyGroup ? specs.filter((s) => !s.groups) : [];
  if (catchAll.length > 1 && rest.length > 0) {
    throw new InputError(`${catchAll[1]!.where}: ${catchAll.length} ${what} models name no groups; expected "groups" on all but one, so each camera group has one ${what} model`);
  }
  for (const spec of specs) if (!spec.groups) taken.set(spec, catchAll[0] === spec ? rest : []);
  const unassigned = catchAll.length === 1 ? [] : rest;
  if (everyGroup && unassigned.length > 0 && specs.length > 0) {
    throw new InputError(`camera group${unassigned.length > 1 ? 's' : ''} ${unassigned.map((n) => JSON.stringify(n)).join(', ')} on no ${what}; expected a ${what} model with "groups" naming ${unassigned.length > 1 ? 'them' : 'it'}, or one that names no groups`);
  }
  return { taken, unassigned };
}

/**
 * The smallest n in [low, high] with fits(n), for fits that is false then true as n grows: gallops up
 * from low, then bisects. Returns high when nothing fits (its figures then carry the errors).
 */
export function smallestFitting(low: number, high: number, fits: (n: number) => boolean): number {
  if (low >= high || fits(low)) return Math.min(low, high);
  let bad = low;
  let step = 1;
  let good = high;
  while (bad + step < high) {
    if (fits(bad + step)) {
      good = bad + step;
      break;
    }
    bad += step;
    step *= 2;
  }
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}
