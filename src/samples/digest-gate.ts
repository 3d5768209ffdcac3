/**
 * The device side of HTTP digest authentication (RFC 7616, `qop=auth`) for the sample devices: nonces it
 * issued, each good for a number of requests (then the device asks again, as NVRs do, without saying stale),
 * and the failed logins counted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DigestGate {
  /** true when the request carries a good answer to a live nonce; otherwise the 401 is sent */
  admit(req: IncomingMessage, res: ServerResponse): boolean;
  /** the same check for a protocol of its own (RTSP): true, or the WWW-Authenticate header to answer 401 with */
  verify(method: string, uri: string, header: string | undefined): true | string;
  failedLogins(): number;
}

export function digestGate(o: { user: string; password: string; realm: string; algorithm?: 'MD5' | 'SHA-256'; nonceUses?: number }): DigestGate {
  const nonces = new Map<string, number>();
  let failed = 0;
  const h = (s: string) => createHash(o.algorithm === 'SHA-256' ? 'sha256' : 'md5').update(s).digest('hex');
  const check = (method: string, uri: string, header: string | undefined): boolean => {
    if (!header?.startsWith('Digest ')) return false;
    const p = new Map([...header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)].map((m) => [m[1]!, m[2] ?? m[3]!]));
    const left = nonces.get(p.get('nonce') ?? '');
    if (left === undefined || left <= 0) return false;
    nonces.set(p.get('nonce')!, left - 1);
    const ha1 = h(`${o.user}:${p.get('realm')}:${o.password}`);
    const ha2 = h(`${method}:${p.get('uri')}`);
    const expected = h(`${ha1}:${p.get('nonce')}:${p.get('nc')}:${p.get('cnonce')}:${p.get('qop')}:${ha2}`);
    if (p.get('username') === o.user && p.get('response') === expected && p.get('uri') === uri) return true;
    failed++;
    return false;
  };
  const challenge = () => {
    const nonce = randomBytes(12).toString('hex');
    nonces.set(nonce, o.nonceUses ?? 1000);
    return `Digest realm="${o.realm}", qop="auth", nonce="${nonce}", opaque="7f4b2c", algorithm=${o.algorithm ?? 'MD5'}`;
  };
  return {
    admit(req, res) {
      if (check(req.method ?? '', req.url ?? '', req.headers.authorization)) return true;
      res.writeHead(401, { 'www-authenticate': challenge() });
      res.end();
      return false;
    },
    verify: (method, uri, header) => check(method, uri, header) || challenge(),
    failedLogins: () => failed,
  };
}
