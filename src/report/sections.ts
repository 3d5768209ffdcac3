/** A report as sections of labelled figures and small tables, rendered by table/markdown/csv writers. */
export interface Figure {
  key: string;
  label: string;
  /** what a person reads: "7.776 PB (6.907 PiB)" */
  text: string;
  /** the exact machine value, e.g. an integer byte count */
  exact?: string;
  unit?: string;
}

export interface Section {
  key: string;
  title: string;
  figures?: Figure[];
  /** `drop`: columns a narrow screen may leave out, the first first (report/render.ts) */
  table?: { head: string[]; rows: string[][]; drop?: number[] };
  lines?: string[];
}
