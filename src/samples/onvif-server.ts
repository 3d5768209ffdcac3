/**
 * An ONVIF Profile G recorder as vstor asks it (src/devices/onvif.ts), served on 127.0.0.1 from a table of
 * recordings, for the tests. Messages as the ONVIF WSDLs and schema define them (`devicemgmt.wsdl`,
 * `search.wsdl`, `onvif.xsd`: RecordingInformation, FindEventResult with `tns1:RecordingHistory/Track/State`
 * and its `IsDataPresent` item); WS-Security UsernameToken with PasswordDigest checked on every call but
 * GetSystemDateAndTime, a wrong one answered with the SOAP fault `ter:NotAuthorized` as devices do. Search
 * sessions page (`Searching` until the last page, then `Completed`) and are counted until EndSearch.
 */
import { createHash } from 'node:crypto';
import { listenLoopback } from './loopback.ts';
import { createServer, type Server } from 'node:http';
import type { ServedChannel } from './isapi-server.ts';
import { serveReplay, type Replayed, type RunningReplay } from './rtsp-replay-server.ts';

export interface OnvifServerOptions {
  user: string;
  password: string;
  channels: ServedChannel[];
  /** results a page at most */
  page?: number;
  /** the device's clock, ms ahead of the real one */
  clockAheadMs?: number;
  /** the port to listen on (0: any free one) */
  port?: number;
  /** what a recording replays from a time (rtsp-replay-server.ts); undefined: no replay service */
  replay?: (token: string, at: number) => Replayed | undefined;
  /** whole answers (envelopes) captured from real devices, sent verbatim for these actions (test/devices/captures/onvif) */
  captured?: Partial<Record<'GetRecordingSearchResults' | 'GetReplayUri', string>>;
}

export interface RunningOnvif {
  port: number;
  seen: { actions: string[]; refused: number; openSearches: () => number; replay?: RunningReplay['seen'] };
  close(): Promise<void>;
}

const ENVELOPE = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tse="http://www.onvif.org/ver10/search/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tns1="http://www.onvif.org/ver10/topics" xmlns:ter="http://www.onvif.org/ver10/error"><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

const NOT_IMPLEMENTED = '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Receiver</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>ter:ActionNotSupported</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Optional Action Not Implemented</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>';

export async function serveOnvif(o: OnvifServerOptions): Promise<RunningOnvif> {
  const sessions = new Map<string, { results: string[]; at: number }>();
  let next = 1;
  const replay = o.replay ? await serveReplay({ user: o.user, password: o.password, footage: o.replay }) : undefined;
  const seen: RunningOnvif['seen'] = { actions: [] as string[], refused: 0, openSearches: () => sessions.size, replay: replay?.seen };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const action = /<s:Body><(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '?';
      seen.actions.push(action);
      const send = (status: number, xml: string) => {
        res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' });
        res.end(ENVELOPE(xml));
      };
      if (action !== 'GetSystemDateAndTime' && !signed(body, o)) {
        seen.refused++;
        return send(400, '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>ter:NotAuthorized</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Sender not Authorized</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>');
      }
      const verbatim = o.captured?.[action as 'GetRecordingSearchResults'];
      if (verbatim !== undefined) {
        res.writeHead(200, { 'content-type': 'application/soap+xml; charset=utf-8' });
        return res.end(verbatim);
      }
      const tag = (name: string) => new RegExp(`<(?:\\w+:)?${name}[^>]*>([^<]*)</(?:\\w+:)?${name}>`).exec(body)?.[1];
      const now = new Date(Date.now() + (o.clockAheadMs ?? 0));
      switch (action) {
        case 'GetSystemDateAndTime':
          return send(200, `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`);
        case 'GetServices': {
          const host = `http://${req.headers.host}`;
          return send(200, `<tds:GetServicesResponse><tds:Service><tds:Namespace>http://www.onvif.org/ver10/device/wsdl</tds:Namespace><tds:XAddr>${host}/onvif/device_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service><tds:Service><tds:Namespace>http://www.onvif.org/ver10/search/wsdl</tds:Namespace><tds:XAddr>${host}/onvif/search_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>42</tt:Minor></tds:Version></tds:Service>${replay || o.captured?.GetReplayUri ? `<tds:Service><tds:Namespace>http://www.onvif.org/ver10/replay/wsdl</tds:Namespace><tds:XAddr>${host}/onvif/replay_service</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>21</tt:Minor></tds:Version></tds:Service>` : ''}</tds:GetServicesResponse>`);
        }
        case 'FindRecordings':
        case 'FindEvents': {
          const token = `SearchToken-${next++}`;
          const results = action === 'FindRecordings' ? recordingResults(o.channels) : eventResults(o.channels, tag('IncludedRecordings') ?? '');
          sessions.set(token, { results, at: 0 });
          return send(200, `<tse:${action}Response><tse:SearchToken>${token}</tse:SearchToken></tse:${action}Response>`);
        }
        case 'GetRecordingSearchResults':
        case 'GetEventSearchResults': {
          const s = sessions.get(tag('SearchToken') ?? '');
          if (!s) return send(400, '<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>ter:InvalidArgVal</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">Invalid token</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>');
          const size = Math.min(Number(tag('MaxResults') ?? 100), o.page ?? 25);
          const page = s.results.slice(s.at, s.at + size);
          s.at += page.length;
          const state = s.at >= s.results.length ? 'Completed' : 'Searching';
          return send(200, `<tse:${action}Response><tse:ResultList><tt:SearchState>${state}</tt:SearchState>${page.join('')}</tse:ResultList></tse:${action}Response>`);
        }
        case 'GetReplayUri':
          if (!replay) return send(400, NOT_IMPLEMENTED);
          return send(200, `<trp:GetReplayUriResponse xmlns:trp="http://www.onvif.org/ver10/replay/wsdl"><trp:Uri>rtsp://127.0.0.1:${replay.port}/replay/${tag('RecordingToken') ?? ''}</trp:Uri></trp:GetReplayUriResponse>`);
        case 'EndSearch':
          sessions.delete(tag('SearchToken') ?? '');
          return send(200, `<tse:EndSearchResponse><tse:Endpoint>${now.toISOString()}</tse:Endpoint></tse:EndSearchResponse>`);
        default:
          return send(400, NOT_IMPLEMENTED);
      }
    });
  });
  const listening = await listenLoopback(server, o.port);
  return { ...listening, seen, close: async () => (await listening.close(), await replay?.close()) };
}

