/**
 * A Hikvision NVR or camera asked over ISAPI what it holds: `/ISAPI/System/deviceInfo`, `/ISAPI/System/time`,
 * `/ISAPI/System/capabilities` (whether it searches by UTC), its channels (`/ISAPI/ContentMgmt/InputProxy/
 * channels` on an NVR, `/ISAPI/System/Video/inputs/channels` on a camera), its disks (`/ISAPI/ContentMgmt/
 * Storage`), and `POST /ISAPI/ContentMgmt/search` with a `CMSearchDescription` a channel: track `channel x 100
 * + 1` (the main stream), a time span, `maxResults`, `searchResultPostion` (Hikvision's spelling), paging on
 * while `responseStatusStrg` is `MORE`. Shapes as the open clients read them: maciej-or/hikvision_next's device
 * dumps (`tests/fixtures/`), the hikvisionapi Python client's `ContentMgmt/search` paging, Hikvision's
 * WebSDK typings (`I_RecordSearchOptions`: 40 a page, `MORE` / `OK`).
 *
 * Times: a device that says `isSupportFindCommonFileByUTC` searches and answers in UTC; many others read a
 * search's times as their local wall clock whatever the suffix, and write theirs the same way (`...Z` that is
 * local time). Such a device is asked and read in its own zone.
 */
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { wallMsOf, wallToInstants } from '../archive/time.ts';
import { DeviceError, type DeviceHttp } from './http.ts';
import { escapeXml, obj, str } from './xml.ts';

export interface DeviceInfo {
  name?: string;
  model?: string;
  serial?: string;
  type?: string;
}

export interface DeviceChannel {
  id: number;
  name: string;
}

export interface DeviceDisk {
  name: string;
  status: string;
  capacityMB?: number;
  freeMB?: number;
}

export interface DeviceRecording {
  start: number;
  end: number;
  size?: number;
  /** what the device names the recording by: its playback URI */
  uri: string;
}

/** 40 a page: what Hikvision's own web client asks (WebSDK `iSearchPos` steps of 40) */
export const PAGE = 40;
/** a search that pages past this many entries for one channel is a device that never says it is done */
const MAX_ENTRIES = 1_000_000;

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['searchMatchItem', 'InputProxyChannel', 'VideoInputChannel', 'hdd', 'nas'].includes(name) });

