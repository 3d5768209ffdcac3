/**
 * The client's side of digest authentication (RFC 7616: MD5 and SHA-256, `qop=auth` or none, as RFC 2069
 * devices and most RTSP servers still answer) and basic (RFC 7617), shared by HTTP (http.ts) and RTSP
 * (rtsp.ts): a camera's RTSP server asks the same challenge its web server does.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Challenge {
  scheme: 'digest' | 'basic';
  realm: string;
  nonce?: string;
  opaque?: string;
  qop?: string;
  algorithm: 'MD5' | 'SHA-256';
  nc: number;
  /** a request answered with it: a later 401 means it expired, not that the password is wrong */
  proven?: boolean;
}

/** One challenge of a WWW-Authenticate header (RFC 7616 3.3, RFC 7617). */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(Digest|Basic)\s*(.*)$/is.exec(header);
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of m[2]!.matchAll(/([a-zA-Z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) params.set(p[1]!.toLowerCase(), p[2] ?? p[3] ?? '');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (m[1]!.toLowerCase() === 'basic') return { scheme: 'basic', realm: params.get('realm') ?? '', algorithm: 'MD5', nc: 0 };
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') return undefined;
  return { scheme: 'digest', realm: params.get('realm') ?? '', nonce: params.get('nonce'), opaque: params.get('opaque'), qop: params.get('qop'), algorithm, nc: 0 };
}

/** The strongest challenge of a header's offers: SHA-256 digest, MD5 digest, then basic when `basicAllowed`. */
export function strongest(header: string | string[] | undefined, basicAllowed: boolean): { pick?: Challenge; offered: number } {
  const offers = (Array.isArray(header) ? header : header ? [header] : []).map(parseChallenge).filter((c): c is Challenge => c !== undefined);
  const pick = offers.find((c) => c.scheme === 'digest' && c.algorithm === 'SHA-256') ?? offers.find((c) => c.scheme === 'digest') ?? (basicAllowed ? offers.find((c) => c.scheme === 'basic') : undefined);
  return { pick, offered: offers.length };
}

/** The Authorization header answering `c` for one request (its nonce count moves on). */
export function authorization(c: Challenge, user: string, password: string, method: string, uri: string): string {
  if (c.scheme === 'basic') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const h = (s: string) => createHash(c.algorithm === 'SHA-256' ? 'sha256' : 'md5').update(s).digest('hex');
  const ha1 = h(`${user}:${c.realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  c.nc++;
  const nc = c.nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const qop = c.qop?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const response = qop ? h(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${c.nonce}:${ha2}`);
  const parts = [`username="${user}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, `algorithm=${c.algorithm}`, `response="${response}"`];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}
