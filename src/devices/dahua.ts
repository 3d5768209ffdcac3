/**
 * A Dahua NVR or camera asked over its HTTP API (the "Dahua HTTP API for IPC & NVR" / Amcrest HTTP API 3.2017,
 * as tchellomello/python-amcrest `src/amcrest/media.py` and its tests read it): answers are `key=value` lines.
 *
 *   /cgi-bin/global.cgi?action=getCurrentTime                  result=2026-12-05 19:40:00 (its wall clock)
 *   /cgi-bin/configManager.cgi?action=getConfig&name=ChannelTitle   table.ChannelTitle[0].Name=... (channel 1)
 *   /cgi-bin/storageDevice.cgi?action=getDeviceAllInfo         list.info[n].Name, .State, .Detail[0].IsError
 *   /cgi-bin/mediaFileFind.cgi?action=factory.create           result=<finder>
 *     ...&action=findFile&object=<finder>&condition.Channel=<n>&condition.StartTime=...&condition.EndTime=...
 *        &condition.Types[0]=dav                               OK (Error: nothing matches)
 *     ...&action=findNextFile&object=<finder>&count=100        found=N, items[i].StartTime / EndTime / Length /
 *                                                              FilePath / Type / Flags[0]; fewer than 100: done
 *     ...&action=factory.close, then factory.destroy           always, after an error too: an NVR has few finders
 *   /cgi-bin/RPC_Loadfile<FilePath>                            the file itself
 *
 * Times are the device's wall clock, read and written in its zone (the devices file's `tz`, else `--tz`).
 */
import { wallMsOf, wallToInstants } from '../archive/time.ts';
import { DeviceError, type DeviceHttp } from './http.ts';
import type { Device } from './devices-file.ts';
import type { DeviceChannel, DeviceDisk, DeviceRecording, Fetched, RecorderApi, RecorderState } from './recorder-api.ts';

export const DAHUA_PAGE = 100;
const MAX_PAGES = 20_000;

/** `key=value` lines (CRLF or LF) as a map; the first line alone for a bare answer such as `OK` or `Error`. */
export function keyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf('=');
    if (at > 0) out.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

