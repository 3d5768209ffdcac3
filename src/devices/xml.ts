/** Reading and writing the XML recorders speak (ISAPI, ONVIF's SOAP), after fast-xml-parser has read it. */

/** An element as an object: its children, or nothing. */
export const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** An element's text: a string, a number the parser read as one, or the text of an element with attributes. */
export const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  const text = typeof v === 'object' && v !== null ? (v as { '#text'?: unknown })['#text'] : undefined;
  return typeof text === 'string' ? text.trim() : typeof text === 'number' ? String(text) : undefined;
};

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
