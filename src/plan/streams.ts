/**
 * Bytes of each camera group and capture group, split between the tiers: the recorders (hot) keep the
 * newest days, the archive tier the oldest `archiveDays` of each retention. The main stream and audio
 * are kept `days`, a recorded sub stream `substreamDays`. Pure and exact (bigint bytes, rounded up).
 */
import { big, ceilToBigInt, toBig } from '../units/decimal.ts';
import type { CameraFigures, CameraGroup, CaptureFigures, CaptureGroup, EdgeFigures } from './model.ts';

export const SECONDS_A_DAY = 86_400;

export function cameraFigures(group: CameraGroup, archiveDays = 0): CameraFigures {
  const mainBps = group.bitrateBps.add(group.audioBps);
  const channelBps = mainBps.add(group.substreamBps);
  const peakChannelBps = (group.peakBps ?? group.bitrateBps).add(group.audioBps).add(group.substreamBps);
  const recordedSecondsPerDay = group.hoursPerDay.mul(3600).mul(group.duty);
  const mainBytesPerChannelDay = ceilToBigInt(mainBps.mul(recordedSecondsPerDay).div(8));
  const subBytesPerChannelDay = ceilToBigInt(group.substreamBps.mul(recordedSecondsPerDay).div(8));
  // one rounding for the day of all streams, as before sub-stream days existed: 1 B a day can differ
  // from main + sub rounded apart, and the day figure is the one users compare with a calculator
  const bytesPerChannelDay = ceilToBigInt(channelBps.mul(recordedSecondsPerDay).div(8));
  const subDays = group.substreamBps.isZero() ? group.days : group.substreamDays;
  const sameDays = subDays === group.days;
  const bytesPerChannel = sameDays
    ? bytesPerChannelDay * BigInt(group.days)
    : mainBytesPerChannelDay * BigInt(group.days) + subBytesPerChannelDay * BigInt(subDays);
  const hotDays = group.days - archiveDays;
  const hotBytesPerChannel = sameDays
    ? bytesPerChannelDay * BigInt(hotDays)
    : mainBytesPerChannelDay * BigInt(hotDays) + subBytesPerChannelDay * BigInt(Math.min(subDays, hotDays));
  const channels = BigInt(group.channels);
  return {
    group,
    channelBps,
    peakChannelBps,
    recordedSecondsPerDay,
    bytesPerChannelDay,
    mainBytesPerChannelDay,
    subBytesPerChannelDay,
    bytesPerChannel,
    hotBytesPerChannel,
    archiveBytesPerChannel: bytesPerChannel - hotBytesPerChannel,
    bytesPerDay: bytesPerChannelDay * channels,
    bytes: bytesPerChannel * channels,
    ingestBps: peakChannelBps.mul(group.channels),
  };
}

export function captureFigures(group: CaptureGroup): CaptureFigures {
  const bytesPerDeviceDay = BigInt(group.capturesPerDay) * group.bytesPerCapture;
  const bytesPerDay = bytesPerDeviceDay * BigInt(group.devices);
  return { group, bytesPerDeviceDay, bytesPerDay, bytes: bytesPerDay * BigInt(group.days) };
}

/**
 * The camera's own SD card as a fallback when the network or the recorder is down: how many days it
 * holds of the stream it records: the main stream and audio unless the group says sub (plan/groups.ts).
 */
export function edgeFigures(c: CameraFigures): EdgeFigures | undefined {
  const card = c.group.sdCardBytes;
  if (card === undefined) return undefined;
  const sub = c.group.sdCardStream === 'sub' && c.group.substreamBps.gt(0);
  const bytesPerDay = sub ? c.subBytesPerChannelDay : c.mainBytesPerChannelDay;
  return { group: c.group.name, cardBytes: card, stream: sub ? 'sub' : 'main', bytesPerDay, daysHeld: toBig(card).div(big(bytesPerDay.toString())) };
}
