/**
 * SOAP to an ONVIF device as the ONVIF Core Specification has it: SOAP 1.2 envelopes, a WS-Security
 * UsernameToken with PasswordDigest (Base64(SHA-1(nonce + created + password)), its Created on the device's
 * clock) on every call but GetSystemDateAndTime, faults read as device-auth (NotAuthorized) or device-answer,
 * and the search service's sessions (search.wsdl: a Find..., its results page by page until Completed, then
 * EndSearch whatever happened: a device has few sessions).
 */
import { createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { DeviceError, type DeviceHttp } from './http.ts';
import type { Device } from './devices-file.ts';
import { escapeXml, obj, str } from './xml.ts';

export const SEARCH_NS = 'http://www.onvif.org/ver10/search/wsdl';
export const REPLAY_NS = 'http://www.onvif.org/ver10/replay/wsdl';
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['Service', 'RecordingInformation', 'Result', 'SimpleItem'].includes(name) });
/** results a page, and pages a search at most (a search that never completes is not a list) */
const PAGE = 100;
const MAX_PAGES = 10_000;

export class OnvifSoap {
  /** the device's clock against ours (ms): WS-Security's Created is written on its clock */
  skewMs = 0;
  /** where the search service answers (GetServices) */
  searchPath = '/onvif/search_service';

  constructor(
    private readonly http: DeviceHttp,
    private readonly device: Device,
  ) {}

  private header(): string {
    const device = this.device;
    const nonce = randomBytes(16);
    const created = new Date(Date.now() + this.skewMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(device.password.reveal())])).digest('base64');
    return `<s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsse:UsernameToken><wsse:Username>${escapeXml(device.user)}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>`;
  }

  /** One SOAP call; a fault is device-auth when it says NotAuthorized, else device-answer. */
  async call(path: string, action: string, body: string, signed = true): Promise<Record<string, unknown>> {
    const device = this.device;
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tse="${SEARCH_NS}" xmlns:trp="${REPLAY_NS}" xmlns:tt="http://www.onvif.org/ver10/schema">${signed ? this.header() : ''}<s:Body>${body}</s:Body></s:Envelope>`;
    const a = await this.http.send('POST', path, envelope, { contentType: `application/soap+xml; charset=utf-8; action="${action}"` });
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
  async search(start: string, startBody: string, results: string, onResult: (list: Record<string, unknown>) => void): Promise<void> {
    const name = this.device.name;
    const token = str(obj((await this.call(this.searchPath, `${SEARCH_NS}/${start}`, startBody))[`${start}Response`]).SearchToken);
    if (!token) throw new DeviceError('device-answer', `${name}: ${start} gave no search token`);
    try {
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new DeviceError('device-answer', `${name}: ${results} did not complete after ${MAX_PAGES} pages; a search that never ends is not a list`);
        const list = obj(obj((await this.call(this.searchPath, `${SEARCH_NS}/${results}`, `<tse:${results}><tse:SearchToken>${escapeXml(token)}</tse:SearchToken><tse:MaxResults>${PAGE}</tse:MaxResults><tse:WaitTime>PT5S</tse:WaitTime></tse:${results}>`))[`${results}Response`]).ResultList);
        onResult(list);
        if (str(list.SearchState) === 'Completed') return;
      }
    } finally {
      await this.call(this.searchPath, `${SEARCH_NS}/EndSearch`, `<tse:EndSearch><tse:SearchToken>${escapeXml(token)}</tse:SearchToken></tse:EndSearch>`).catch(() => undefined);
    }
  }
}
