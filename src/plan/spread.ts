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
  return [...eachShare(groups, n)];
}

/**
 * The units' shares one at a time, as `spread` lays them out: checking a count of 370,000 recorders looks
 * at each once and keeps none (holding them all made the garbage collector most of the plan's time).
 */
export function* eachShare(groups: Share[], n: number): Generator<Share[]> {
  // where each group's extra channels start: the cursor `spread` carries from group to group
  const starts: number[] = [];
  let cursor = 0;
  for (const g of groups) {
    starts.push(cursor);
    cursor = (cursor + (g.channels % n)) % n;
  }
  for (let i = 0; i < n; i++) {
    const share: Share[] = [];
    groups.forEach((g, j) => {
      const k = (i - starts[j]! + n) % n;
      const channels = Math.floor(g.channels / n) + (k < g.channels % n ? 1 : 0);
      if (channels > 0) share.push({ group: g.group, channels });
    });
    yield share;
  }
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

/**
 * Figures of units that differ only by name, worked out once a distinct share: 10 million channels over
 * 370,000 recorders are two shares (k and k + 1 channels), not 370,000 RAID builds. `figures` names its
 * errors by the unit's name; they are renamed for each unit.
 */
export function sharedFigures<F extends { name: string; errors: string[] }>(shares: Share[][], nameOf: (i: number) => string, figures: (name: string, share: Share[]) => F): F[] {
  const made = new Map<string, F>();
  return shares.map((share, i) => {
    const name = nameOf(i);
    const key = share.map((s) => `${s.group}\u0000${s.channels}`).join('\u0001');
    const template = made.get(key);
    if (!template) {
      const f = figures(name, share);
      made.set(key, f);
      return f;
    }
    const errors = template.errors.map((e) => (e.startsWith(template.name) ? name + e.slice(template.name.length) : e));
    return { ...template, name, groups: share, errors };
  });
}
