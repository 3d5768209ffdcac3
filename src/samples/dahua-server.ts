/**
 * A Dahua NVR's HTTP API as vstor asks it (src/devices/dahua.ts), served on 127.0.0.1 from a table of
 * recordings, for the tests. Its answers are shaped after the camera answers in tchellomello/python-amcrest
 * `tests/test_media.py` (`result=123`, `OK`, `found=2` with `items[0].Channel=0 ... items[0].FilePath=/mnt/sd/
 * 2020-01-06/001/dav/06/06.05.00-06.13.00[M][0@0][0].mp4 ... items[0].StartTime=2020-01-06 06:05:00`, and
 * `Error` / `ErrorID=2, Detail=Invalid Request!`); that project is GPL-2.0, so they are rewritten with other
 * values, not copied. Finders are few (`finders`) and each must be closed and destroyed; times are the device's
 * wall clock; digest authentication as its firmware asks (src/samples/digest-gate.ts).
 */
import { listenLoopback } from './loopback.ts';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { wallMsOf } from '../archive/time.ts';
import { wallToInstants } from '../archive/time.ts';
import { digestGate } from './digest-gate.ts';
import type { ServedChannel } from './isapi-server.ts';

export interface DahuaServerOptions {
  user: string;
  password: string;
  channels: ServedChannel[];
  zone: string;
  /** the bytes of a recording's file, by its start; undefined: downloads refused (HTTP 403) */
  footage?: (start: number) => Uint8Array;
  disks?: { name: string; error: boolean }[];
  /** finders the device holds at once (an NVR has few) */
  finders?: number;
  /** channel numbers whose findNextFile answers garbage */
  garbageFor?: number[];
  /** the port to listen on (0: any free one) */
  port?: number;
}

export interface RunningDahua {
  port: number;
  seen: { paths: string[]; failedLogins: number; finderPeak: number; findersLeft: () => number };
  close(): Promise<void>;
}

export async function serveDahua(o: DahuaServerOptions): Promise<RunningDahua> {
  const gate = digestGate({ user: o.user, password: o.password, realm: 'Login to 7J0DA2BPAZ12345' });
  const finders = new Map<string, { items: { start: number; end: number; channel: number }[]; at: number; closed: boolean; channel: number }>();
  let next = 100;
  const seen = { paths: [] as string[], failedLogins: 0, finderPeak: 0, findersLeft: () => (o.finders ?? 4) - finders.size };
  const server: Server = createServer((req, res) => {
    seen.paths.push(`${req.method} ${req.url}`);
    const admitted = gate.admit(req, res);
    seen.failedLogins = gate.failedLogins();
    if (!admitted) return;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = (k: string) => url.searchParams.get(k) ?? undefined;
    const text = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/plain;charset=utf-8' });
      res.end(body.split('\n').join('\r\n'));
    };
    const wall = (t: number) => new Date(wallMsOf(t, o.zone)).toISOString().slice(0, 19).replace('T', ' ');
    if (url.pathname === '/cgi-bin/global.cgi' && q('action') === 'getCurrentTime') return text(`result=${wall(Date.now())}\n`);
    if (url.pathname === '/cgi-bin/configManager.cgi' && q('name') === 'ChannelTitle') return text(o.channels.map((c) => `table.ChannelTitle[${c.id - 1}].Name=${c.name}`).join('\n') + '\n');
    if (url.pathname === '/cgi-bin/storageDevice.cgi') {
      const disks = o.disks ?? [{ name: '/dev/sda', error: false }];
      return text(disks.flatMap((d, i) => [`list.info[${i}].Detail[0].IsError=${d.error}`, `list.info[${i}].Detail[0].Path=/mnt/dvr/sda0`, `list.info[${i}].Detail[0].TotalBytes=8001563222016.000000`, `list.info[${i}].Name=${d.name}`, `list.info[${i}].State=Success`]).join('\n') + '\n');
    }
    if (url.pathname === '/cgi-bin/mediaFileFind.cgi') {
      const action = q('action');
      if (action === 'factory.create') {
        if (finders.size >= (o.finders ?? 4)) return text('Error\nErrorID=2, Detail=Invalid Request!\n');
        const id = String(next++);
        finders.set(id, { items: [], at: 0, closed: false, channel: 0 });
        seen.finderPeak = Math.max(seen.finderPeak, finders.size);
        return text(`result=${id}\n`);
      }
      const f = finders.get(q('object') ?? '');
      if (!f) return text('Error\nErrorID=2, Detail=Invalid Request!\n');
      if (action === 'findFile') {
        const channel = Number(q('condition.Channel'));
        const from = localInstant(q('condition.StartTime'), o.zone);
        const to = localInstant(q('condition.EndTime'), o.zone);
        const list = o.channels.find((c) => c.id === channel)?.recordings.filter((r) => r.end > from && r.start < to) ?? [];
        if (list.length === 0) return text('Error\nErrorID=2, Detail=Invalid Request!\n');
        f.items = list.map((r) => ({ ...r, channel }));
        f.channel = channel;
        return text('OK\n');
      }
      if (action === 'findNextFile') {
        if (o.garbageFor?.includes(f.channel)) return text('<html>500 Internal Error</html>\n');
        const count = Math.min(Number(q('count') ?? 100), 100);
        const page = f.items.slice(f.at, f.at + count);
        f.at += page.length;
        const lines = [`found=${page.length}`];
        page.forEach((r, i) => lines.push(...itemLines(i, r, wall(r.start), wall(r.end))));
        return text(lines.join('\n') + '\n');
      }
      if (action === 'factory.close') {
        f.closed = true;
        return text('OK\n');
      }
      if (action === 'factory.destroy') {
        finders.delete(q('object')!);
        return text('OK\n');
      }
    }
    if (url.pathname.startsWith('/cgi-bin/RPC_Loadfile/')) return loadFile(o, url, res);
    res.writeHead(404);
    res.end('Error\r\nErrorID=1, Detail=Not Found\r\n');
  });
  return { ...(await listenLoopback(server, o.port)), seen };
}

