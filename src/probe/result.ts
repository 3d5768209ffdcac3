/**
 * What a probe says of one segment: the one vocabulary of probe results, from the readers and ffprobe
 * through the index (which stores these columns as they are) to the verdict.
 */

/** ok/warning: it reads; damaged: it does not; timeout: no answer in time; error: the probe tool itself failed */
export type ProbeStatus = 'ok' | 'warning' | 'damaged' | 'timeout' | 'error';

export interface ProbeRow {
  probe_status: ProbeStatus;
  probe_detail: string | null;
  duration_ms: number | null;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  bit_rate: number | null;
  creation_ms: number | null;
}

/** A probe result that measured nothing: the base of every failed probe. */
export function emptyProbe(status: ProbeStatus, detail: string | null = null): ProbeRow {
  return { probe_status: status, probe_detail: detail, duration_ms: null, codec: null, width: null, height: null, fps: null, bit_rate: null, creation_ms: null };
}