/** Parses a device's XML (UTF-8, or GB2312 / GBK as older Chinese firmware declares); garbage is device-answer. */
export function parseXml(device: string, what: string, body: Buffer): Record<string, unknown> {
  const head = body.subarray(0, 200).toString('latin1');
  const encoding = /encoding=["'](gb2312|gbk|gb18030)["']/i.exec(head) ? 'gb18030' : 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch (e) {
    throw new DeviceError('device-answer', `${device}: ${what} is not ${encoding} text`, { cause: e });
  }
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch (e) {
    throw new DeviceError('device-answer', `${device}: ${what} is not XML (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  if (typeof doc !== 'object' || doc === null) throw new DeviceError('device-answer', `${device}: ${what} is empty`);
  return doc as Record<string, unknown>;
}


export class IsapiClient {
  constructor(
    private readonly http: DeviceHttp,
    private readonly name: string,
  ) {}

  private async get(path: string, optional = false): Promise<Record<string, unknown> | undefined> {
    const a = await this.http.send('GET', path);
    if (optional && (a.status === 404 || a.status === 403)) return undefined;
    if (a.status !== 200) throw new DeviceError('device-answer', `${this.name}: GET ${path} answered HTTP ${a.status}`);
    return parseXml(this.name, `GET ${path}`, a.body);
  }

  async deviceInfo(): Promise<DeviceInfo> {
    const d = obj((await this.get('/ISAPI/System/deviceInfo'))!.DeviceInfo);
    return { name: str(d.deviceName), model: str(d.model), serial: str(d.serialNumber), type: str(d.deviceType) };
  }

  /** The device's clock now (as an instant, when it gives its offset) and its UTC offset in minutes. */
  async time(): Promise<{ localTime?: string; offsetMinutes?: number }> {
    const t = obj((await this.get('/ISAPI/System/time', true))?.Time);
    const localTime = str(t.localTime);
    const m = localTime ? /([+-])(\d\d):?(\d\d)$/.exec(localTime) : null;
    if (m) return { localTime, offsetMinutes: (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) };
    // POSIX TZ as Hikvision writes it: "CST-8:00:00" is 8 hours east of UTC
    const z = /^[A-Za-z]+([+-]?)(\d{1,2})(?::(\d\d))?/.exec(str(t.timeZone) ?? '');
    if (z) return { localTime, offsetMinutes: (z[1] === '-' ? 1 : -1) * (Number(z[2]) * 60 + Number(z[3] ?? 0)) };
    return { localTime };
  }

  /** Whether the device searches by UTC (its capabilities say so); otherwise it reads times as local. */
  async searchesByUtc(): Promise<boolean> {
    const caps = await this.get('/ISAPI/System/capabilities', true);
    return str(obj(obj(caps?.DeviceCap).RacmCap).isSupportFindCommonFileByUTC) === 'true';
  }

  async channels(): Promise<DeviceChannel[]> {
    const proxy = await this.get('/ISAPI/ContentMgmt/InputProxy/channels', true);
    const list = proxy ? (obj(proxy.InputProxyChannelList).InputProxyChannel as unknown[] | undefined) : undefined;
    const inputs = list ?? (obj((await this.get('/ISAPI/System/Video/inputs/channels', true))?.VideoInputChannelList).VideoInputChannel as unknown[] | undefined) ?? [];
    return inputs.map((c) => {
      const id = Number(str(obj(c).id));
      if (!Number.isInteger(id) || id < 1) throw new DeviceError('device-answer', `${this.name}: a channel without a number in its channel list`);
      return { id, name: str(obj(c).name) ?? `Camera ${String(id).padStart(2, '0')}` };
    });
  }

  async disks(): Promise<DeviceDisk[]> {
    const s = obj((await this.get('/ISAPI/ContentMgmt/Storage', true))?.storage);
    const list = [...((obj(s.hddList).hdd as unknown[]) ?? []), ...((obj(s.nasList).nas as unknown[]) ?? [])];
    return list.map((d) => ({ name: str(obj(d).hddName) ?? str(obj(d).id) ?? '?', status: str(obj(d).status) ?? 'unknown', capacityMB: Number(str(obj(d).capacity)) || undefined, freeMB: Number(str(obj(d).freeSpace)) }));
  }

  /**
   * A channel's main-stream recordings from `from` to `to`, page by page to `onPage` (memory flat in the
   * number of entries). `clock` says how the device reads and writes times (see the top).
   */
  async search(channel: number, from: number, to: number, clock: SearchClock, onPage: (r: DeviceRecording[]) => void): Promise<number> {
    const track = channel * 100 + 1;
    let position = 0;
    let firstOfPage: string | undefined;
    for (;;) {
      const body = searchBody(track, clock.write(from), clock.write(to), position);
      const a = await this.http.send('POST', '/ISAPI/ContentMgmt/search', body);
      if (a.status !== 200) throw new DeviceError('device-answer', `${this.name}: the search of channel ${channel} answered HTTP ${a.status}`);
      const r = obj(parseXml(this.name, `the search of channel ${channel}`, a.body).CMSearchResult);
      const status = str(r.responseStatusStrg);
      if (status === 'NO MATCHES') return position;
      const items = (obj(r.matchList).searchMatchItem as unknown[] | undefined) ?? [];
      const page = items.map((i) => recordingOf(i, clock, this.name, channel));
      // a device that answers the same page again never gets to the end
      if (page.length > 0 && page[0]!.uri === firstOfPage) throw new DeviceError('device-answer', `${this.name}: the search of channel ${channel} answered the same page again at position ${position}; a search that never ends is not a list`);
      firstOfPage = page[0]?.uri;
      onPage(page);
      position += items.length;
      if (status === 'OK') return position;
      if (status !== 'MORE') throw new DeviceError('device-answer', `${this.name}: the search of channel ${channel} answered responseStatusStrg ${JSON.stringify(status)}; expected OK, MORE or NO MATCHES`);
      if (items.length === 0 || position > MAX_ENTRIES) throw new DeviceError('device-answer', `${this.name}: the search of channel ${channel} says MORE ${items.length === 0 ? 'with an empty page' : `past ${MAX_ENTRIES} entries`}; a search that never ends is not a list`);
    }
  }

  /** The first `bytes` of a recording, by its playback URI (`/ISAPI/ContentMgmt/download`). */
  async download(uri: string, bytes: number): Promise<{ status: number; body: Buffer }> {
    const body = `<?xml version="1.0" encoding="UTF-8"?><downloadRequest><playbackURI>${escapeXml(uri)}</playbackURI></downloadRequest>`;
    const a = await this.http.send('POST', '/ISAPI/ContentMgmt/download', body, { limitBytes: bytes });
    return { status: a.status, body: a.body };
  }
}

/** How one device writes and reads a search's times. */
export interface SearchClock {
  write(t: number): string;
  read(text: string): number | undefined;
}

/** UTC both ways: a device that says it searches by UTC. */
export const UTC_CLOCK: SearchClock = {
  write: (t) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  read: (text) => {
    const t = Date.parse(text);
    return Number.isNaN(t) ? undefined : t;
  },
};

/** The device's wall clock in `zone` both ways, whatever suffix it writes (see the top). */
export function localClock(zone: string): SearchClock {
  return {
    write: (t) => `${new Date(wallMsOf(Math.floor(t / 1000) * 1000, zone)).toISOString().slice(0, 19)}Z`,
    read: (text) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(text);
      if (!m) return undefined;
      const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      return wallToInstants({ year, month, day, hour, minute, second, millisecond: 0 }, zone)?.[0];
    },
  };
}

function recordingOf(item: unknown, clock: SearchClock, device: string, channel: number): DeviceRecording {
  const i = obj(item);
  const span = obj(i.timeSpan);
  const startText = str(span.startTime) ?? str(i.startTime);
  const endText = str(span.endTime) ?? str(i.endTime);
  const start = startText ? clock.read(startText) : undefined;
  const end = endText ? clock.read(endText) : undefined;
  const uri = str(obj(i.mediaSegmentDescriptor).playbackURI) ?? str(i.playbackURI);
  if (start === undefined || end === undefined || !uri) throw new DeviceError('device-answer', `${device}: a search result of channel ${channel} without a readable start, end or playback URI (${JSON.stringify({ startText, endText })})`);
  const size = Number(/[?&]size=(\d+)/.exec(uri)?.[1]);
  return { start, end, uri, ...(Number.isFinite(size) ? { size } : {}) };
}

function searchBody(track: number, start: string, end: string, position: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CMSearchDescription>
<searchID>${randomUUID().toUpperCase()}</searchID>
<trackList><trackID>${track}</trackID></trackList>
<timeSpanList><timeSpan><startTime>${start}</startTime><endTime>${end}</endTime></timeSpan></timeSpanList>
<maxResults>${PAGE}</maxResults>
<searchResultPostion>${position}</searchResultPostion>
<metadataList><metadataDescriptor>//recordType.meta.std-cgi.com</metadataDescriptor></metadataList>
</CMSearchDescription>`;
}
