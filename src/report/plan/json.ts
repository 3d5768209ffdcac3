/** `vstor plan --json`: the plan's inputs and figures; every byte count an integer (schema vstor.plan/1). */
import type { BuildFigures, PlanResult, Reserve } from '../../plan/model.ts';
import type { Big } from '../../units/decimal.ts';

/** Rates in bit/s are whole in practice; ratios keep their decimals. */
function num(value: Big, decimals?: number): number {
  return Number(decimals === undefined ? value.toString() : value.toFixed(decimals));
}

export function planDocument(result: PlanResult) {
  const { input } = result;
  return {
    schema: 'vstor.plan/1',
    name: input.name ?? null,
    inputs: inputsJson(input),
    cameras: result.cameras.map((c) => ({
      name: c.group.name,
      channelBps: num(c.channelBps),
      recordedSecondsPerDay: num(c.recordedSecondsPerDay, 3),
      bytesPerChannelDay: c.bytesPerChannelDay,
      bytesPerChannel: c.bytesPerChannel,
      bytesPerDay: c.bytesPerDay,
      bytes: c.bytes,
      hotBytesPerChannel: c.hotBytesPerChannel,
      archiveBytesPerChannel: c.archiveBytesPerChannel,
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
      peakWriteBytesPerSecond: num(result.totals.peakWriteBytesPerSecond, 3),
    },
    build: buildJson(result.build),
    capacity: result.capacity
      ? {
          ...result.capacity,
          daysHeld: num(result.capacity.daysHeld, 4),
          marginDays: num(result.capacity.marginDays, 4),
          maxBitrateBps: result.capacity.maxBitrateBps ? num(result.capacity.maxBitrateBps, 0) : null,
          streams: result.capacity.streams.map((x) => ({ ...x, daysHeld: num(x.daysHeld, 4) })),
        }
      : null,
    hotBytes: result.hotBytes,
    archiveBytes: result.archiveBytes,
    headroomBytes: result.headroomBytes,
    ...equipmentJson(result),
    archive: result.archive ? buildJson(result.archive) : null,
    edge: result.edge.map((e) => ({ ...e, daysHeld: num(e.daysHeld, 4) })),
    vendor: result.vendor.map((v) => ({ ...v, mbPerHour: num(v.mbPerHour, 6), tb: num(v.tb, 6) })),
    growth: growthJson(result.growth),
    bom: result.bom,
    notes: input.notes,
    risks: result.risks,
    errors: result.errors,
  };
}

/** What the plan was asked: camera groups, capture groups, the storage build, recorders, switches, the archive tier. */
function inputsJson(input: PlanResult['input']) {
  const s = input.storage;
  return {
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
      substreamDays: g.substreamDays,
      duty: num(g.duty),
      hoursPerDay: num(g.hoursPerDay),
      poe: { watts: num(g.poe.watts), source: g.poe.source },
      sdCardBytes: g.sdCardBytes ?? null,
      estimate: g.estimate ? { fps: g.estimate.fps, scene: g.estimate.scene, nightShare: num(g.estimate.nightShare), dayBps: num(g.estimate.dayBps, 0) } : null,
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
    recorders: input.recorders.map((r) => ({ ...r, inboundBps: num(r.inboundBps), overhead: num(r.overhead), reserve: reserveJson(r.reserve), groups: r.groups ?? null, where: undefined })),
    switches: input.switches.map((w) => ({
      ...w,
      uplinkBps: w.uplinkBps ? num(w.uplinkBps) : null,
      poeBudgetWatts: w.poeBudgetWatts ? num(w.poeBudgetWatts) : null,
      viewBps: w.viewBps ? num(w.viewBps) : null,
      overhead: num(w.overhead),
      groups: w.groups ?? null,
      where: undefined,
    })),
    archive: input.archive ? { days: input.archive.days, storage: { ...input.archive.storage, overhead: num(input.archive.storage.overhead) } } : null,
    maxLoad: num(input.maxLoad),
    growth: input.growth ? num(input.growth) : null,
    headroom: input.headroom ? num(input.headroom) : null,
    coldSpares: input.coldSpares ? ('count' in input.coldSpares ? { count: input.coldSpares.count } : { fraction: num(input.coldSpares.fraction) }) : null,
  };
}

/** The recorders and switches the plan counts, each with its load. */
function equipmentJson(result: PlanResult) {
  return {
  recorders: result.recorders.map((m) => ({
    name: m.spec.name,
    model: m.spec.model ?? null,
    count: m.count,
    countReason: m.countReason ?? null,
    recorders: m.recorders.map((r) => ({ ...r, ingestBps: num(r.ingestBps), load: num(r.load, 6), daysHeld: num(r.daysHeld, 4), outboundBps: num(r.outboundBps), outboundLoad: r.outboundLoad ? num(r.outboundLoad, 6) : null, build: buildJson(r.build) })),
  })),
  switches: result.switches.map((m) => ({
    name: m.spec.name,
    count: m.count,
    countReason: m.countReason ?? null,
    switches: m.switches.map((w) => ({ ...w, recordingBps: num(w.recordingBps), viewingBps: num(w.viewingBps), uplinkBps: num(w.uplinkBps, 0), load: w.load ? num(w.load, 6) : null, poeWatts: num(w.poeWatts, 2) })),
  })),
  };
}

/** The plan again with the growth asked for: what it adds. */
function growthJson(growth: PlanResult['growth']) {
  if (!growth) return null;
  const r = growth.result;
  return {
    fraction: num(growth.fraction),
    channels: r.totals.channels,
    captureDevices: r.totals.captureDevices,
    bytes: r.totals.bytes,
    build: buildJson(r.build),
    archive: r.archive ? buildJson(r.archive) : null,
    recorders: r.recorders.map((m) => ({ name: m.spec.name, count: m.count })),
    errors: r.errors,
  };
}

function buildJson(b: BuildFigures) {
  return { ...b, overhead: num(b.overhead) };
}

function reserveJson(r: Reserve) {
  return r.kind === 'fraction' ? { kind: r.kind, fraction: num(r.fraction) } : r;
}
