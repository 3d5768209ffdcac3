/**
 * A Hikvision NVR's ISAPI as vstor asks it, served on 127.0.0.1 from a table of recordings, for the tests and
 * for trying `vstor audit --devices` without hardware. What it answers follows the devices' own answers:
 * `/ISAPI/System/deviceInfo` and `/ISAPI/ContentMgmt/Storage` are shaped after the NVR dumps in
 * maciej-or/hikvision_next `tests/fixtures/ISAPI/System.deviceInfo/nvr.xml` and `ContentMgmt.Storage/hdd1.xml`
 * (a DS-7608NXI-I2 on firmware V4.62.210; that repository states no licence, so the answers are rewritten with
 * other values, not copied), the search pages as Hikvision's WebSDK describes (`MORE` until `OK`, 40 a page),
 * digest authentication as RFC 7616 (MD5 or SHA-256, `qop=auth`, nonces that expire), and the quirk many NVRs
 * have: a search's times read as the device's wall clock whatever their suffix (`clock: 'local'`).
 */
import { listenLoopback } from './loopback.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { wallMsOf } from '../archive/time.ts';
import { wallToInstants } from '../archive/time.ts';
import { digestGate } from './digest-gate.ts';

export interface ServedChannel {
  id: number;
  name: string;
  recordings: { start: number; end: number }[];
}

export interface IsapiServerOptions {
  user: string;
  password: string;
  channels: ServedChannel[];
  /** the device's zone: its wall clock, and how it reads a search with `clock: 'local'` */
  zone: string;
  /** 'utc': searches and answers in UTC (it says isSupportFindCommonFileByUTC); 'local': the quirk */
  clock: 'utc' | 'local';
  algorithm?: 'MD5' | 'SHA-256';
  /** a nonce serves this many requests, then the device asks again (without saying stale) */
  nonceUses?: number;
  /** the bytes of a recording's download, by its start; undefined: downloads refused (HTTP 403) */
  footage?: (start: number) => Uint8Array;
  /** disks and their status */
  disks?: { name: string; status: string }[];
  /** the device's clock, ms ahead of the real one */
  clockAheadMs?: number;
  /** a search that says MORE for ever */
  endlessSearch?: boolean;
  /** channel names in GB2312, as older firmware sends them */
  gb2312?: boolean;
  /** the port to listen on (0: any free one) */
  port?: number;
  /** serve HTTPS with this key and certificate (PEM), as a device with its self-signed certificate does */
  tls?: { key: string; cert: string };
  /** the first this many requests are answered 503 (a device busy with its sessions) */
  busyFirst?: number;
}

export interface RunningIsapi {
  port: number;
  /** requests by path, and failed logins */
  seen: { paths: string[]; failedLogins: number; maxAtOnce: number };
  close(): Promise<void>;
}

export async function serveIsapi(o: IsapiServerOptions): Promise<RunningIsapi> {
  const seen = { paths: [] as string[], failedLogins: 0, maxAtOnce: 0 };
  let open = 0;
  const gate = digestGate({ user: o.user, password: o.password, realm: 'IP Camera(C1234)', algorithm: o.algorithm, nonceUses: o.nonceUses });
  let busy = o.busyFirst ?? 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    open++;
    seen.maxAtOnce = Math.max(seen.maxAtOnce, open);
    res.on('close', () => open--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.paths.push(`${req.method} ${req.url}`);
      if (busy > 0) {
        busy--;
        res.writeHead(503, { 'retry-after': '1' });
        res.end();
        return;
      }
      const admitted = gate.admit(req, res);
      seen.failedLogins = gate.failedLogins();
      if (!admitted) return;
      answer(req, Buffer.concat(chunks).toString('utf8'), res, o);
    });
  };
  const server: Server = o.tls ? createHttpsServer(o.tls, handler) : createServer(handler);
  return { ...(await listenLoopback(server, o.port)), seen };
}

const NS = 'http://www.hikvision.com/ver20/XMLSchema';

