/**
 * A Profile G recorder (Uniview, Axis, Hanwha; Hikvision and Dahua too) asked over ONVIF, as the ONVIF WSDLs
 * define it (`ver10/device/wsdl/devicemgmt.wsdl`, `ver10/search/wsdl/search.wsdl`, `ver10/schema/onvif.xsd`):
 *
 *   device service   GetSystemDateAndTime (its UTC clock: the skew, and WS-Security's Created), GetServices
 *                    (where the search service is)
 *   search service   FindRecordings + GetRecordingSearchResults (each recording: its token, its source's name,
 *                    EarliestRecording, LatestRecording) + EndSearch; FindEvents for
 *                    `tns1:RecordingHistory/Track/State` + GetEventSearchResults (IsDataPresent true / false:
 *                    where recording held and stopped) + EndSearch
 *
 * Requests carry a WS-Security UsernameToken with PasswordDigest (Base64(SHA-1(nonce + created + password))).
 * A recording's channel is its place in the device's list (1, 2, ...), named by its source. The segments are the
 * spans between a track's "data present" and "data absent" events (the whole span from earliest to latest when
 * the device reports none), cut into recordings of an hour (pieces()), so the newest one read is the last hour's.
 * Footage is replayed over RTSP (replay service GetReplayUri, `ver10/replay/wsdl/replay.wsdl`; rtsp.ts): its
 * first key frame, stamped by the recorder's clock. A device with no replay service leaves its channels
 * `unread-footage` unless the devices file accepts its list.
 */
import { createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { DeviceError, type DeviceHttp } from './http.ts';
import type { Device } from './devices-file.ts';
import type { DeviceChannel, DeviceRecording, Fetched, RecorderApi, RecorderState } from './recorder-api.ts';
import { replayHead } from './rtsp.ts';

const SEARCH_NS = 'http://www.onvif.org/ver10/search/wsdl';
const REPLAY_NS = 'http://www.onvif.org/ver10/replay/wsdl';
/** the longest recording a span is cut into: the newest one read is then within the last hour */
const PIECE_MS = 3_600_000;
/** how far back a span is cut into hours: well past the longest retention of the presets (90 days) */
const HOURLY_MS = 400 * 86_400_000;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['Service', 'RecordingInformation', 'Result', 'SimpleItem'].includes(name) });
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : typeof v === 'object' && v !== null && typeof (v as { '#text'?: unknown })['#text'] === 'string' ? ((v as { '#text': string })['#text']).trim() : undefined);
/** results a page, and pages a search at most (a search that never completes is not a list) */
const PAGE = 100;
const MAX_PAGES = 10_000;

interface Recording {
  token: string;
  name: string;
  earliest: number;
  latest: number;
}

