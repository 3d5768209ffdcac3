/**
 * What an audit has to say about a channel besides its verdict, as data: a code and its figures. Words are
 * chosen where the note is shown, in the reader's language (report/i18n.ts, `note.<code>`); JSON carries
 * them in English as `warnings`, as vstor.audit/1 always has.
 */
export type NoteCode =
  | 'damaged-outside'
  | 'empty-files'
  | 'probe-timeouts'
  | 'probe-errors'
  | 'future'
  | 'assumed-ends'
  | 'resolution-low'
  | 'fps-low'
  | 'codec-other'
  | 'bitrate-off'
  /** an event-recording channel silent far longer than its usual quiet spells */
  | 'long-silence'
  /** a recorder reached over its API reports a disk in error */
  | 'device-disk'
  /** a recorder reached over its API keeps a clock off by more than the allowed gap */
  | 'device-clock'
  /** --deep on a recorder reached over its API: each recording read to its first key frame, not whole */
  | 'device-deep-head';

export interface Note {
  code: NoteCode;
  vars: Record<string, string | number>;
}

export function note(code: NoteCode, vars: Record<string, string | number> = {}): Note {
  return { code, vars };
}
