/**
 * Closing the loop from the audit to the planner: how many days the storage holds at the bitrates the
 * archive really has, and which channels run above the planned bitrate. Pure.
 */
export interface MeasuredChannel {
  channel: string;
  bitrateBps: number | null;
  bytesPerDay: number | null;
}

export interface FromAuditResult {
  channels: (MeasuredChannel & { abovePlan: boolean })[];
  plannedBps: number;
  bytesPerDay: number;
  capacityBytes: number | null;
  /** the share of the capacity the file system and the recorder's reserve take */
  overhead: number;
  /** what the recorder can fill: capacity less the overhead */
  usableBytes: number | null;
  daysHeld: number | null;
  requiredDays: number;
  fits: boolean | null;
  abovePlan: string[];
}

export function planFromAudit(channels: MeasuredChannel[], plannedBps: number, tolerance: number, capacityBytes: number | null, requiredDays: number, overhead = 0): FromAuditResult {
  const marked = channels.map((c) => ({ ...c, abovePlan: c.bitrateBps !== null && c.bitrateBps > plannedBps * (1 + tolerance) }));
  const bytesPerDay = channels.reduce((a, c) => a + (c.bytesPerDay ?? 0), 0);
  // the overhead comes off the capacity here as in every plan: what is left is what the footage can fill
  const usableBytes = capacityBytes === null ? null : Math.floor(capacityBytes * (1 - overhead));
  const daysHeld = usableBytes !== null && bytesPerDay > 0 ? Math.round((usableBytes / bytesPerDay) * 100) / 100 : null;
  return {
    channels: marked,
    plannedBps,
    bytesPerDay,
    capacityBytes,
    overhead,
    usableBytes,
    daysHeld,
    requiredDays,
    fits: daysHeld === null ? null : daysHeld >= requiredDays,
    abovePlan: marked.filter((c) => c.abovePlan).map((c) => c.channel),
  };
}
