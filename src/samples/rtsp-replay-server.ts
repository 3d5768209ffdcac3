/**
 * An ONVIF replay server on 127.0.0.1 for the tests and `samples serve --protocol onvif`: RTSP as the ONVIF
 * Streaming Specification's "Replay" section has a client and recorder speak it (DESCRIBE / SETUP over
 * interleaved TCP / PLAY with `Range: clock=...-` / TEARDOWN, each with `Require: onvif-replay`), digest
 * authentication as the device's web server asks it, and RTP that carries the replay extension (0xABAC: each
 * frame's time by the recorder's clock, the C bit on key frames). The footage is an H.264 Annex B stream the
 * shipped ffmpeg made; what time it is stamped with is the caller's (a wrong clock is a test case).
 */
import { createServer, type Socket } from 'node:net';
import { digestGate } from './digest-gate.ts';
import { isKeyNal, onvifExtension, packetize, splitAnnexB } from '../devices/rtp.ts';

export interface Replayed {
  /** H.264 Annex B, SPS and PPS in band */
  annexB: Buffer;
  fps: number;
  /** the time the first frame is stamped with; undefined: no ONVIF timestamps at all */
  clockMs: number | undefined;
}

export interface ReplayServerOptions {
  user: string;
  password: string;
  /** what recording `token` replays from `at` (UTC ms); undefined: nothing there (RTSP 457) */
  footage: (token: string, at: number) => Replayed | undefined;
}

export interface RunningReplay {
  port: number;
  seen: { requests: { method: string; uri: string; require?: string; range?: string }[]; refused: number; played: number };
  close(): Promise<void>;
}

export async function serveReplay(o: ReplayServerOptions): Promise<RunningReplay> {
  const gate = digestGate({ user: o.user, password: o.password, realm: 'IP Camera(replay)' });
  const seen: RunningReplay['seen'] = { requests: [], refused: 0, played: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
        const [line, ...rest] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        buffer = buffer.subarray(end + 4);
        const headers = new Map(rest.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const [method = '', uri = ''] = (line ?? '').split(' ');
        seen.requests.push({ method, uri, require: headers.get('require'), range: headers.get('range') });
        answer(socket, method, uri, headers);
      }
    });
  });

  const reply = (socket: Socket, status: string, headers: Map<string, string>, more: Record<string, string> = {}, body = '') => {
    const lines = [`RTSP/1.0 ${status}`, `CSeq: ${headers.get('cseq') ?? '0'}`, ...Object.entries(more).map(([k, v]) => `${k}: ${v}`)];
    if (body) lines.push('Content-Type: application/sdp', `Content-Length: ${Buffer.byteLength(body)}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  function answer(socket: Socket, method: string, uri: string, headers: Map<string, string>): void {
    const verdict = gate.verify(method, uri, headers.get('authorization'));
    if (verdict !== true) {
      if (headers.has('authorization')) seen.refused++;
      return reply(socket, '401 Unauthorized', headers, { 'WWW-Authenticate': verdict });
    }
    if (headers.get('require') !== 'onvif-replay') return reply(socket, '551 Option not supported', headers, { Unsupported: headers.get('require') ?? '' });
    const token = /\/replay\/([^/]+)/.exec(uri)?.[1] ?? '';
    switch (method) {
      case 'DESCRIBE':
        return reply(socket, '200 OK', headers, { 'Content-Base': `${uri.replace(/\/$/, '')}/` }, sdp());
      case 'SETUP':
        return reply(socket, '200 OK', headers, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1', Session: '4F3C21A9;timeout=60' });
      case 'PLAY': {
        const at = clockOf(headers.get('range') ?? '');
        const footage = at === undefined ? undefined : o.footage(token, at);
        if (!footage) return reply(socket, '457 Invalid Range', headers, { Session: '4F3C21A9' });
        reply(socket, '200 OK', headers, { Session: '4F3C21A9', Range: headers.get('range') ?? '' });
        seen.played++;
        // nothing to send: a recorder whose replay breaks off at once
        if (footage.annexB.length === 0) return void socket.end();
        return send(socket, footage);
      }
      case 'TEARDOWN':
        reply(socket, '200 OK', headers, { Session: '4F3C21A9' });
        return void socket.end();
      default:
        return reply(socket, '405 Method Not Allowed', headers, { Allow: 'DESCRIBE, SETUP, PLAY, TEARDOWN' });
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** SDP of one H.264 track, its parameter sets left in band as recorders mostly send them. */
function sdp(): string {
  return ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=ONVIF replay', 't=0 0', 'a=control:*', 'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=fmtp:96 packetization-mode=1', 'a=control:track1', ''].join('\r\n');
}

/** `clock=20240102T030405.000Z-` (RFC 2326 3.7) as Unix ms. */
export function clockOf(range: string): number | undefined {
  const m = /clock=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z-/.exec(range);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Math.round(Number(`0.${m[7] ?? '0'}`) * 1000));
}

/** The footage as RTP on channel 0: a frame a VCL NAL unit, SPS/PPS/SEI going with the frame after them. */
function send(socket: Socket, f: Replayed): void {
  let sequence = 1;
  let frame = 0;
  let waiting: Buffer[] = [];
  for (const nal of splitAnnexB(f.annexB)) {
    waiting.push(nal);
    const type = nal[0]! & 0x1f;
    if (type !== 1 && type !== 5) continue;
    const key = waiting.some((n) => isKeyNal('h264', n));
    const payloads = waiting.flatMap((n) => packetize('h264', n));
    const clock = f.clockMs === undefined ? undefined : f.clockMs + Math.round((frame * 1000) / f.fps);
    payloads.forEach((payload, i) => {
      const ext = clock === undefined ? Buffer.alloc(0) : onvifExtension(clock, key && i === 0);
      const head = Buffer.alloc(12);
      head[0] = 0x80 | (ext.length ? 0x10 : 0);
      head[1] = 96 | (i === payloads.length - 1 ? 0x80 : 0);
      head.writeUInt16BE(sequence++ & 0xffff, 2);
      head.writeUInt32BE(Math.round((frame * 90_000) / f.fps) >>> 0, 4);
      head.writeUInt32BE(0x5eed, 8);
      const rtp = Buffer.concat([head, ext, payload]);
      const frameHead = Buffer.from([0x24, 0, 0, 0]);
      frameHead.writeUInt16BE(rtp.length, 2);
      socket.write(Buffer.concat([frameHead, rtp]));
    });
    waiting = [];
    frame++;
  }
}