export function onvifApi(http: DeviceHttp, device: Device): RecorderApi {
  let skewMs = 0;
  let searchPath = '/onvif/search_service';
  let replayPath: string | undefined;
  let recordings: Recording[] = [];
  const replayUris = new Map<string, string>();

  const header = () => {
    const nonce = randomBytes(16);
    const created = new Date(Date.now() + skewMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(device.password.reveal())])).digest('base64');
    return `<s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken><wsse:Username>${escapeXml(device.user)}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>`;
  };

  /** One SOAP call; a fault is device-auth when it says NotAuthorized, else device-answer. */
  async function call(path: string, action: string, body: string, signed = true): Promise<Record<string, unknown>> {
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tse="${SEARCH_NS}" xmlns:trp="${REPLAY_NS}" xmlns:tt="http://www.onvif.org/ver10/schema">${signed ? header() : ''}<s:Body>${body}</s:Body></s:Envelope>`;
    const a = await http.send('POST', path, envelope, { contentType: `application/soap+xml; charset=utf-8; action="${action}"` });
    let doc: Record<string, unknown>;
    try {
      doc = obj(parser.parse(a.body.toString('utf8'), true));
    } catch (e) {
      throw new DeviceError('device-answer', `${device.name}: ${action.split('/').pop()} answered something that is not XML`, { cause: e });
    }
    const bodyOf = obj(obj(doc.Envelope).Body);
    const fault = bodyOf.Fault;
    if (fault !== undefined) {
      const text = JSON.stringify(fault);
      if (/NotAuthorized|FailedAuthentication|Sender not Authorized/i.test(text)) throw new DeviceError('device-auth', `${device.name}: the device refused user ${JSON.stringify(device.user)} and its password (SOAP fault NotAuthorized); not asked again`);
      throw new DeviceError('device-answer', `${device.name}: ${action.split('/').pop()} answered a SOAP fault (${str(obj(obj(fault).Reason).Text) ?? 'no reason given'})`);
    }
    if (a.status !== 200) throw new DeviceError('device-answer', `${device.name}: ${action.split('/').pop()} answered HTTP ${a.status}`);
    return bodyOf;
  }

  /** A search session: started, its pages read until Completed, ended whatever happened. */
  async function search(start: string, startBody: string, results: string, onResult: (list: Record<string, unknown>) => void): Promise<void> {
    const token = str(obj((await call(searchPath, `${SEARCH_NS}/${start}`, startBody))[`${start}Response`]).SearchToken);
    if (!token) throw new DeviceError('device-answer', `${device.name}: ${start} gave no search token`);
    try {
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new DeviceError('device-answer', `${device.name}: ${results} did not complete after ${MAX_PAGES} pages; a search that never ends is not a list`);
        const list = obj(obj((await call(searchPath, `${SEARCH_NS}/${results}`, `<tse:${results}><tse:SearchToken>${escapeXml(token)}</tse:SearchToken><tse:MaxResults>${PAGE}</tse:MaxResults><tse:WaitTime>PT5S</tse:WaitTime></tse:${results}>`))[`${results}Response`]).ResultList);
        onResult(list);
        if (str(list.SearchState) === 'Completed') return;
      }
    } finally {
      await call(searchPath, `${SEARCH_NS}/EndSearch`, `<tse:EndSearch><tse:SearchToken>${escapeXml(token)}</tse:SearchToken></tse:EndSearch>`).catch(() => undefined);
    }
  }

  /** GetReplayUri: RTP unicast over RTSP (interleaved on its TCP connection), one a recording */
  async function replayUri(token: string): Promise<string> {
    const known = replayUris.get(token);
    if (known) return known;
    const r = await call(replayPath!, `${REPLAY_NS}/GetReplayUri`, `<trp:GetReplayUri><trp:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup><trp:RecordingToken>${escapeXml(token)}</trp:RecordingToken></trp:GetReplayUri>`);
    const uri = str(obj(r.GetReplayUriResponse).Uri);
    if (!uri) throw new DeviceError('device-answer', `${device.name}: GetReplayUri gave no URI for recording ${token}`);
    replayUris.set(token, uri);
    return uri;
  }

  const time = (v: unknown, what: string): number => {
    const t = Date.parse(str(v) ?? '');
    if (Number.isNaN(t)) throw new DeviceError('device-answer', `${device.name}: ${what} ${JSON.stringify(str(v))} is not a time`);
    return t;
  };

  return {
    sizes: false,
    async open(): Promise<RecorderState> {
      const dt = obj(obj(obj((await call('/onvif/device_service', 'http://www.onvif.org/ver10/device/wsdl/GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>', false)).GetSystemDateAndTimeResponse).SystemDateAndTime).UTCDateTime);
      const d = obj(dt.Date);
      const t = obj(dt.Time);
      if (str(d.Year)) skewMs = Date.UTC(Number(str(d.Year)), Number(str(d.Month)) - 1, Number(str(d.Day)), Number(str(t.Hour)), Number(str(t.Minute)), Number(str(t.Second))) - Date.now();
      const services = (obj((await call('/onvif/device_service', 'http://www.onvif.org/ver10/device/wsdl/GetServices', '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>')).GetServicesResponse).Service as unknown[] | undefined) ?? [];
      const searchService = services.map(obj).find((s) => str(s.Namespace) === SEARCH_NS);
      if (!searchService) throw new DeviceError('device-answer', `${device.name}: the device offers no ONVIF search service (Profile G); its recordings cannot be listed`);
      searchPath = new URL(str(searchService.XAddr) ?? '/onvif/search_service', 'http://x').pathname;
      const replayService = services.map(obj).find((s) => str(s.Namespace) === REPLAY_NS);
      replayPath = replayService ? new URL(str(replayService.XAddr) ?? '/onvif/replay_service', 'http://x').pathname : undefined;
      recordings = [];
      await search('FindRecordings', '<tse:FindRecordings><tse:Scope/><tse:KeepAliveTime>PT60S</tse:KeepAliveTime></tse:FindRecordings>', 'GetRecordingSearchResults', (list) => {
        for (const r of (list.RecordingInformation as unknown[] | undefined) ?? []) {
          const info = obj(r);
          const token = str(info.RecordingToken);
          if (!token) continue;
          recordings.push({ token, name: str(obj(info.Source).Name) ?? token, earliest: time(info.EarliestRecording, 'EarliestRecording'), latest: time(info.LatestRecording, 'LatestRecording') });
        }
      });
      const channels: DeviceChannel[] = recordings.map((r, i) => ({ id: i + 1, name: r.name }));
      return { clockSkewMs: skewMs, disks: [], channels };
    },
    async list(channel, from, to, onPage) {
      const rec = recordings[channel - 1];
      if (!rec) return;
      const events: { at: number; present: boolean }[] = [];
      await search(
        'FindEvents',
        `<tse:FindEvents><tse:StartPoint>${new Date(Math.max(from, rec.earliest)).toISOString()}</tse:StartPoint><tse:EndPoint>${new Date(Math.min(to, rec.latest)).toISOString()}</tse:EndPoint><tse:Scope><tt:IncludedRecordings>${escapeXml(rec.token)}</tt:IncludedRecordings></tse:Scope><tse:SearchFilter><tt:TopicExpression Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RecordingHistory/Track/State</tt:TopicExpression></tse:SearchFilter><tse:IncludeStartState>true</tse:IncludeStartState><tse:KeepAliveTime>PT60S</tse:KeepAliveTime></tse:FindEvents>`,
        'GetEventSearchResults',
        (list) => {
          for (const r of (list.Result as unknown[] | undefined) ?? []) {
            const result = obj(r);
            const items = (obj(obj(obj(obj(result.Event).Message).Message).Data).SimpleItem as unknown[] | undefined) ?? [];
            const present = items.map(obj).find((i) => i['@Name'] === 'IsDataPresent');
            if (present) events.push({ at: time(result.Time, 'an event Time'), present: present['@Value'] === 'true' });
          }
        },
      );
      onPage(spans(events, rec).flatMap(pieces));
    },
    async fetch(channel, start, _end, bytes): Promise<Fetched | undefined> {
      const rec = recordings[channel - 1];
      if (!rec) return undefined;
      if (!replayPath) return { status: 501, body: Buffer.alloc(0), kind: 'h264', why: 'the device offers no ONVIF replay service, so its footage cannot be read' };
      const head = await replayHead(device, await replayUri(rec.token), start, bytes);
      return { status: 200, body: head.annexB, kind: head.codec, clockMs: head.clockMs, problem: head.problem };
    },
  };
}

/** The spans a track held data, from its state events in time order (the whole recording when it has none). */
export function spans(events: { at: number; present: boolean }[], rec: { earliest: number; latest: number }): DeviceRecording[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  if (sorted.length === 0) return [{ start: rec.earliest, end: rec.latest, uri: '' }];
  const out: DeviceRecording[] = [];
  let from: number | undefined = sorted[0]!.present ? Math.min(sorted[0]!.at, rec.earliest) : undefined;
  for (const e of sorted) {
    if (e.present && from === undefined) from = e.at;
    else if (!e.present && from !== undefined) {
      if (e.at > from) out.push({ start: from, end: e.at, uri: '' });
      from = undefined;
    }
  }
  if (from !== undefined && rec.latest > from) out.push({ start: from, end: rec.latest, uri: '' });
  return out;
}

/**
 * A span as recordings of an hour, so the newest read is the last hour's; what runs back further than
 * HOURLY_MS (a device whose clock once started at 1970 says its recording began then) stays one recording,
 * not half a million hours.
 */
export function pieces(span: DeviceRecording): DeviceRecording[] {
  const out: DeviceRecording[] = [];
  const hourly = Math.max(span.start, span.end - HOURLY_MS);
  if (hourly > span.start) out.push({ start: span.start, end: hourly, uri: '' });
  for (let from = hourly; from < span.end; from += PIECE_MS) out.push({ start: from, end: Math.min(span.end, from + PIECE_MS), uri: '' });
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
