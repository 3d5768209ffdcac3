/**
 * The TUI's state as a pure reducer: what is listed, in what order, where the cursor is, and which view
 * is open. Key handling lives here so it can be tested without a terminal.
 */
import { VERDICT_ORDER, type Verdict } from '../../src/audit/verdict.ts';

export interface Row {
  /** the channel's name, with its recorder in front when the audit has several: what a row is known by */
  channel: string;
  /** when the audit has several recorders: the recorder and the channel's own name, to cut the recorder first */
  recorder?: string;
  name?: string;
  verdict: Verdict;
  retainedDays: number;
  coverage: number;
  biggestGapSeconds: number;
  damaged: number;
  bitrateBps: number | null;
  reasons: string[];
  warnings: string[];
  gaps: { start: number; end: number; seconds: number }[];
  daily: { covered: number[]; damaged: number[] };
}

export type SortKey = 'verdict' | 'name' | 'retained' | 'coverage';
export const SORTS: SortKey[] = ['verdict', 'name', 'retained', 'coverage'];

export interface State {
  rows: Row[];
  cursor: number;
  filter: string;
  /** typing a filter after `/` */
  filtering: boolean;
  sort: SortKey;
  failuresOnly: boolean;
  /** the channel whose detail is open */
  detail?: string;
  /** table rows that fit on screen */
  pageSize: number;
  quit: boolean;
  /** asked for a rescan with `r` */
  rescan: boolean;
}

export interface Key {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export type Action = { type: 'load'; rows: Row[] } | { type: 'resize'; pageSize: number } | { type: 'key'; input: string; key: Key } | { type: 'rescanned' };

export function initialState(pageSize = 10): State {
  return { rows: [], cursor: 0, filter: '', filtering: false, sort: 'verdict', failuresOnly: false, pageSize, quit: false, rescan: false };
}

const ORDER = VERDICT_ORDER;
/** `f`: the channels that do not pass, whether they break the rule or could not be verified */
const NOT_PASSING = new Set<Verdict>(['fail', 'unverified']);

export function visibleRows(s: State): Row[] {
  const f = s.filter.toLowerCase();
  const rows = s.rows.filter((r) => (!s.failuresOnly || NOT_PASSING.has(r.verdict)) && (!f || r.channel.toLowerCase().includes(f)));
  const by: Record<SortKey, (a: Row, b: Row) => number> = {
    verdict: (a, b) => ORDER[a.verdict] - ORDER[b.verdict] || a.channel.localeCompare(b.channel),
    name: (a, b) => a.channel.localeCompare(b.channel),
    retained: (a, b) => a.retainedDays - b.retainedDays || a.channel.localeCompare(b.channel),
    coverage: (a, b) => a.coverage - b.coverage || a.channel.localeCompare(b.channel),
  };
  return rows.sort(by[s.sort]);
}

/** The first row shown, so that the cursor stays on screen. */
export function windowStart(s: State): number {
  return Math.max(0, Math.min(s.cursor - Math.floor(s.pageSize / 2), visibleRows(s).length - s.pageSize));
}

function clamp(s: State): State {
  const n = visibleRows(s).length;
  return { ...s, cursor: Math.max(0, Math.min(s.cursor, n - 1)) };
}

export function reduce(s: State, a: Action): State {
  switch (a.type) {
    case 'load':
      return clamp({ ...s, rows: a.rows, detail: s.detail && a.rows.some((r) => r.channel === s.detail) ? s.detail : undefined });
    case 'resize':
      return { ...s, pageSize: Math.max(1, a.pageSize) };
    case 'rescanned':
      return { ...s, rescan: false };
    case 'key':
      return key(s, a.input, a.key);
  }
}

function key(s: State, input: string, k: Key): State {
  if (k.ctrl && input === 'c') return { ...s, quit: true };
  if (s.filtering) {
    if (k.return || k.escape) return clamp({ ...s, filtering: false, filter: k.escape ? '' : s.filter });
    if (k.backspace || k.delete) return clamp({ ...s, filter: s.filter.slice(0, -1), cursor: 0 });
    if (input && !k.ctrl) return clamp({ ...s, filter: s.filter + input, cursor: 0 });
    return s;
  }
  if (s.detail !== undefined) {
    if (k.escape || input === 'h' || k.backspace) return { ...s, detail: undefined };
    if (input === 'q') return { ...s, quit: true };
    return s;
  }
  if (input === 'q') return { ...s, quit: true };
  if (k.downArrow || input === 'j') return clamp({ ...s, cursor: s.cursor + 1 });
  if (k.upArrow || input === 'k') return clamp({ ...s, cursor: s.cursor - 1 });
  if (k.pageDown) return clamp({ ...s, cursor: s.cursor + s.pageSize });
  if (k.pageUp) return clamp({ ...s, cursor: s.cursor - s.pageSize });
  if (input === 'g') return clamp({ ...s, cursor: 0 });
  if (input === 'G') return clamp({ ...s, cursor: Number.MAX_SAFE_INTEGER });
  if (input === '/') return { ...s, filtering: true };
  if (input === 'f') return clamp({ ...s, failuresOnly: !s.failuresOnly, cursor: 0 });
  if (input === 's') return clamp({ ...s, sort: SORTS[(SORTS.indexOf(s.sort) + 1) % SORTS.length]!, cursor: 0 });
  if (input === 'r') return { ...s, rescan: true };
  if (k.return || input === 'l') {
    const row = visibleRows(s)[s.cursor];
    return row ? { ...s, detail: row.channel } : s;
  }
  if (k.escape && s.filter) return clamp({ ...s, filter: '' });
  return s;
}

/** One character a cell of the window; days are merged into cells when the window is wider than the screen. */
export function timelineStrip(daily: Row['daily'], width: number): string {
  const n = daily.covered.length;
  if (n === 0) return '';
  const cells = Math.min(n, Math.max(1, width));
  let out = '';
  for (let c = 0; c < cells; c++) {
    const from = Math.floor((c * n) / cells);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / cells));
    const cov = daily.covered.slice(from, to);
    const dam = daily.damaged.slice(from, to).reduce((a, b) => a + b, 0);
    const avg = cov.reduce((a, b) => a + b, 0) / cov.length;
    out += dam > 0 ? 'x' : avg >= 0.999 ? '█' : avg > 0 ? '▒' : '·';
  }
  return out;
}
