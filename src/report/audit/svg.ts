/** Inline SVG drawings for reports: no script, no font or style from anywhere else. */
import { DAY_MS as DAY } from '../../archive/time.ts';
import { t, type Lang } from '../i18n.ts';
import { xml } from './junit.ts';
import { localMinute } from '../local-time.ts';

export const COLORS = { recorded: '#2e7d32', partly: '#f9a825', gap: '#c62828', damaged: '#6a1b9a', before: '#9e9e9e', grid: '#bbbbbb', line: '#1565c0', axis: '#555555' };

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * One cell a day of the window, oldest at the left: recorded, partly, gap, damaged, and before the oldest
 * footage (a channel that keeps too little: not a hole in what it keeps); the window's first, middle and last
 * dates under it.
 */
export function timelineSvg(daily: { covered: number[]; damaged: number[] }, label: string, windowStart: number, lang: Lang = 'en', oldestStart: number | null = null): string {
  const n = daily.covered.length;
  const w = 720;
  const h = 18;
  const axis = 14;
  const cell = w / Math.max(1, n);
  const rects = daily.covered.map((c, i) => {
    const before = oldestStart === null || windowStart + (i + 1) * DAY <= oldestStart;
    const color = daily.damaged[i]! > 0 ? COLORS.damaged : c >= 0.999 ? COLORS.recorded : c > 0 ? COLORS.partly : before ? COLORS.before : COLORS.gap;
    const title = t(lang, 'dayTitle', { i: i + 1, n, date: date(windowStart + i * DAY), pct: (c * 100).toFixed(1), damaged: daily.damaged[i] ?? 0 });
    return `<rect x="${(i * cell).toFixed(2)}" y="0" width="${Math.max(cell - 0.5, 0.5).toFixed(2)}" height="${h}" fill="${color}"><title>${xml(title)}</title></rect>`;
  });
  const ticks = n > 0 ? [...new Set([0, Math.floor(n / 2), n - 1])] : [];
  const labels = ticks.map((i) => {
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    const x = i === 0 ? 0 : i === n - 1 ? w : (i + 0.5) * cell;
    return `<text x="${x.toFixed(1)}" y="${h + axis - 3}" font-size="10" text-anchor="${anchor}" fill="${COLORS.axis}">${date(windowStart + i * DAY)}</text>`;
  });
  return `<svg class="timeline" role="img" aria-label="${xml(label)}" viewBox="0 0 ${w} ${h + axis}" width="100%" xmlns="http://www.w3.org/2000/svg">${rects.join('')}${labels.join('')}</svg>`;
}

/**
 * Retained days at each audit, with the rule's requirement as a dashed line. Every label has a place of
 * its own: the requirement's at the left, the newest value by its point (below it when the requirement's
 * line is close), the first and last audits' dates along the bottom.
 */
export function historySvg(points: { t: number; days: number }[], required: number, label: string, lang: Lang = 'en', zone = 'UTC'): string {
  const w = 720;
  const h = 110;
  const left = 70;
  const right = 40;
  const top = 12;
  const bottomAxis = 18;
  const d = t(lang, 'daysShort');
  const t0 = Math.min(...points.map((p) => p.t));
  const t1 = Math.max(...points.map((p) => p.t));
  // the y range hugs the values and the requirement, so a change of a day or two can be seen
  const values = [required, ...points.map((p) => p.days)];
  const hi = Math.max(...values);
  const lo = Math.min(...values);
  const margin = Math.max(1, (hi - lo) * 0.15);
  const yTop = hi + margin;
  const yBottom = Math.max(0, lo - margin);
  const plotH = h - top - bottomAxis;
  const x = (ms: number) => left + (t1 === t0 ? (w - left - right) / 2 : ((ms - t0) / (t1 - t0)) * (w - left - right));
  const y = (days: number) => top + plotH - ((days - yBottom) / (yTop - yBottom)) * plotH;
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.days).toFixed(1)}`).join(' ');
  const dots = points.map((p) => `<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.days).toFixed(1)}" r="3" fill="${COLORS.line}"><title>${localMinute(p.t, zone)}: ${p.days} ${d}</title></circle>`);
  const last = points[points.length - 1]!;
  const requiredY = y(required);
  // the newest value above its point, or below it when the requirement's label line is near
  const lastY = y(last.days);
  const valueY = Math.abs(lastY - requiredY) < 14 && lastY <= requiredY ? lastY - 6 : Math.abs(lastY - requiredY) < 14 ? lastY + 14 : lastY - 6;
  const dates = t1 === t0 ? [t0] : [t0, t1];
  // the y scale: its two ends, in whole days
  const scale = [Math.ceil(yBottom), Math.floor(yTop)].filter((v, i, a) => a.indexOf(v) === i && Math.abs(y(v) - requiredY) > 10);
  return [
    `<svg class="history" role="img" aria-label="${xml(label)}" viewBox="0 0 ${w} ${h}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<line x1="${left}" x2="${w - right}" y1="${(top + plotH).toFixed(1)}" y2="${(top + plotH).toFixed(1)}" stroke="${COLORS.grid}"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${(top + plotH).toFixed(1)}" stroke="${COLORS.grid}"/>`,
    ...scale.map((v) => `<text class="y-scale" x="${left - 6}" y="${(y(v) + 3).toFixed(1)}" font-size="10" text-anchor="end" fill="${COLORS.axis}">${v} ${d}</text>`),
    `<line x1="${left}" x2="${w - right}" y1="${requiredY.toFixed(1)}" y2="${requiredY.toFixed(1)}" stroke="${COLORS.gap}" stroke-dasharray="4 3"/>`,
    `<text x="${left - 6}" y="${(requiredY + 3).toFixed(1)}" font-size="10" text-anchor="end" fill="${COLORS.gap}">${xml(t(lang, 'requiredShort', { days: required }))}</text>`,
    `<polyline points="${line}" fill="none" stroke="${COLORS.line}" stroke-width="2"/>`,
    ...dots,
    `<text x="${x(last.t).toFixed(1)}" y="${valueY.toFixed(1)}" font-size="10" text-anchor="end" fill="${COLORS.line}">${last.days} ${d}</text>`,
    ...dates.map((ms, i) => `<text x="${x(ms).toFixed(1)}" y="${h - 4}" font-size="10" text-anchor="${dates.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}" fill="${COLORS.axis}">${date(ms)}</text>`),
    '</svg>',
  ].join('');
}
