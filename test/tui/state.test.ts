import { describe, expect, it } from 'vitest';
import { initialState, reduce, timelineStrip, visibleRows, windowStart, type Row, type State } from '../../cli/tui/state.ts';

const row = (channel: string, verdict: Row['verdict'], retainedDays = 90, coverage = 1): Row => ({
  channel, verdict, retainedDays, coverage, biggestGapSeconds: 0, damaged: 0, bitrateBps: 8e6, reasons: verdict === 'fail' ? ['gap'] : [], warnings: [], gaps: [], daily: { covered: [1, 1, 0.5, 0], damaged: [0, 0, 0, 1] },
});
const rows = [row('gate', 'pass', 95), row('lobby', 'fail', 30, 0.3), row('dock', 'warn', 91), row('yard', 'fail', 92, 0.9), row('new', 'pending', 5)];
const press = (s: State, ...keys: (string | Record<string, boolean>)[]) =>
  keys.reduce<State>((st, k) => reduce(st, { type: 'key', input: typeof k === 'string' ? k : '', key: typeof k === 'string' ? {} : k }), s);
const loaded = () => reduce(initialState(3), { type: 'load', rows });

describe('TUI state', () => {
  it('lists failures first, then warn, pending, pass', () => {
    expect(visibleRows(loaded()).map((r) => r.channel)).toEqual(['lobby', 'yard', 'dock', 'new', 'gate']);
  });

  it('moves with arrows and j/k, pages, and stays in bounds', () => {
    let s = loaded();
    s = press(s, { downArrow: true }, 'j');
    expect(s.cursor).toBe(2);
    s = press(s, 'j', 'j', 'j', 'j');
    expect(s.cursor).toBe(4);
    s = press(s, { pageUp: true });
    expect(s.cursor).toBe(1);
    s = press(s, 'k', 'k', { upArrow: true });
    expect(s.cursor).toBe(0);
    s = press(s, { pageDown: true });
    expect(s.cursor).toBe(3);
    expect(windowStart(s)).toBe(2); // the cursor stays on a 3-row screen
  });

  it('filters by name with /, keeps it on Enter, clears it on Esc', () => {
    let s = press(loaded(), '/', 'y', 'a');
    expect(s.filtering).toBe(true);
    expect(visibleRows(s).map((r) => r.channel)).toEqual(['yard']);
    s = press(s, { return: true });
    expect(s.filtering).toBe(false);
    expect(visibleRows(s).map((r) => r.channel)).toEqual(['yard']);
    s = press(s, '/', { backspace: true }, { backspace: true }, 'q', { escape: true });
    expect(s.filter).toBe('');
    expect(s.quit).toBe(false); // q typed into a filter is a letter, not quit
    expect(visibleRows(s)).toHaveLength(5);
  });

  it('shows failures only with f and cycles sorts with s', () => {
    let s = press(loaded(), 'f');
    expect(visibleRows(s).map((r) => r.channel)).toEqual(['lobby', 'yard']);
    s = press(s, 'f', 's');
    expect(s.sort).toBe('name');
    expect(visibleRows(s).map((r) => r.channel)).toEqual(['dock', 'gate', 'lobby', 'new', 'yard']);
    s = press(s, 's');
    expect(visibleRows(s).map((r) => r.channel)).toEqual(['new', 'lobby', 'dock', 'yard', 'gate']);
    s = press(s, 's', 's');
    expect(s.sort).toBe('verdict');
  });

  it('opens a channel with Enter, goes back with Esc, quits with q, asks for a rescan with r', () => {
    let s = press(loaded(), 'j', { return: true });
    expect(s.detail).toBe('yard');
    s = press(s, 'j');
    expect(s.detail).toBe('yard');
    s = press(s, { escape: true });
    expect(s.detail).toBeUndefined();
    expect(press(s, 'r').rescan).toBe(true);
    expect(press(s, 'q').quit).toBe(true);
    expect(press(s, { ctrl: true }).quit).toBe(false);
    expect(reduce(s, { type: 'key', input: 'c', key: { ctrl: true } }).quit).toBe(true);
  });

  it('keeps the cursor valid when rows change', () => {
    let s = press(loaded(), 'G');
    expect(s.cursor).toBe(4);
    s = reduce(s, { type: 'load', rows: rows.slice(0, 2) });
    expect(s.cursor).toBe(1);
  });

  it('draws the timeline strip, merging days to fit', () => {
    expect(timelineStrip({ covered: [1, 1, 0.5, 0], damaged: [0, 0, 0, 1] }, 80)).toBe('██▒x');
    expect(timelineStrip({ covered: [1, 1, 0, 0], damaged: [0, 0, 0, 0] }, 2)).toBe('█·');
  });
});
