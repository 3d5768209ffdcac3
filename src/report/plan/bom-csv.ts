/**
 * The bill of materials as a quote takes it (`plan --bom --format csv`): one row an item, the quantity a
 * number, its unit, and empty part-number and unit-price columns for the buyer to fill.
 */
import type { BomLine } from '../../plan/model.ts';
import type { Lang } from '../i18n.ts';
import { forCsv } from '../text.ts';
import { zhBill } from './zh-messages.ts';

const HEAD = {
  en: ['item', 'model', 'quantity', 'unit', 'specification', 'part number', 'unit price'],
  zh: ['物料', '型号', '数量', '单位', '规格', '料号', '单价'],
} as const;

const UNIT = {
  en: { device: 'pcs', disk: 'pcs', card: 'pcs' },
  zh: { device: '台', disk: '块', card: '个' },
} as const;

export function renderBomCsv(lines: BomLine[], lang: Lang): string {
  const rows = [HEAD[lang].map(forCsv).join(',')];
  const bill = lang === 'zh' ? zhBill : (x: string) => x;
  for (const l of lines) rows.push([forCsv(bill(l.item)), forCsv(l.model ?? ''), String(l.quantity), UNIT[lang][l.unit ?? 'device'], forCsv(bill(l.spec)), '', ''].join(','));
  return `${rows.join('\r\n')}\r\n`;
}
