/** The TUI's own words in English and Chinese; verdicts and reasons come from the reports' (src/report/i18n.ts). */
import { fill, type Lang } from '../../src/report/i18n.ts';

const WORDS = {
  header: { en: 'vstor · keep {days} d, gaps ≤ {gap} · {time} UTC', zh: 'vstor · 保存 {days} 天，缺口 ≤ {gap} · {time} UTC' },
  counts: { en: '{n} {n:channel|channels}: {pass} pass, {warn} warn, {fail} fail, {pending} pending', zh: '共 {n} 路：合格 {pass}，警告 {warn}，不合格 {fail}，待满期 {pending}' },
  unverified: { en: ', {n} unverified', zh: '，未核实 {n}' },
  channel: { en: 'channel', zh: '通道' },
  verdict: { en: 'verdict', zh: '结论' },
  days: { en: 'days', zh: '天数' },
  cover: { en: 'cover', zh: '覆盖' },
  maxGap: { en: 'max gap', zh: '最大缺口' },
  dmg: { en: 'dmg', zh: '损坏' },
  bitrate: { en: 'bitrate', zh: '码率' },
  reasons: { en: 'reasons', zh: '原因' },
  none: { en: 'none', zh: '无' },
  noMatch: { en: '(no channel matches)', zh: '（没有匹配的通道）' },
  scanning: { en: 'scanning… (the first pass over the archive)', zh: '正在扫描…（首次遍历录像目录）' },
  starting: { en: 'starting…', zh: '启动中…' },
  retained: { en: 'retained {days} days, coverage {cover}, {dmg} damaged', zh: '已存 {days} 天，覆盖率 {cover}，损坏 {dmg}' },
  window: { en: 'window, oldest left (█ recorded ▒ partly · gap x damaged):', zh: '存储期，左旧右新（█ 有录像 ▒ 部分 · 缺失 x 损坏）：' },
  gaps: { en: 'gaps ({n}):', zh: '缺口（{n}）：' },
  keysDetail: { en: 'Esc back · q quit', zh: 'Esc 返回 · q 退出' },
  keysFilter: { en: 'filter: {filter}▏ (Enter keep · Esc clear)', zh: '筛选：{filter}▏（Enter 保留 · Esc 清除）' },
  keysTable: { en: '↑↓ jk · / filter{filter} · s sort [{sort}] · f fails{fails} · ⏎ open · r rescan · q quit', zh: '↑↓ jk · / 筛选{filter} · s 排序 [{sort}] · f 仅不合格{fails} · ⏎ 打开 · r 重扫 · q 退出' },
  on: { en: ' [on]', zh: ' [开]' },
  'sort.verdict': { en: 'verdict', zh: '结论' },
  'sort.name': { en: 'name', zh: '名称' },
  'sort.retained': { en: 'retained', zh: '天数' },
  'sort.coverage': { en: 'coverage', zh: '覆盖' },
} as const;

export type TuiWord = keyof typeof WORDS;

export function w(lang: Lang, word: TuiWord, vars: Record<string, string | number> = {}): string {
  return fill(WORDS[word][lang], vars);
}
