/** Renders sections as a terminal table, Markdown or CSV. */
import Table from 'cli-table3';
import type { Section } from './sections.ts';
import { forCsv, forMarkdown } from './text.ts';

/**
 * Rows a table shows in the terminal and Markdown: a plan of 100,000 groups is read in CSV or JSON, which
 * keep every row; a screen shows the first ones and says how many it left out (the table library took
 * over 15 minutes for 100,000 rows).
 */
export const SHOWN_ROWS = 200;

/** The row that stands for the rows a screen leaves out. */
export function moreRow(more: number, columns: number): string[] {
  return [`… ${more.toLocaleString('en-US')} more (--format csv or --json for every row)`, ...Array.from({ length: columns - 1 }, () => '')];
}

/** The first SHOWN_ROWS rows and one saying how many more (a table already cut so is left as it is). */
function folded(head: string[], rows: string[][]): string[][] {
  if (rows.length <= SHOWN_ROWS + 1) return rows;
  return [...rows.slice(0, SHOWN_ROWS), moreRow(rows.length - SHOWN_ROWS, head.length)];
}

/** Rows of `items` for a screen: only the first SHOWN_ROWS are made when `cut`, then one saying how many more. */
export function shownRows<T>(items: T[], cut: boolean, row: (item: T) => string[], columns: number): string[][] {
  if (!cut || items.length <= SHOWN_ROWS + 1) return items.map(row);
  return [...items.slice(0, SHOWN_ROWS).map(row), moreRow(items.length - SHOWN_ROWS, columns)];
}

function terminalTable(head: string[], all: string[][], colWidths?: number[]): string {
  const rows = folded(head, all);
  const table = new Table({ head, style: { head: [], border: [], compact: true }, ...(colWidths ? { colWidths, wordWrap: true } : {}) });
  table.push(...rows);
  return table.toString();
}

/**
 * The table within `width` columns: the columns `drop` names are left out one at a time, in its order, until
 * it fits, and a line says which (CSV and JSON keep them all); a table still too wide wraps its widest cells.
 */
function fittedTable(table: NonNullable<Section['table']>, width: number | undefined): string[] {
  let keep = table.head.map((_, i) => i);
  const view = () => ({ head: keep.map((i) => table.head[i]!), rows: table.rows.map((r) => keep.map((i) => r[i] ?? '')) });
  let text = terminalTable(table.head, table.rows);
  const left: string[] = [];
  for (const column of table.drop ?? []) {
    if (width === undefined || widest(text) <= width) break;
    keep = keep.filter((i) => i !== column);
    left.push(table.head[column]!);
    const v = view();
    text = terminalTable(v.head, v.rows);
  }
  if (width !== undefined && widest(text) > width) {
    const v = view();
    const widths = narrowed(v.head, folded(v.head, v.rows), width);
    if (widths) text = terminalTable(v.head, v.rows, widths);
  }
  return left.length > 0 ? [text, ...wrapped(`  (left out to fit ${width} columns: ${left.join(', ')}; --format csv or --json has them)`, width, 4)] : [text];
}

/** Column widths (with their padding) that fit `width`, the widest cut first; undefined when none can. */
function narrowed(head: string[], rows: string[][], width: number): number[] | undefined {
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))) + 2);
  const borders = head.length + 1;
  while (widths.reduce((a, b) => a + b, 0) + borders > width) {
    const i = widths.indexOf(Math.max(...widths));
    if (widths[i]! <= 8) return undefined;
    widths[i]!--;
  }
  return widths;
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}

/** `width`: the screen's columns, when known (a terminal, or $COLUMNS): wide tables leave columns out to fit. */
export function renderText(title: string, sections: Section[], opts: { width?: number } = {}): string {
  const out = [...wrapped(title, opts.width, 2), ''];
  for (const s of sections) {
    out.push(...wrapped(s.title, opts.width, 2));
    if (s.table) out.push(...fittedTable(s.table, opts.width));
    if (s.figures) {
      const width = Math.max(...s.figures.map((f) => displayWidth(f.label)));
      for (const f of s.figures) out.push(...wrapped(`  ${f.label}${' '.repeat(width - displayWidth(f.label))}  ${f.text}`, opts.width, width + 4));
    }
    for (const line of s.lines ?? []) out.push(...wrapped(`  ${line}`, opts.width, 4));
    out.push('');
  }
  return out.join('\n');
}

function mdCell(text: string): string {
  return forMarkdown(text);
}

function mdTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.map(mdCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

export function renderMarkdown(title: string, sections: Section[], labels: { item: string; value: string }): string {
  const out = [`# ${forMarkdown(title)}`, ''];
  for (const s of sections) {
    out.push(`## ${forMarkdown(s.title)}`, '');
    if (s.table) out.push(...mdTable(s.table.head, folded(s.table.head, s.table.rows)), '');
    if (s.figures) out.push(...mdTable([labels.item, labels.value], s.figures.map((f) => [f.label, f.text])), '');
    for (const line of s.lines ?? []) out.push(`- ${forMarkdown(line)}`);
    if (s.lines?.length) out.push('');
  }
  return out.join('\n');
}

export const csvField = forCsv;

/** One row a figure (section,key,label,value,exact,unit); tables become rows keyed by their first cell. */
export function renderCsv(sections: Section[]): string {
  return [...csvChunks(sections)].join('');
}

/** renderCsv's text a few thousand rows at a time, so a plan of 100,000 groups is never one string. */
export function* csvChunks(sections: Section[]): Generator<string> {
  let batch: string[] = [];
  const row = (cells: string[]) => batch.push(cells.map(csvField).join(','));
  row(['section', 'key', 'label', 'value', 'exact', 'unit']);
  for (const s of sections) {
    for (const f of s.figures ?? []) row([s.key, f.key, f.label, f.text, f.exact ?? '', f.unit ?? '']);
    for (const r of s.table?.rows ?? []) {
      r.slice(1).forEach((cell, i) => row([s.key, r[0]!, s.table!.head[i + 1]!, cell, '', '']));
      if (batch.length >= 4096) {
        yield `${batch.join('\n')}\n`;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

/** A line broken at spaces to fit `width` columns, the rest indented by `indent`; unchanged without a width. */
export function wrapped(line: string, width: number | undefined, indent: number): string[] {
  if (width === undefined || displayWidth(line) <= width || width <= indent + 10) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/(?<= )/)) {
    if (current && displayWidth(current + word) > width) {
      out.push(current.trimEnd());
      current = ' '.repeat(indent);
    }
    current += word;
  }
  if (current.trim()) out.push(current.trimEnd());
  return out;
}

/** East Asian wide characters take two columns in a terminal; labels in Chinese must still line up. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)) ? 2 : 1;
  }
  return w;
}
