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
  daysHeld: number | null;
  requiredDays: number;
  fits: boolean | null;
  abovePlan: string[];
}

export function planFromAudit(channels: MeasuredChannel[], plannedBps: number, tolerance: number, capacityBytes: number | null, requiredDays: number): FromAuditResult {
  const marked = channels.map((c) => ({ ...c, abovePlan: c.bitrateBps !== null && c.bitrateBps > plannedBps * (1 + tolerance) }));
  const bytesPerDay = channels.reduce((a, c) => a + (c.bytesPerDay ?? 0), 0);
  const daysHeld = capacityBytes !== null && bytesPerDay > 0 ? Math.round((capacityBytes / bytesPerDay) * 100) / 100 : null;
  return {
    channels: marked,
    plannedBps,
    bytesPerDay,
    capacityBytes,
    daysHeld,
    requiredDays,
    fits: daysHeld === null ? null : daysHeld >= requiredDays,
    abovePlan: marked.filter((c) => c.abovePlan).map((c) => c.channel),
  };
}
