/**
 * The seed's performance indicators (seeds/000_163aa1c9ecd9c34e.txt), computed from an audit. Pure.
 * - 监控数据存储时间 (storage-time compliance): channels meeting the rule / channels audited, target 100 %.
 * - 视频监控设备完好率 (device good-order rate, "平台内完好监控数÷联网监控总数"): channels recording and readable
 *   (not stale, not without footage, no damaged footage in the window) / channels audited, target 100 %.
 * Scoring, as the seed states it for quantitative indicators: completion/target below 1 loses points in
 * proportion; at or above 1 it scores full up to a cap that depends on the target (<= 20: 2x, <= 100: 1.5x,
 * above: 1.2x), and above the cap loses points in proportion.
 */
import type { ChannelVerdict } from './verdict.ts';

export interface Indicator {
  key: 'storageCompliance' | 'deviceGoodOrder';
  /** completed / audited */
  numerator: number;
  denominator: number;
  /** percent, 0..100 */
  value: number;
  /** percent */
  target: number;
  /** share of the indicator's points earned, 0..1 */
  score: number;
}

/** The seed's rule for a quantitative indicator's score, as a share of its points. */
export function seedScore(completion: number, target: number): number {
  if (target <= 0) return 0;
  const ratio = completion / target;
  if (ratio < 1) return Math.max(0, ratio);
  const cap = target <= 20 ? 2 : target <= 100 ? 1.5 : 1.2;
  return ratio <= cap ? 1 : cap / ratio;
}

// a channel whose recorder sent no recent audit cannot be shown to be in good order either
const BROKEN = new Set(['stale', 'no-segments', 'damaged', 'no-evidence']);

function indicator(key: Indicator['key'], numerator: number, denominator: number, target = 100): Indicator {
  const value = denominator === 0 ? 0 : Math.round((numerator / denominator) * 10000) / 100;
  return { key, numerator, denominator, value, target, score: Math.round(seedScore(value, target) * 10000) / 10000 };
}

export function computeIndicators(channels: Pick<ChannelVerdict, 'verdict' | 'reasons'>[]): Indicator[] {
  const n = channels.length;
  // warn does not break the rule; pending (a new camera) is not yet failing it either; unverified is not shown to meet it
  const compliant = channels.filter((c) => c.verdict === 'pass' || c.verdict === 'warn' || c.verdict === 'pending').length;
  // a channel that could not be verified is not shown to be in good order
  const good = channels.filter((c) => c.verdict !== 'unverified' && !c.reasons.some((r) => BROKEN.has(r))).length;
  return [indicator('storageCompliance', compliant, n), indicator('deviceGoodOrder', good, n)];
}
