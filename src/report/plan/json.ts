/** `vstor plan --json`: the plan's inputs and figures; every byte count an integer (schema vstor.plan/1). */
import type { PlanResult } from '../../plan/model.ts';
import type { Big } from '../../units/decimal.ts';

/** Rates in bit/s are whole in practice; ratios keep their decimals. */
function num(value: Big, decimals?: number): number {
  return Number(decimals === undefined ? value.toString() : value.toFixed(decimals));
}

export function planDocument(result: PlanResult) {
  const { input } = result;
  const s = input.storage;
  return {
    schema: 'vstor.plan/1',
    name: input.name ?? null,
    inputs: {
      cameras: input.cameras.map((g) => ({
        name: g.name,
        channels: g.channels,
        resolution: g.resolution,
        codec: g.codec,
        bitrateBps: num(g.bitrateBps),
        bitrateSource: g.bitrateSource,
        audioBps: num(g.audioBps),
        substreamBps: num(g.substreamBps),
        days: g.days,
        duty: num(g.duty),
        hoursPerDay: num(g.hoursPerDay),
      })),
      captures: input.captures.map((g) => ({ ...g })),
      storage: {
        raid: s.raid,
        groupSize: s.groupSize,
        diskBytes: s.diskBytes,
        spares: s.spares,
        overhead: num(s.overhead),
        bays: s.bays,
        capacityBytes: s.capacityBytes ?? null,
      },
    },
    cameras: result.cameras.map((c) => ({
      name: c.group.name,
      channelBps: num(c.channelBps),
      recordedSecondsPerDay: num(c.recordedSecondsPerDay, 3),
      bytesPerChannelDay: c.bytesPerChannelDay,
      bytesPerChannel: c.bytesPerChannel,
      bytesPerDay: c.bytesPerDay,
      bytes: c.bytes,
      ingestBps: num(c.ingestBps),
    })),
    captures: result.captures.map((c) => ({
      name: c.group.name,
      bytesPerDeviceDay: c.bytesPerDeviceDay,
      bytesPerDay: c.bytesPerDay,
      bytes: c.bytes,
    })),
    totals: {
      channels: result.totals.channels,
      captureDevices: result.totals.captureDevices,
      bytesPerDay: result.totals.bytesPerDay,
      bytes: result.totals.bytes,
      ingestBps: num(result.totals.ingestBps),
      writeBytesPerSecond: num(result.totals.writeBytesPerSecond, 3),
    },
    build: { ...result.build, overhead: num(result.build.overhead) },
    capacity: result.capacity
      ? {
          ...result.capacity,
          daysHeld: num(result.capacity.daysHeld, 4),
          marginDays: num(result.capacity.marginDays, 4),
          maxBitrateBps: result.capacity.maxBitrateBps ? num(result.capacity.maxBitrateBps, 0) : null,
        }
      : null,
    notes: input.notes,
    risks: result.risks,
  };
}
