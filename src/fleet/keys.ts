/**
 * Ed25519 keys from files (the I/O edge of fleet/integrity.ts): a node's private key to sign its audits,
 * and the central host's trusted public keys. PEM, as `vstor keygen` or `openssl genpkey -algorithm ed25519`
 * write them.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileProblem, InputError } from '../errors.ts';
import { keyId } from './integrity.ts';

function read(file: string, input: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw fileProblem(`${input} ${file}`, e, { expected: 'a PEM key file' });
  }
}

export function loadPrivateKey(file: string, input = '--sign-key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(read(file, input));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${input} ${file}: not a PEM private key; expected an Ed25519 key (vstor keygen FILE, or openssl genpkey -algorithm ed25519)`, { cause: e });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`${input} ${file}: a ${key.asymmetricKeyType} key; expected an Ed25519 key`);
  return key;
}

/** Public keys from a PEM file (one or several) or a folder of .pem / .pub files, by key id. */
export function loadTrustedKeys(path: string, input = '--trust'): Map<string, KeyObject> {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? readdirSync(path).filter((f) => /\.(pem|pub)$/.test(f)).sort().map((f) => join(path, f)) : [path];
  } catch (e) {
    throw fileProblem(`${input} ${path}`, e, { kind: 'file or folder' });
  }
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    const blocks = read(file, input).match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    for (const pem of blocks) {
      let key: KeyObject;
      try {
        key = createPublicKey(pem);
      } catch (e) {
        throw new InputError(`${input} ${file}: a PEM public key block that does not read (${(e as Error).message}); expected the .pub files vstor keygen writes`, { cause: e });
      }
      if (key.asymmetricKeyType === 'ed25519') keys.set(keyId(key), key);
    }
  }
  if (keys.size === 0) throw new InputError(`${input} ${path}: no Ed25519 public key found; expected PEM public keys (the .pub files vstor keygen writes)`);
  return keys;
}

/** Writes a new key pair: FILE (private, readable by its owner only) and FILE.pub. Returns the key id. */
export function writeKeyPair(file: string): string {
  // the private key named: it is the one a user meant not to overwrite
  if (existsSync(file)) throw Object.assign(new Error(`${file} exists`), { code: 'EEXIST', path: file });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // the public half first: where FILE.pub is taken, no private key is left without it
  writeFileSync(`${file}.pub`, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    rmSync(`${file}.pub`, { force: true });
    throw e;
  }
  return keyId(publicKey);
}