/** WS-Security UsernameToken with PasswordDigest: Base64(SHA-1(nonce + created + password)). */
function signed(body: string, o: OnvifServerOptions): boolean {
  const user = /<(?:\w+:)?Username>([^<]*)</.exec(body)?.[1];
  const digest = /<(?:\w+:)?Password[^>]*>([^<]*)</.exec(body)?.[1];
  const nonce = /<(?:\w+:)?Nonce[^>]*>([^<]*)</.exec(body)?.[1];
  const created = /<(?:\w+:)?Created>([^<]*)</.exec(body)?.[1];
  if (!user || !digest || !nonce || !created) return false;
  const expected = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(o.password)])).digest('base64');
  return user === o.user && digest === expected;
}

function recordingResults(channels: ServedChannel[]): string[] {
  return channels.map((c) => {
    const first = c.recordings[0]?.start ?? Date.now();
    const last = c.recordings.at(-1)?.end ?? Date.now();
    return `<tt:RecordingInformation><tt:RecordingToken>REC-${c.id}</tt:RecordingToken><tt:Source><tt:SourceId>http://127.0.0.1/source/${c.id}</tt:SourceId><tt:Name>${c.name}</tt:Name><tt:Location>site</tt:Location><tt:Description>camera ${c.id}</tt:Description><tt:Address>http://127.0.0.1/source/${c.id}</tt:Address></tt:Source><tt:EarliestRecording>${new Date(first).toISOString()}</tt:EarliestRecording><tt:LatestRecording>${new Date(last).toISOString()}</tt:LatestRecording><tt:Content>Recording ${c.id}</tt:Content><tt:Track><tt:TrackToken>VIDEO001</tt:TrackToken><tt:TrackType>Video</tt:TrackType><tt:Description>Video track</tt:Description><tt:DataFrom>${new Date(first).toISOString()}</tt:DataFrom><tt:DataTo>${new Date(last).toISOString()}</tt:DataTo></tt:Track><tt:RecordingStatus>Recording</tt:RecordingStatus></tt:RecordingInformation>`;
  });
}

/** A track's state events: data present where a run of back-to-back recordings starts, absent where it ends. */
function eventResults(channels: ServedChannel[], token: string): string[] {
  const c = channels.find((x) => `REC-${x.id}` === token);
  if (!c) return [];
  const runs: { start: number; end: number }[] = [];
  for (const r of c.recordings) {
    const last = runs.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else runs.push({ ...r });
  }
  const event = (at: number, present: boolean) =>
    `<tt:Result><tt:RecordingToken>${token}</tt:RecordingToken><tt:TrackToken>VIDEO001</tt:TrackToken><tt:Time>${new Date(at).toISOString()}</tt:Time><tt:Event><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RecordingHistory/Track/State</wsnt:Topic><wsnt:Message><tt:Message UtcTime="${new Date(at).toISOString()}"><tt:Source><tt:SimpleItem Name="RecordingToken" Value="${token}"/><tt:SimpleItem Name="Track" Value="VIDEO001"/></tt:Source><tt:Data><tt:SimpleItem Name="IsDataPresent" Value="${present}"/></tt:Data></tt:Message></wsnt:Message></tt:Event><tt:StartStateEvent>false</tt:StartStateEvent></tt:Result>`;
  // out of order on purpose: a device's results are not promised sorted
  return runs.flatMap((r) => [event(r.end, false), event(r.start, true)]);
}