/** One found file of a findNextFile page, as a Dahua NVR lists it (its path as it names its files on disk). */
function itemLines(i: number, r: { start: number; end: number; channel: number }, s: string, e: string): string[] {
  const path = `/mnt/dvr/${s.slice(0, 10)}/${String(r.channel).padStart(3, '0')}/dav/${s.slice(11, 13)}/${s.slice(11).replace(/:/g, '.')}-${e.slice(11).replace(/:/g, '.')}[R][0@0][0].mp4`;
  return [`items[${i}].Channel=${r.channel - 1}`, `items[${i}].Cluster=0`, `items[${i}].Compressed=false`, `items[${i}].Disk=0`, `items[${i}].Duration=${(r.end - r.start) / 1000}`, `items[${i}].EndTime=${e}`, `items[${i}].FilePath=${path}`, `items[${i}].Flags[0]=Timing`, `items[${i}].Length=${4 * 1024 * 1024}`, `items[${i}].StartTime=${s}`, `items[${i}].Type=dav`, `items[${i}].VideoStream=Main`];
}

/** RPC_Loadfile: a recording by the path findNextFile gave (403 when the device gives no footage). */
function loadFile(o: DahuaServerOptions, url: URL, res: ServerResponse): void {
  const path = decodeURIComponent(url.pathname.slice('/cgi-bin/RPC_Loadfile'.length));
  const m = /^\/mnt\/dvr\/(\d{4}-\d\d-\d\d)\/\d{3}\/dav\/\d\d\/(\d\d)\.(\d\d)\.(\d\d)-/.exec(path);
  if (!o.footage || !m) {
    res.writeHead(403);
    res.end('Error\r\nErrorID=3, Detail=No Authority\r\n');
    return;
  }
  const start = localInstant(`${m[1]} ${m[2]}:${m[3]}:${m[4]}`, o.zone);
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.end(Buffer.from(o.footage(start)));
}

function localInstant(text: string | undefined, zone: string): number {
  const m = text ? /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(text) : null;
  if (!m) return NaN;
  return wallToInstants({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, millisecond: 0 }, zone)?.[0] ?? NaN;
}
