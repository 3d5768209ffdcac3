/**
 * HTTP to a recorder as its firmware expects it: digest authentication (RFC 7616: MD5 and SHA-256, `qop=auth`,
 * a stale nonce answered once), basic only where the device asks for it over HTTPS, HTTPS with the device's
 * self-signed certificate pinned by its SHA-256 fingerprint, a timeout a request, at most two requests at once
 * a device (NVRs allow few sessions), retries with backoff on 503 and a reset connection. A 401 to credentials
 * sent with a fresh nonce stops every later request to the device: a device locks an account out after a few
 * failed logins, and an audit must not be what locks it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Device } from './devices-file.ts';
import { authorization, strongest, type Challenge } from './digest.ts';

export type DeviceFailure = 'device-unreachable' | 'device-auth' | 'device-answer';

/** A device that cannot be asked: why (the verdict's reason) and what happened, with no password in it. */
export class DeviceError extends Error {
  override name = 'DeviceError';
  constructor(
    readonly kind: DeviceFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const MAX_AT_ONCE = 2;
const RETRIES = 3;

/** One device's HTTP client. */
export class DeviceHttp {
  private challenge: Challenge | undefined;
  private refused: string | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** requests sent, for the tests' and the bench's counts */
  requests = 0;

  /** connections of this device only: a connection checked against one pin is never lent to another request's */
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(
    private readonly device: Device,
    private readonly backoffMs = 500,
  ) {
    this.agent = device.tls ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_AT_ONCE }) : new HttpAgent({ keepAlive: true, maxSockets: MAX_AT_ONCE });
  }

  /** Closes the device's idle connections (the audit is done with it). */
  close(): void {
    this.agent.destroy();
  }

  get base(): string {
    return `${this.device.tls ? 'https' : 'http'}://${this.device.host}:${this.device.port}`;
  }

  /** A request, authenticated as the device asks, retried on 503 and resets; throws DeviceError. */
  async send(method: string, path: string, body?: string | Buffer, o: { contentType?: string; limitBytes?: number } = {}): Promise<Answer> {
    await this.slot();
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.refused) throw new DeviceError('device-auth', this.refused);
        let answer: Answer;
        try {
          answer = await this.once(method, path, body, o);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (e instanceof DeviceError || attempt >= RETRIES - 1 || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw asDeviceError(e, this.device, path);
          await sleep(this.backoffMs * 2 ** attempt);
          continue;
        }
        if (answer.status === 401) {
          const used = this.challenge;
          // no credentials sent yet, or sent with a nonce that has worked before (it expired): answer the new
          // challenge; credentials refused with a nonce never proven are the password's fault
          if (this.learn(answer.headers['www-authenticate']) && (!used || used.proven) && attempt < RETRIES) continue;
          this.refused ??= `${this.device.name}: the device refused user ${JSON.stringify(this.device.user)} and its password (HTTP 401); not asked again, so as not to trigger its lock-out`;
          throw new DeviceError('device-auth', this.refused);
        }
        if (this.challenge && answer.status < 400) this.challenge.proven = true;
        if (answer.status === 503 && attempt < RETRIES - 1) {
          await sleep(this.backoffMs * 2 ** attempt);
          continue;
        }
        return answer;
      }
    } finally {
      this.release();
    }
  }

  private once(method: string, path: string, body: string | Buffer | undefined, o: { contentType?: string; limitBytes?: number }): Promise<Answer> {
    const d = this.device;
    const headers: Record<string, string> = {};
    const auth = this.authorization(method, path);
    if (auth) headers.authorization = auth;
    if (body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/xml';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    this.requests++;
    return new Promise((resolve, reject) => {
      const options = { host: d.host, port: d.port, method, path, headers, timeout: d.timeoutMs, agent: this.agent };
      const pinned = d.tls ? d.tls.fingerprint : undefined;
      // pinned: the chain is not checked (a device's certificate is its own), its fingerprint is, before any
      // request is written on a new connection and again on every answer
      const req = d.tls ? httpsRequest({ ...options, rejectUnauthorized: pinned === undefined, ...(pinned ? { checkServerIdentity: () => undefined } : {}) }) : httpRequest(options);
      const untrusted = (socket: unknown) => {
        if (pinned === undefined) return undefined;
        const seen = (socket as TLSSocket).getPeerCertificate?.().fingerprint256?.replace(/:/g, '').toUpperCase();
        return seen === pinned ? undefined : new DeviceError('device-unreachable', `${d.name}: its certificate's SHA-256 fingerprint is ${seen ?? 'absent'}, not the one pinned in the devices file; not trusted`);
      };
      if (pinned) {
        req.on('socket', (s) => {
          if ((s as TLSSocket).encrypted && (s as TLSSocket).getPeerCertificate?.().fingerprint256) {
            const bad = untrusted(s);
            if (bad) req.destroy(bad);
          } else s.once('secureConnect', () => {
            const bad = untrusted(s);
            if (bad) req.destroy(bad);
          });
        });
      }
      req.on('timeout', () => req.destroy(new DeviceError('device-unreachable', `${d.name}: no answer to ${method} ${path} in ${d.timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const bad = untrusted(res.socket);
        if (bad) {
          res.destroy();
          reject(bad);
          return;
        }
        const chunks: Buffer[] = [];
        let got = 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          got += c.length;
          if (o.limitBytes !== undefined && got >= o.limitBytes) {
            res.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, o.limitBytes) });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.end(body);
    });
  }

  /** Takes the strongest challenge the device offers; false when it offers none vstor may answer. */
  private learn(header: string | string[] | undefined): boolean {
    const { pick, offered } = strongest(header, this.device.tls !== false);
    if (!pick) {
      this.refused = `${this.device.name}: the device asks for ${offered ? 'basic authentication over plain HTTP, which would send the password readable; use tls' : 'an authentication vstor does not speak'}`;
      return false;
    }
    this.challenge = pick;
    return true;
  }

  private authorization(method: string, uri: string): string | undefined {
    return this.challenge ? authorization(this.challenge, this.device.user, this.device.password.reveal(), method, uri) : undefined;
  }

  private async slot(): Promise<void> {
    if (this.running < MAX_AT_ONCE) {
      this.running++;
      return;
    }
    await new Promise<void>((go) => this.waiting.push(go));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

function asDeviceError(e: unknown, device: Device, path: string): DeviceError {
  if (e instanceof DeviceError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new DeviceError('device-unreachable', `${device.name}: cannot reach ${device.host}:${device.port} (${code ?? (e as Error).message}) asking ${path}`, { cause: e });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
