/**
 * Who made a document and proof that it was not changed since (ARCHITECTURE.md, Contracts: integrity).
 * Every vstor.audit/1 and vstor.fleet/1 document carries `integrity.sha256`, the SHA-256 of its canonical
 * form without the `integrity` member (fleet/canonical.ts); with a signing key it also carries an Ed25519
 * signature of the same bytes and the signing key's id (the first 16 hex digits of the SHA-256 of its
 * public key, DER SPKI). A compliance record that can be edited silently is not evidence: `vstor verify`
 * and `vstor merge --trust` check both.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical.ts';

export const CANONICAL = 'vstor-jcs/1';

export interface Integrity {
  canonical: string;
  sha256: string;
  signature?: { algorithm: 'ed25519'; keyId: string; value: string };
}

export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function contentOf(doc: Record<string, unknown>): string {
  const { integrity: _omit, ...rest } = doc;
  return canonicalJson(rest);
}

/**
 * The document's JSON text with its integrity member: digest always, signature when a private key is
 * given. The digest is taken over the text parsed back, the form every reader sees.
 */
export function sealedJson(doc: object, toJson: (v: unknown) => string, privateKey?: KeyObject): string {
  const parsed = JSON.parse(toJson(doc)) as Record<string, unknown>;
  const content = contentOf(parsed);
  const integrity: Integrity = { canonical: CANONICAL, sha256: sha256Hex(content) };
  if (privateKey) {
    integrity.signature = { algorithm: 'ed25519', keyId: keyId(createPublicKey(privateKey)), value: sign(null, Buffer.from(content, 'utf8'), privateKey).toString('base64') };
  }
  return toJson({ ...(doc as Record<string, unknown>), integrity });
}

export type DigestStatus = 'ok' | 'altered' | 'missing';
export type SignatureStatus = 'valid' | 'invalid' | 'unsigned' | 'untrusted-key';

export interface IntegrityCheck {
  digest: DigestStatus;
  signature: SignatureStatus;
  keyId?: string;
  /** one line saying what is wrong, when anything is */
  problem?: string;
}

/** Checks a parsed document against its integrity member and, for signatures, the trusted public keys. */
export function checkIntegrity(doc: Record<string, unknown>, trusted: Map<string, KeyObject>): IntegrityCheck {
  const integrity = doc.integrity as Partial<Integrity> | undefined;
  if (!integrity || typeof integrity.sha256 !== 'string') return { digest: 'missing', signature: 'unsigned', problem: 'carries no digest (made before vstor 0.2, or stripped)' };
  const content = contentOf(doc);
  const digest: DigestStatus = sha256Hex(content) === integrity.sha256 ? 'ok' : 'altered';
  const sig = integrity.signature;
  if (!sig) return { digest, signature: 'unsigned', problem: digest === 'altered' ? 'altered: its content does not match its digest' : undefined };
  const key = trusted.get(sig.keyId);
  if (!key) return { digest, signature: 'untrusted-key', keyId: sig.keyId, problem: `signed by key ${sig.keyId}, which is not among the trusted keys` };
  let ok = false;
  try {
    ok = verify(null, Buffer.from(content, 'utf8'), key, Buffer.from(sig.value, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) return { digest, signature: 'invalid', keyId: sig.keyId, problem: 'altered: its signature does not match its content' };
  return { digest, signature: 'valid', keyId: sig.keyId, problem: digest === 'altered' ? 'altered: its content does not match its digest' : undefined };
}
