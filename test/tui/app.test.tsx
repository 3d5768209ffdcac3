import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../cli/tui/App.tsx';
import type { Row } from '../../cli/tui/state.ts';

const row = (channel: string, verdict: Row['verdict'], extra: Partial<Row> = {}): Row => ({
  channel, verdict, retainedDays: 90, coverage: 1, biggestGapSeconds: 0, damaged: 0, bitrateBps: 8e6, reasons: [], warnings: [], gaps: [], daily: { covered: [1, 1], damaged: [0, 0] }, ...extra,
});

async function frames(): Promise<void> {
  await new Promise((r) => setTimeout(r, 30));
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await frames();
  if (!check()) throw new Error('timed out');
}

describe('App (ink-testing-library)', () => {
  const rows = [
    row('gate', 'pass'),
    row('lobby', 'fail', { retainedDays: 30, coverage: 0.3, reasons: ['retention-short'], gaps: [{ start: Date.parse('2026-11-01T00:00:00Z'), end: Date.parse('2026-11-01T06:00:00Z'), seconds: 21600 }] }),
    row('evil\u001b[2Jcam', 'warn', { warnings: ['1 damaged segment(s) outside the window'] }),
  ];
  const header = { days: 90, maxGapSeconds: 300, now: Date.parse('2026-11-28T08:00:00Z') };

  it('shows the header, counts and failures first, with control characters made harmless', async () => {
    const app = render(<App rows={rows} header={header} color={false} onQuit={() => {}} onRescan={() => {}} size={{ columns: 90, rows: 24 }} />);
    await waitFor(() => (app.lastFrame() ?? '').includes('lobby'));
    const frame = app.lastFrame()!;
    expect(frame).toContain('keep 90 d, gaps ≤ 5m · 2026-11-28 08:00 UTC');
    expect(frame).toContain('3 channels: 1 pass, 1 warn, 1 fail, 0 pending');
    const order = ['lobby', 'evil', 'gate'].map((c) => frame.indexOf(c));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(frame).toContain('evil\\x1b[2Jcam');
    expect(frame).not.toContain('\u001b[2J');
    app.unmount();
  });

  it('opens a channel on Enter and goes back on Esc; q quits', async () => {
    let quit = false;
    const app = render(<App rows={rows} header={header} color={false} onQuit={() => (quit = true)} onRescan={() => {}} size={{ columns: 90, rows: 24 }} />);
    await waitFor(() => (app.lastFrame() ?? '').includes('lobby'));
    app.stdin.write('\r');
    await waitFor(() => (app.lastFrame() ?? '').includes('reasons: retention-short'));
    expect(app.lastFrame()).toContain('2026-11-01T00:00 → 2026-11-01T06:00  6h');
    app.stdin.write('\u001b');
    await waitFor(() => (app.lastFrame() ?? '').includes('s sort'));
    app.stdin.write('q');
    await waitFor(() => quit);
    expect(quit).toBe(true);
  });

  it('asks for a rescan on r', async () => {
    let rescans = 0;
    const app = render(<App rows={rows} header={header} color={false} onQuit={() => {}} onRescan={() => rescans++} size={{ columns: 90, rows: 24 }} />);
    await waitFor(() => (app.lastFrame() ?? '').includes('lobby'));
    app.stdin.write('r');
    await waitFor(() => rescans === 1);
    expect(rescans).toBe(1);
    app.unmount();
  });
});