function answer(req: IncomingMessage, body: string, res: ServerResponse, o: IsapiServerOptions): void {
  const xml = (text: string, encoding = 'UTF-8') => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(encoding === 'GB2312' ? Buffer.from(new TextEncoderGb().encode(text)) : text);
  };
  const path = (req.url ?? '').split('?')[0];
  const now = Date.now() + (o.clockAheadMs ?? 0);
  switch (`${req.method} ${path}`) {
    case 'GET /ISAPI/System/deviceInfo':
      return xml(`<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0" xmlns="${NS}">\n<deviceName>Network Video Recorder</deviceName>\n<deviceID>5a1b2c3d-0000-0000-0000-000000000001</deviceID>\n<model>DS-7616NXI-K2</model>\n<serialNumber>DS-7616NXI-K21620230101CCRRJ12345678WCVU</serialNumber>\n<firmwareVersion>V4.62.210</firmwareVersion>\n<deviceType>NVR</deviceType>\n</DeviceInfo>`);
    case 'GET /ISAPI/System/time': {
      const wall = new Date(wallMsOf(now, o.zone)).toISOString().slice(0, 19);
      const offset = Math.round((wallMsOf(now, o.zone) - now) / 60_000);
      const sign = offset < 0 ? '-' : '+';
      const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
      const mm = String(Math.abs(offset) % 60).padStart(2, '0');
      return xml(`<?xml version="1.0" encoding="UTF-8"?>\n<Time version="2.0" xmlns="${NS}">\n<timeMode>NTP</timeMode>\n<localTime>${wall}${sign}${hh}:${mm}</localTime>\n<timeZone>CST${offset > 0 ? '-' : '+'}${Number(hh)}:${mm}:00</timeZone>\n</Time>`);
    }
    case 'GET /ISAPI/System/capabilities':
      return xml(`<?xml version="1.0" encoding="UTF-8"?>\n<DeviceCap version="2.0" xmlns="${NS}">\n<RacmCap><inputProxyNums>${o.channels.length}</inputProxyNums><isSupportFindCommonFileByUTC>${o.clock === 'utc'}</isSupportFindCommonFileByUTC></RacmCap>\n</DeviceCap>`);
    case 'GET /ISAPI/ContentMgmt/InputProxy/channels': {
      const items = o.channels.map((c) => `<InputProxyChannel><id>${c.id}</id><name>${c.name}</name></InputProxyChannel>`).join('\n');
      const enc = o.gb2312 ? 'GB2312' : 'UTF-8';
      return xml(`<?xml version="1.0" encoding="${enc}"?>\n<InputProxyChannelList version="2.0" xmlns="${NS}" size="${o.channels.length}">\n${items}\n</InputProxyChannelList>`, enc);
    }
    case 'GET /ISAPI/ContentMgmt/Storage': {
      const disks = (o.disks ?? [{ name: 'hdd1', status: 'ok' }]).map((d, i) => `<hdd><id>${i + 1}</id><hddName>${d.name}</hddName><hddType>SATA</hddType><status>${d.status}</status><capacity>7630885</capacity><freeSpace>0</freeSpace><property>RW</property><group>1</group></hdd>`).join('');
      return xml(`<?xml version="1.0" encoding="UTF-8"?>\n<storage version="2.0" xmlns="${NS}">\n<hddList>${disks}</hddList>\n<nasList></nasList>\n<workMode>group</workMode>\n</storage>`);
    }
    case 'POST /ISAPI/ContentMgmt/search':
      return xml(searchAnswer(body, o));
    case 'POST /ISAPI/ContentMgmt/download': {
      const uri = /<playbackURI>([^<]*)<\/playbackURI>/.exec(body)?.[1]?.replace(/&amp;/g, '&') ?? '';
      const start = Number(/[?&]vstart=(\d+)/.exec(uri)?.[1]);
      if (!o.footage || !Number.isFinite(start)) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><ResponseStatus version="2.0" xmlns="${NS}"><statusCode>4</statusCode><statusString>Invalid Operation</statusString><subStatusCode>notSupport</subStatusCode></ResponseStatus>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.end(Buffer.from(o.footage(start)));
      return;
    }
    default:
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><ResponseStatus version="2.0" xmlns="${NS}"><statusCode>4</statusCode><statusString>Invalid Operation</statusString><subStatusCode>notSupport</subStatusCode></ResponseStatus>`);
  }
}

function searchAnswer(body: string, o: IsapiServerOptions): string {
  const tag = (name: string) => /<(\w+)>/.test(body) ? new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1] : undefined;
  const track = Number(tag('trackID'));
  const channel = o.channels.find((c) => c.id * 100 + 1 === track);
  const read = (text: string | undefined) => (text === undefined ? NaN : o.clock === 'utc' ? Date.parse(text) : localInstant(text, o.zone));
  const from = read(tag('startTime'));
  const to = read(tag('endTime'));
  const position = Number(tag('searchResultPostion') ?? 0);
  const max = Math.min(Number(tag('maxResults') ?? 40), 40);
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<CMSearchResult version="2.0" xmlns="${NS}">\n<searchID>${tag('searchID')}</searchID>\n<responseStatus>true</responseStatus>\n`;
  const all = (channel?.recordings ?? []).filter((r) => r.end > from && r.start < to);
  if (all.length === 0 && !o.endlessSearch) return `${head}<responseStatusStrg>NO MATCHES</responseStatusStrg>\n<numOfMatches>0</numOfMatches>\n</CMSearchResult>`;
  const page = o.endlessSearch ? all.slice(0, max) : all.slice(position, position + max);
  const more = o.endlessSearch || position + page.length < all.length;
  const write = (t: number) => (o.clock === 'utc' ? new Date(t).toISOString().slice(0, 19) : new Date(wallMsOf(t, o.zone)).toISOString().slice(0, 19)) + 'Z';
  const items = page.map((r) => {
    const s = write(r.start).replace(/[-:]/g, '');
    const e = write(r.end).replace(/[-:]/g, '');
    return `<searchMatchItem>\n<sourceID>{0000000000-0000-0000-0000-000000000000}</sourceID>\n<trackID>${track}</trackID>\n<timeSpan>\n<startTime>${write(r.start)}</startTime>\n<endTime>${write(r.end)}</endTime>\n</timeSpan>\n<mediaSegmentDescriptor>\n<contentType>video</contentType>\n<codecType>H.264-BP</codecType>\n<playbackURI>rtsp://127.0.0.1/Streaming/tracks/${track}/?starttime=${s}&amp;endtime=${e}&amp;name=${String(r.start / 1000).padStart(17, '0')}&amp;size=${4 * 1024 * 1024}&amp;vstart=${r.start}</playbackURI>\n</mediaSegmentDescriptor>\n<metadataMatches>\n<metadataDescriptor>recordType.meta.hikvision.com/timing</metadataDescriptor>\n</metadataMatches>\n</searchMatchItem>`;
  });
  return `${head}<responseStatusStrg>${more ? 'MORE' : 'OK'}</responseStatusStrg>\n<numOfMatches>${page.length}</numOfMatches>\n<matchList>\n${items.join('\n')}\n</matchList>\n</CMSearchResult>`;
}

