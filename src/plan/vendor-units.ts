/**
 * The figure an NVR manual's own formula gives, so an engineer can reconcile a vendor quote with vstor's
 * exact bytes. Dahua's and Hikvision's NVR manuals (appendix "HDD capacity calculation") compute one
 * channel's hourly size as bitrate in kbit/s / 8 x 3600 / 1024 "MB", then multiply by hours, days and
 * channels and divide by 1024 twice for "TB". The kbit is 1000 bits but the divisions are by 1024, so a
 * vendor "MB" is 1000 x 1024 bytes and a vendor "TB" is 1000 x 1024^3 = 1,073,741,824,000 bytes: the
 * vendor "TB" figure is about 7 % smaller than the decimal TB count of the same bytes. Pure.
 */
import { big, ceilToBigInt } from '../units/decimal.ts';
import type { CameraFigures, VendorFigures } from './model.ts';

export const VENDOR_TB_BYTES = 1000n * 1024n ** 3n;

export function vendorFigures(c: CameraFigures): VendorFigures {
  const g = c.group;
  const perHour = (bps: typeof c.channelBps) => bps.div(1000).div(8).mul(3600).div(1024);
  const mbPerHour = perHour(c.channelBps);
  const hoursPerDay = c.recordedSecondsPerDay.div(3600);
  // each stream for its own days, as the manual's formula would be applied stream by stream
  const main = perHour(g.bitrateBps.add(g.audioBps)).mul(g.days);
  const sub = perHour(g.substreamBps).mul(g.substreamBps.isZero() ? 0 : g.substreamDays);
  const tb = main.add(sub).mul(hoursPerDay).mul(g.channels).div(1024).div(1024);
  return { group: g.name, mbPerHour, tb, bytes: ceilToBigInt(tb.mul(big(VENDOR_TB_BYTES.toString()))) };
}
