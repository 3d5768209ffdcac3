/**
 * ONVIF replay over RTSP, as far as an audit needs it: the first key frame of a recording at a time, with the
 * time the recorder stamps on it (ONVIF Streaming Specification, "Replay": every request carries
 * `Require: onvif-replay`; PLAY names the absolute start, `Range: clock=20240102T030405.000Z-`, with
 * `Rate-Control: no` so the frames come as fast as the recorder reads them; RTP interleaved on the RTSP
 * connection, RFC 2326 10.12). Digest authentication as for HTTP (digest.ts); one refused login ends it.
 * The connection goes to the device's own host whatever host the replay URI names (a recorder behind NAT
 * names its inner address), and only plain `rtsp://` is read.
 */
import { connect, type Socket } from 'node:net';
import type { Device } from './devices-file.ts';
import { authorization, strongest, type Challenge } from './digest.ts';
import { DeviceError } from './http.ts';
import { Depacketizer, isKeyNal, parseRtp, type VideoCodec } from './rtp.ts';
import { videoTrack } from './sdp.ts';

export interface ReplayHead {
  codec: VideoCodec;
  /** the stream from its start to the end of its first key frame, parameter sets first (Annex B) */
  annexB: Buffer;
  /** the first key frame's time by the recorder's clock (Unix ms); undefined when it sent no ONVIF timestamp */
  clockMs?: number;
  /** what kept the key frame from being read whole, if anything */
  problem?: string;
}