export function dahuaApi(http: DeviceHttp, device: Device): RecorderApi {
  let zone = device.tz ?? 'UTC';
  const get = async (path: string, what: string, o: { limitBytes?: number } = {}) => {
    const a = await http.send('GET', path, undefined, o);
    if (a.status !== 200) throw new DeviceError('device-answer', `${device.name}: ${what} answered HTTP ${a.status}`);
    return a;
  };
  const text = async (path: string, what: string) => (await get(path, what)).body.toString('utf8');
  const wall = (t: number) => new Date(wallMsOf(t, zone)).toISOString().slice(0, 19).replace('T', ' ');
  const read = (value: string | undefined, what: string): number => {
    const m = value ? /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(value) : null;
    const t = m ? wallToInstants({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, millisecond: 0 }, zone)?.[0] : undefined;
    if (t === undefined) throw new DeviceError('device-answer', `${device.name}: ${what} ${JSON.stringify(value)} is not a time (expected YYYY-MM-DD hh:mm:ss)`);
    return t;
  };

  /** One search: a finder made, used, and closed and destroyed whatever happened. */
  async function find(channel: number, from: number, to: number, onPage: (r: (DeviceRecording & { path: string })[]) => void): Promise<void> {
    const created = keyValues(await text('/cgi-bin/mediaFileFind.cgi?action=factory.create', 'the finder'));
    const finder = created.get('result');
    if (!finder || !/^\d+$/.test(finder)) throw new DeviceError('device-answer', `${device.name}: no finder to search with (factory.create answered ${JSON.stringify(created.get('result') ?? 'no result')}): its finders may all be in use`);
    const base = `/cgi-bin/mediaFileFind.cgi?object=${finder}`;
    try {
      const q = `${base}&action=findFile&condition.Channel=${channel}&condition.StartTime=${encodeURIComponent(wall(from))}&condition.EndTime=${encodeURIComponent(wall(to))}&condition.Types[0]=dav`;
      const started = (await text(q, `the search of channel ${channel}`)).trim();
      if (/^error/i.test(started)) return;
      if (!/^ok/i.test(started)) throw new DeviceError('device-answer', `${device.name}: the search of channel ${channel} answered ${JSON.stringify(started.slice(0, 60))}; expected OK`);
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new DeviceError('device-answer', `${device.name}: the search of channel ${channel} did not end after ${MAX_PAGES} pages; a search that never ends is not a list`);
        const kv = keyValues(await text(`${base}&action=findNextFile&count=${DAHUA_PAGE}`, `the search of channel ${channel}`));
        const found = Number(kv.get('found'));
        if (!Number.isInteger(found) || found < 0) throw new DeviceError('device-answer', `${device.name}: the search of channel ${channel} answered a page without found=N`);
        onPage(Array.from({ length: found }, (_, i) => pageItem(kv, i, read, `${device.name}: item ${i} of the search of channel ${channel}`)));
        if (found < DAHUA_PAGE) return;
      }
    } finally {
      // an NVR has a few finders: give this one back even after an error (and say nothing if it cannot)
      await http.send('GET', `${base}&action=factory.close`).catch(() => undefined);
      await http.send('GET', `${base}&action=factory.destroy`).catch(() => undefined);
    }
  }

  return {
    sizes: true,
    async open(given): Promise<RecorderState> {
      zone = device.tz ?? given;
      const now = keyValues(await text('/cgi-bin/global.cgi?action=getCurrentTime', 'its time')).get('result');
      const clockSkewMs = now ? read(now, 'its time') - Date.now() : undefined;
      const channels = channelTitles(keyValues(await text('/cgi-bin/configManager.cgi?action=getConfig&name=ChannelTitle', 'its channel titles')));
      const disks = disksOf(keyValues(await text('/cgi-bin/storageDevice.cgi?action=getDeviceAllInfo', 'its disks')));
      return { clockSkewMs, disks, channels };
    },
    async list(channel, from, to, onPage) {
      await find(channel, from, to, onPage);
    },
    async fetch(channel, start, end, bytes): Promise<Fetched | undefined> {
      let path: string | undefined;
      await find(channel, start, end, (page) => {
        path ??= page.find((r) => r.start === start)?.path;
      });
      if (path === undefined) return undefined;
      const a = await http.send('GET', `/cgi-bin/RPC_Loadfile${path.startsWith('/') ? '' : '/'}${path.split('/').map(encodeURIComponent).join('/')}`, undefined, { limitBytes: bytes });
      return { status: a.status, body: a.body, kind: /\.mp4$/i.test(path) ? 'mp4' : 'dav' };
    },
  };
}

/** One found file of a findNextFile page: `items[i].FilePath / StartTime / EndTime / Length`. */
function pageItem(kv: Map<string, string>, i: number, read: (value: string | undefined, what: string) => number, which: string): DeviceRecording & { path: string } {
  const at = (k: string) => kv.get(`items[${i}].${k}`);
  const path = at('FilePath');
  if (!path) throw new DeviceError('device-answer', `${which} has no FilePath`);
  const length = Number(at('Length'));
  return { start: read(at('StartTime'), `item ${i}'s StartTime`), end: read(at('EndTime'), `item ${i}'s EndTime`), uri: path, path, ...(Number.isFinite(length) ? { size: length } : {}) };
}

/** Channel N is `table.ChannelTitle[N-1].Name` (an empty title: `Channel N`). */
function channelTitles(titles: Map<string, string>): DeviceChannel[] {
  const channels: DeviceChannel[] = [];
  for (const [k, v] of titles) {
    const m = /^table\.ChannelTitle\[(\d+)\]\.Name$/.exec(k);
    if (m) channels.push({ id: Number(m[1]) + 1, name: v || `Channel ${Number(m[1]) + 1}` });
  }
  return channels.sort((a, b) => a.id - b.id);
}

/** Disks of getDeviceAllInfo: `list.info[n].Name`, its `State`, in error when any `Detail[k].IsError` is true. */
function disksOf(info: Map<string, string>): DeviceDisk[] {
  const disks: DeviceDisk[] = [];
  for (const [k, v] of info) {
    const m = /^list\.info\[(\d+)\]\.Name$/.exec(k);
    if (!m) continue;
    const state = info.get(`list.info[${m[1]}].State`) ?? 'unknown';
    const error = [...info].some(([dk, dv]) => dk.startsWith(`list.info[${m[1]}].Detail[`) && dk.endsWith('.IsError') && dv === 'true');
    disks.push({ name: v, status: error ? 'error' : state });
  }
  return disks;
}
