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
import { DeviceError, type DeviceHttp } from './http.ts';
import type { Device } from './devices-file.ts';
import { OnvifSoap, REPLAY_NS, SEARCH_NS } from './onvif-soap.ts';
import { escapeXml, obj, str } from './xml.ts';
import type { DeviceChannel, DeviceRecording, Fetched, RecorderApi, RecorderState } from './recorder-api.ts';
import { replayHead } from './rtsp.ts';

/** the longest recording a span is cut into: the newest one read is then within the last hour */
const PIECE_MS = 3_600_000;
/** how far back a span is cut into hours: well past the longest retention of the presets (90 days) */
const HOURLY_MS = 400 * 86_400_000;

interface Recording {
  token: string;
  name: string;
  earliest: number;
  latest: number;
}

export function onvifApi(http: DeviceHttp, device: Device): RecorderApi {
  const soap = new OnvifSoap(http, device);
  let replayPath: string | undefined;
  let recordings: Recording[] = [];
  const replayUris = new Map<string, string>();
  return {
    sizes: false,
    async open(): Promise<RecorderState> {
      soap.skewMs = await deviceClockSkew(soap);
      const paths = await servicePaths(soap, device);
      soap.searchPath = paths.search;
      replayPath = paths.replay;
      recordings = await findRecordings(soap, device);
      return { clockSkewMs: soap.skewMs, disks: [], channels: recordings.map((r, i): DeviceChannel => ({ id: i + 1, name: r.name })) };
    },
    async list(channel, from, to, onPage) {
      const rec = recordings[channel - 1];
      if (!rec) return;
      const states = await trackStates(soap, device, rec, from, to);
      onPage(spans(states, rec).flatMap(pieces));
      // with IncludeStartState a device answers at least the track's state at the start; none at all is a
      // device that keeps no recording history: its recording's whole span is all it says
      if (states.length === 0) return { gapsUnknown: true };
    },
    async fetch(channel, start, _end, bytes): Promise<Fetched | undefined> {
      const rec = recordings[channel - 1];
      if (!rec) return undefined;
      if (!replayPath) return { status: 501, body: Buffer.alloc(0), kind: 'h264', why: 'the device offers no ONVIF replay service, so its footage cannot be read' };
      let uri = replayUris.get(rec.token);
      if (!uri) replayUris.set(rec.token, (uri = await replayUri(soap, device, replayPath, rec.token)));
      const head = await replayHead(device, uri, start, bytes);
      return { status: 200, body: head.annexB, kind: head.codec, clockMs: head.clockMs, problem: head.problem };
    },
  };
}

/** GetSystemDateAndTime (unsigned: WS-Security's Created needs the device's clock): its UTC clock against ours. */
async function deviceClockSkew(soap: OnvifSoap): Promise<number> {
  const r = await soap.call('/onvif/device_service', 'http://www.onvif.org/ver10/device/wsdl/GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>', false);
  const dt = obj(obj(obj(r.GetSystemDateAndTimeResponse).SystemDateAndTime).UTCDateTime);
  const d = obj(dt.Date);
  const t = obj(dt.Time);
  if (!str(d.Year)) return 0;
  return Date.UTC(Number(str(d.Year)), Number(str(d.Month)) - 1, Number(str(d.Day)), Number(str(t.Hour)), Number(str(t.Minute)), Number(str(t.Second))) - Date.now();
}

/** GetServices: where the search service answers (a device without one has no Profile G), and the replay service. */
async function servicePaths(soap: OnvifSoap, device: Device): Promise<{ search: string; replay?: string }> {
  const r = await soap.call('/onvif/device_service', 'http://www.onvif.org/ver10/device/wsdl/GetServices', '<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability></tds:GetServices>');
  const services = ((obj(r.GetServicesResponse).Service as unknown[] | undefined) ?? []).map(obj);
  const path = (ns: string, fallback: string) => {
    const s = services.find((x) => str(x.Namespace) === ns);
    return s ? new URL(str(s.XAddr) ?? fallback, 'http://x').pathname : undefined;
  };
  const search = path(SEARCH_NS, '/onvif/search_service');
  if (!search) throw new DeviceError('device-answer', `${device.name}: the device offers no ONVIF search service (Profile G); its recordings cannot be listed`);
  return { search, replay: path(REPLAY_NS, '/onvif/replay_service') };
}