interface Response {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/** The first key frame replayed from `at` (UTC ms), reading at most `maxBytes` of media. */
export async function replayHead(device: Device, uri: string, at: number, maxBytes: number): Promise<ReplayHead> {
  const url = new URL(uri);
  if (url.protocol !== 'rtsp:') throw new DeviceError('device-answer', `${device.name}: its replay URI is ${url.protocol}//, and vstor reads plain rtsp:// only`);
  const session = new RtspSession(device, Number(url.port || 554), device.timeoutMs);
  try {
    await session.open();
    const track = await describe(session, uri);
    await session.request('SETUP', track.control, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
    const reading = readKeyFrame(session, track.codec, track.payloadType, maxBytes);
    await session.request('PLAY', session.base ?? uri, { Range: `clock=${clockTime(at)}-`, 'Rate-Control': 'no' });
    const head = await reading;
    // a connection that failed or went quiet is the device's trouble, not damage in its footage
    if (head.problem && session.error) throw session.error;
    await session.request('TEARDOWN', session.base ?? uri, {}, 2000).catch(() => undefined);
    return { ...head, annexB: annexWithSets(head.annexB, track.parameterSets) };
  } finally {
    session.close();
  }
}

/** `clock=` time of RFC 2326 3.7: UTC to the millisecond, as ONVIF replay examples write it. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

async function describe(session: RtspSession, uri: string) {
  const r = await session.request('DESCRIBE', uri, { Accept: 'application/sdp' });
  session.base = r.headers.get('content-base') ?? r.headers.get('content-location') ?? uri;
  const track = videoTrack(r.body.toString('utf8'), session.base);
  if (typeof track === 'string') throw new DeviceError('device-answer', `${session.device.name}: its replay offers ${track}`);
  return track;
}

function annexWithSets(stream: Buffer, sets: Buffer[]): Buffer {
  return Buffer.concat([...sets.flatMap((s) => [Buffer.from([0, 0, 0, 1]), s]), stream]);
}

/** Frames until the first key frame is whole (its last packet's marker bit), or `maxBytes`, or the timeout. */
function readKeyFrame(session: RtspSession, codec: VideoCodec, payloadType: number, maxBytes: number): Promise<ReplayHead> {
  const nals = new Depacketizer(codec);
  let bytes = 0;
  let keyAt: number | undefined;
  let clockMs: number | undefined;
  return new Promise((resolve) => {
    const done = (problem?: string) => {
      session.onFrame = undefined;
      resolve({ codec, annexB: nals.annexB(), clockMs, problem: problem ?? nals.problem });
    };
    session.onEnd = () => done(keyAt === undefined ? 'the replay ended before a key frame' : 'the replay ended inside the first key frame');
    session.onFrame = (channel, data) => {
      if (channel !== 0) return; // RTCP
      const p = parseRtp(data);
      if (!p) return done('the replay sent something that is not RTP');
      if (p.payloadType !== payloadType) return;
      bytes += p.payload.length;
      const before = nals.nals.length;
      nals.push(p);
      if (keyAt === undefined && nals.nals.slice(before).some((n) => isKeyNal(codec, n))) {
        keyAt = p.timestamp;
        clockMs = p.clockMs;
      }
      if (keyAt !== undefined && p.timestamp === keyAt && p.marker) return done();
      if (keyAt !== undefined && p.timestamp !== keyAt) return done();
      if (bytes >= maxBytes) done(`no whole key frame in the first ${Math.round(maxBytes / 1024)} kB replayed`);
    };
  });
}

/** One RTSP connection: requests answered in order by CSeq, interleaved frames handed to `onFrame`. */
class RtspSession {
  private socket: Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private cseq = 0;
  private pending: { cseq: number; resolve: (r: Response) => void; reject: (e: Error) => void } | undefined;
  private challenge: Challenge | undefined;
  private id: string | undefined;
  /** why the connection failed, when it did (a reset, a timeout) */
  error: DeviceError | undefined;
  private closed = false;
  base: string | undefined;
  onFrame: ((channel: number, data: Buffer) => void) | undefined;
  onEnd: (() => void) | undefined;

  constructor(
    readonly device: Device,
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: this.device.host, port: this.port });
      this.socket = s;
      s.setTimeout(this.timeoutMs, () => s.destroy(new Error('timed out')));
      s.once('connect', () => resolve());
      s.on('data', (d: Buffer) => this.take(d));
      s.on('error', (e) => {
        const err = new DeviceError('device-unreachable', `${this.device.name}: its replay at ${this.device.host}:${this.port} failed (${(e as NodeJS.ErrnoException).code ?? e.message})`, { cause: e });
        this.error = err;
        reject(err);
        this.pending?.reject(err);
      });
      s.on('close', () => {
        this.closed = true;
        this.pending?.reject(new DeviceError('device-answer', `${this.device.name}: its replay server closed the connection`));
        this.onEnd?.();
      });
    });
  }

  async request(method: string, uri: string, headers: Record<string, string>, timeoutMs = this.timeoutMs): Promise<Response> {
    let r = await this.send(method, uri, headers, timeoutMs);
    if (r.status === 401) {
      // a first challenge, or a nonce that expired: answered once; a 401 to a fresh nonce is a refused login
      const { pick } = strongest(r.headers.get('www-authenticate'), false);
      if (!pick) throw new DeviceError('device-auth', `${this.device.name}: its replay asks for an authentication vstor does not send over plain RTSP`);
      this.challenge = pick;
      r = await this.send(method, uri, headers, timeoutMs);
    }
    if (r.status === 401) throw new DeviceError('device-auth', `${this.device.name}: its replay refused user ${JSON.stringify(this.device.user)} and its password; not asked again`);
    if (r.status !== 200) throw new DeviceError('device-answer', `${this.device.name}: its replay answered ${method} with RTSP ${r.status}`);
    const session = r.headers.get('session');
    if (session) this.id = session.split(';')[0]!.trim();
    return r;
  }

  close(): void {
    this.onEnd = undefined;
    this.socket?.destroy();
  }

  private send(method: string, uri: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
    if (this.closed) return Promise.reject(new DeviceError('device-answer', `${this.device.name}: its replay server closed the connection`));
    const cseq = ++this.cseq;
    const lines = [`${method} ${uri} RTSP/1.0`, `CSeq: ${cseq}`, 'User-Agent: vstor', 'Require: onvif-replay'];
    if (this.id) lines.push(`Session: ${this.id}`);
    if (this.challenge) lines.push(`Authorization: ${authorization(this.challenge, this.device.user, this.device.password.reveal(), method, uri)}`);
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new DeviceError('device-unreachable', `${this.device.name}: its replay did not answer ${method} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.pending = {
        cseq,
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.socket!.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  /** Bytes in: `$` + channel + length + data is an interleaved frame (RFC 2326 10.12), else an RTSP answer. */
  private take(d: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
    for (;;) {
      const b = this.buffer;
      if (b.length === 0) return;
      if (b[0] === 0x24) {
        if (b.length < 4) return;
        const size = b.readUInt16BE(2);
        if (b.length < 4 + size) return;
        this.buffer = b.subarray(4 + size);
        this.onFrame?.(b[1]!, b.subarray(4, 4 + size));
        continue;
      }
      const end = b.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [status, ...lines] = b.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers.get('content-length') ?? 0);
      if (b.length < end + 4 + length) return;
      this.buffer = b.subarray(end + 4 + length);
      const code = /^RTSP\/1\.0 (\d{3})/.exec(status ?? '');
      const pending = this.pending;
      if (!code) {
        this.pending = undefined;
        pending?.reject(new DeviceError('device-answer', `${this.device.name}: its replay answered something that is not RTSP`));
        this.socket?.destroy();
        return;
      }
      if (pending && Number(headers.get('cseq')) === pending.cseq) {
        this.pending = undefined;
        pending.resolve({ status: Number(code[1]), headers, body: b.subarray(end + 4, end + 4 + length) });
      }
    }
  }
}