/** A device's wall-clock text (any suffix ignored, the quirk) as an instant in its zone. */
function localInstant(text: string, zone: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return wallToInstants({ year, month, day, hour, minute, second, millisecond: 0 }, zone)?.[0] ?? NaN;
}

/** GB2312 text as older firmware sends it (Node has no GB encoder: the names' bytes come from a table). */
class TextEncoderGb {
  encode(text: string): Uint8Array {
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else out.push(...(GB[ch] ?? [0x3f]));
    }
    return Uint8Array.from(out);
  }
}

/** the GB2312 bytes of the characters the samples' Chinese channel names use */
const GB: Record<string, number[]> = { 大: [0xb4, 0xf3], 门: [0xc3, 0xc5], 北: [0xb1, 0xb1], 侧: [0xb2, 0xe0], 停: [0xcd, 0xa3], 车: [0xb3, 0xb5], 场: [0xb3, 0xa1] };

/**
 * The sample device's channels as of `now` for a rule of `days`: one that passes, one kept too short, one
 * with a six-hour hole, one that stopped two days ago (hourly recordings), named as a Chinese site names them.
 */
export function sampleDeviceChannels(now: number, days: number): ServedChannel[] {
  const hour = 3_600_000;
  const day = 24 * hour;
  const top = Math.floor(now / hour) * hour;
  const hourly = (from: number, to: number, skip?: (t: number) => boolean) => {
    const out = [];
    for (let t = from; t + hour <= to; t += hour) if (!skip?.(t)) out.push({ start: t, end: t + hour });
    return out;
  };
  const keep = (days + 2) * day;
  return [
    { id: 1, name: '大门北侧', recordings: hourly(top - keep, top) },
    { id: 2, name: 'lobby', recordings: hourly(top - Math.ceil(days / 3) * day, top) },
    { id: 3, name: '停车场', recordings: hourly(top - keep, top, (t) => t >= top - Math.ceil(days / 2) * day && t < top - Math.ceil(days / 2) * day + 6 * hour) },
    { id: 4, name: 'roof', recordings: hourly(top - keep, top - 2 * day) },
  ];
}
