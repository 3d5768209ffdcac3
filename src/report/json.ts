/**
 * JSON with exact integers: bigint byte counts are written as bare integer literals (JSON.stringify
 * refuses bigint, and a Number loses digits past 2^53, which 10^18 bytes is).
 */
const MARK = '\u0000bigint:';

export function toJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${MARK}${v.toString()}` : v), indent);
  return text.replace(new RegExp(`"${MARK.replace('\u0000', '\\\\u0000')}(-?\\d+)"`, 'g'), '$1');
}
