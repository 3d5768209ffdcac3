/** Inline SVG drawings for reports: no script, no font or style from anywhere else. */
import { xml } from './junit.ts';

export const COLORS = { recorded: '#2e7d32', partly: '#f9a825', gap: '#c62828', damaged: '#6a1b9a', grid: '#bbbbbb', line: '#1565c0' };

/** One cell a day of the window, oldest at the left: recorded, partly, gap, damaged. */
export function timelineSvg(daily: { covered: number[]; damaged: number[] }, label: string): string {
  const n = daily.covered.length;
  const w = 720;
  const h = 18;
  const cell = w / Math.max(1, n);
  const rects = daily.covered.map((c, i) => {
    const color = daily.damaged[i]! > 0 ? COLORS.damaged : c >= 0.999 ? COLORS.recorded : c > 0 ? COLORS.partly : COLORS.gap;
    const title = `day ${i + 1}/${n}: ${(c * 100).toFixed(1)}% recorded${daily.damaged[i] ? `, ${daily.damaged[i]} damaged` : ''}`;
    return `<rect x="${(i * cell).toFixed(2)}" y="0" width="${Math.max(cell - 0.5, 0.5).toFixed(2)}" height="${h}" fill="${color}"><title>${title}</title></rect>`;
  });
  return `<svg class="timeline" role="img" aria-label="${xml(label)}" viewBox="0 0 ${w} ${h}" width="100%" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${rects.join('')}</svg>`;
}

/** Retained days at each audit, with the rule's requirement as a dashed line. */
export function historySvg(points: { t: number; days: number }[], required: number, label: string): string {
  const w = 720;
  const h = 90;
  const pad = 28;
  const t0 = Math.min(...points.map((p) => p.t));
  const t1 = Math.max(...points.map((p) => p.t));
  // the y range hugs the values and the requirement, so a change of a day or two can be seen
  const values = [required, ...points.map((p) => p.days)];
  const hi = Math.max(...values);
  const lo = Math.min(...values);
  const margin = Math.max(1, (hi - lo) * 0.15);
  const top = hi + margin;
  const bottom = Math.max(0, lo - margin);
  const x = (t: number) => pad + (t1 === t0 ? (w - 2 * pad) / 2 : ((t - t0) / (t1 - t0)) * (w - 2 * pad));
  const y = (d: number) => h - pad / 2 - ((d - bottom) / (top - bottom)) * (h - pad);
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.days).toFixed(1)}`).join(' ');
  const dots = points.map((p) => `<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.days).toFixed(1)}" r="3" fill="${COLORS.line}"><title>${new Date(p.t).toISOString().slice(0, 16)}: ${p.days} days</title></circle>`);
  return [
    `<svg class="history" role="img" aria-label="${xml(label)}" viewBox="0 0 ${w} ${h}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<line x1="${pad}" x2="${w - pad}" y1="${y(required).toFixed(1)}" y2="${y(required).toFixed(1)}" stroke="${COLORS.gap}" stroke-dasharray="4 3"/>`,
    `<text x="${w - pad}" y="${(y(required) - 3).toFixed(1)}" font-size="10" text-anchor="end" fill="${COLORS.gap}">${required} d</text>`,
    `<polyline points="${line}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`,
    ...dots,
    ...[points[0]!, points[points.length - 1]!].map((p, i) => `<text x="${x(p.t).toFixed(1)}" y="${(y(p.days) + 14).toFixed(1)}" font-size="10" text-anchor="${i === 0 ? 'start' : 'end'}">${p.days} d</text>`),
    '</svg>',
  ].join('');
}
