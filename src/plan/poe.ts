/**
 * PoE power a switch port allocates, by class: the power sourcing equipment (PSE) output the IEEE
 * standards set for each class. A switch's PoE budget is spent by these allocations, not by what the
 * camera happens to draw. Sources: IEEE 802.3af-2003 (classes 0-3: 15.4 W, 4 W, 7 W, 15.4 W),
 * IEEE 802.3at-2009 (class 4: 30 W), IEEE 802.3bt-2018 (classes 5-8: 45, 60, 75, 90 W).
 * Fixed cameras are usually class 3 (802.3af); PTZ cameras with IR or heaters need 802.3at or bt.
 */
import { expected } from '../errors.ts';
import { big } from '../units/decimal.ts';
import type { PoeFigure } from './model.ts';

const CLASS_WATTS = [15.4, 4, 7, 15.4, 30, 45, 60, 75, 90];
const STANDARD = ['802.3af', '802.3af', '802.3af', '802.3af', '802.3at', '802.3bt', '802.3bt', '802.3bt', '802.3bt'];
const NAMED: Record<string, number> = { af: 3, poe: 3, at: 4, 'poe+': 4, bt: 6, 'poe++': 6, 'bt-type3': 6, 'bt-type4': 8 };

/** The default when a group says nothing: a fixed camera on 802.3af. */
export const DEFAULT_POE = 'class3';

const classes = new Map<number, PoeFigure>();
/** one figure a class, shared by every group of it (its values are immutable) */
function ofClass(n: number): PoeFigure {
  let f = classes.get(n);
  if (!f) classes.set(n, (f = { watts: big(CLASS_WATTS[n]!), source: `class ${n} (${STANDARD[n]})` }));
  return f;
}

/** `class4`, `at`, `802.3bt`, `12.95W`, `25 W`. */
export function parsePoe(input: string, text: string | number): PoeFigure {
  const key = String(text).trim().toLowerCase().replace(/^(ieee\s*)?802\.3/, '');
  const cls = /^class\s*([0-8])$/.exec(key);
  if (cls) return ofClass(Number(cls[1]));
  if (key in NAMED) return ofClass(NAMED[key]!);
  const w = /^(\d+(?:\.\d+)?)\s*w$/.exec(key);
  if (w && Number(w[1]) > 0) return { watts: big(w[1]!), source: `${w[1]} W given` };
  throw expected(input, text, 'a PoE class (class0 to class8, af, at, bt) or watts such as 12.95W');
}

/** Watts: `370W`, `740 W`. */
export function parseWatts(input: string, text: string | number) {
  const m = /^(\d+(?:\.\d+)?)\s*w$/i.exec(String(text).trim());
  if (!m || !(Number(m[1]) > 0)) throw expected(input, text, 'a power in watts above zero, e.g. 370W');
  return big(m[1]!);
}