/** FindRecordings: each recording's token, its source's name, its earliest and latest footage. */
async function findRecordings(soap: OnvifSoap, device: Device): Promise<Recording[]> {
  const recordings: Recording[] = [];
  await soap.search('FindRecordings', '<tse:FindRecordings><tse:Scope/><tse:KeepAliveTime>PT60S</tse:KeepAliveTime></tse:FindRecordings>', 'GetRecordingSearchResults', (list) => {
    for (const r of (list.RecordingInformation as unknown[] | undefined) ?? []) {
      const info = obj(r);
      const token = str(info.RecordingToken);
      if (!token) continue;
      recordings.push({ token, name: str(obj(info.Source).Name) ?? token, earliest: timeOf(device, info.EarliestRecording, 'EarliestRecording'), latest: timeOf(device, info.LatestRecording, 'LatestRecording') });
    }
  });
  return recordings;
}

/** FindEvents for `tns1:RecordingHistory/Track/State`: when the recording's track held data and when it stopped. */
async function trackStates(soap: OnvifSoap, device: Device, rec: Recording, from: number, to: number): Promise<{ at: number; present: boolean }[]> {
  const events: { at: number; present: boolean }[] = [];
  const body = `<tse:FindEvents><tse:StartPoint>${new Date(Math.max(from, rec.earliest)).toISOString()}</tse:StartPoint><tse:EndPoint>${new Date(Math.min(to, rec.latest)).toISOString()}</tse:EndPoint><tse:Scope><tt:IncludedRecordings>${escapeXml(rec.token)}</tt:IncludedRecordings></tse:Scope><tse:SearchFilter><tt:TopicExpression Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RecordingHistory/Track/State</tt:TopicExpression></tse:SearchFilter><tse:IncludeStartState>true</tse:IncludeStartState><tse:KeepAliveTime>PT60S</tse:KeepAliveTime></tse:FindEvents>`;
  await soap.search('FindEvents', body, 'GetEventSearchResults', (list) => {
    for (const r of (list.Result as unknown[] | undefined) ?? []) {
      const result = obj(r);
      const items = (obj(obj(obj(obj(result.Event).Message).Message).Data).SimpleItem as unknown[] | undefined) ?? [];
      const present = items.map(obj).find((i) => i['@Name'] === 'IsDataPresent');
      if (present) events.push({ at: timeOf(device, result.Time, 'an event Time'), present: present['@Value'] === 'true' });
    }
  });
  return events;
}

/** GetReplayUri: RTP unicast over RTSP (interleaved on its TCP connection). */
async function replayUri(soap: OnvifSoap, device: Device, path: string, token: string): Promise<string> {
  const r = await soap.call(path, `${REPLAY_NS}/GetReplayUri`, `<trp:GetReplayUri><trp:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trp:StreamSetup><trp:RecordingToken>${escapeXml(token)}</trp:RecordingToken></trp:GetReplayUri>`);
  const uri = str(obj(r.GetReplayUriResponse).Uri);
  if (!uri) throw new DeviceError('device-answer', `${device.name}: GetReplayUri gave no URI for recording ${token}`);
  return uri;
}

function timeOf(device: Device, v: unknown, what: string): number {
  const t = Date.parse(str(v) ?? '');
  if (Number.isNaN(t)) throw new DeviceError('device-answer', `${device.name}: ${what} ${JSON.stringify(str(v))} is not a time`);
  return t;
}

/** The spans a track held data, from its state events in time order (the whole recording when it has none: the list says so). */
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

