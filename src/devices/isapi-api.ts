/** Hikvision ISAPI behind the protocol-neutral RecorderApi (isapi.ts holds the requests and their answers). */
import type { DeviceHttp } from './http.ts';
import { IsapiClient, localClock, UTC_CLOCK, type SearchClock } from './isapi.ts';
import type { Device } from './devices-file.ts';
import type { RecorderApi, RecorderState } from './recorder-api.ts';

export function isapiApi(http: DeviceHttp, device: Device): RecorderApi {
  const client = new IsapiClient(http, device.name);
  let clock: SearchClock = UTC_CLOCK;
  return {
    sizes: true,
    async open(zone): Promise<RecorderState> {
      await client.deviceInfo();
      const time = await client.time();
      const byUtc = await client.searchesByUtc();
      const own = !device.tz && time.offsetMinutes !== undefined ? fixedZone(time.offsetMinutes) : undefined;
      clock = byUtc ? UTC_CLOCK : localClock(own ?? zone);
      const clockSkewMs = time.localTime && /([+-]\d\d:?\d\d|Z)$/.test(time.localTime) ? Date.parse(time.localTime) - Date.now() : undefined;
      return { zone: own, clockSkewMs, disks: await client.disks(), channels: await client.channels() };
    },
    async list(channel, from, to, onPage) {
      await client.search(channel, from, to, clock, onPage);
    },
    async fetch(channel, start, end, bytes) {
      let uri: string | undefined;
      await client.search(channel, start, end, clock, (page) => {
        uri ??= page.find((r) => r.start === start)?.uri;
      });
      if (uri === undefined) return undefined;
      const got = await client.download(uri, bytes);
      return { ...got, kind: 'ps' };
    },
  };
}

/** A fixed-offset zone luxon and Intl read: `Etc/GMT-8` is UTC+8 (the sign is POSIX's). */
function fixedZone(minutes: number): string {
  if (minutes % 60 !== 0) return `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  return minutes === 0 ? 'UTC' : `Etc/GMT${minutes > 0 ? '-' : '+'}${Math.abs(minutes) / 60}`;
}
