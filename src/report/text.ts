/**
 * Names come from the archive, and an archive is untrusted input: a folder name can carry terminal escape
 * sequences (set the title, clear the screen), a right-to-left override that makes `gnp.exe` read as
 * `exe.png`, Markdown or HTML that a viewer would run, or a formula a spreadsheet would. Every output format
 * takes its text through here: `visible` first (control, bidi and invisible format characters shown as
 * escapes, in every format alike), then the format's own escaping. JSON is the exception: it is for
 * programs, keeps names exact, and JSON's own escaping makes them safe to parse.
 */

/** C0 and C1 controls, DEL, and the bidi and invisible format controls of Unicode */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/** `\x1b` for a control under U+0100, `\u{202e}` above: what is there is shown, nothing acts. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const cp = c.codePointAt(0)!;
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}

/** A terminal line: visible characters only. */
export const forTerminal = visible;

/** A CSV field: quoted when it must be, and a leading = + - @ kept from being read as a formula. */
export function forCsv(text: string): string {
  const safe = visible(text);
  const cell = /^[=+\-@]/.test(safe) ? `'${safe}` : safe;
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Markdown text (a table cell, a list item): every character Markdown or inline HTML would act on escaped. */
export function forMarkdown(text: string): string {
  return visible(text).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** HTML and XML text or attribute values. */
export function forHtml(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A Prometheus label value: its own escapes (backslash, quote, newline) on visible text. */
export function forPrometheusLabel(text: string): string {
  return visible(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
