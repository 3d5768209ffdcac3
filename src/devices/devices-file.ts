/**
 * `--devices devices.yaml`: the recorders the audit reaches over their own APIs, and `NAME=isapi://host[:port]`
 * roots. A password comes from an environment variable or from a file only its owner can read; it is held in
 * a `Secret`, which prints as `***` wherever it goes (JSON, logs, errors), so it reaches only the request
 * that needs it.
 */
import { readFileSync, statSync } from 'node:fs';
import { isMapping, MapFields, parseYamlFile, withLines } from '../config/yaml-fields.ts';
import { rejectUnknown } from '../config/fields.ts';
import { expected, fileProblem, InputError } from '../errors.ts';

export const PROTOCOLS = ['isapi', 'dahua', 'onvif'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** A password that never prints: toString, JSON and inspection all show `***`. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '***';
  }
  toJSON(): string {
    return '***';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(***)';
  }
}

export interface Device {
  name: string;
  protocol: Protocol;
  host: string;
  port: number;
  tls: false | { fingerprint?: string };
  user: string;
  password: Secret;
  /** the device's zone where its API does not say it */
  tz?: string;
  /** channel numbers the device must report; one it does not fails no-segments */
  channels?: number[];
  /** judge from the device's list alone, without reading footage (weaker: unverified otherwise) */
  acceptDeviceList: boolean;
  /** ms a request may take */
  timeoutMs: number;
}

const FIELDS = ['name', 'protocol', 'host', 'port', 'tls', 'user', 'passwordFile', 'passwordEnv', 'tz', 'channels', 'acceptDeviceList', 'timeoutSeconds'];

/** Reads a devices file; every fault names the file, its line and field. */
export function readDevicesFile(file: string, env: NodeJS.ProcessEnv = process.env): Device[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileProblem(`--devices ${file}`, e, { expected: 'a YAML file with a devices: list' });
  }
  const yf = parseYamlFile(text, file);
  return withLines(yf, () => {
    const list = yf.at(['devices']);
    if (!Array.isArray(list) || list.length === 0) throw new InputError(`${file}: expected a devices: list of at least one device`);
    const devices = list.map((_, i) => {
      if (!isMapping(list[i])) throw new InputError(`${new MapFields(yf, ['devices', i]).where()} devices[${i}]: expected a mapping (name, protocol, host, user, passwordFile or passwordEnv)`);
      return deviceOf(new MapFields(yf, ['devices', i]), env);
    });
    const names = new Set<string>();
    for (const d of devices) {
      if (names.has(d.name)) throw new InputError(`${file}: two devices named ${JSON.stringify(d.name)}; expected one name a device`);
      names.add(d.name);
    }
    return devices;
  });
}

function deviceOf(f: MapFields, env: NodeJS.ProcessEnv): Device {
  rejectUnknown(f, FIELDS);
  const text = (key: string, required = true): string | undefined => {
    const v = f.get(key);
    if (v === undefined || v === null) {
      if (required) throw new InputError(`${f.label(key)}: missing; expected text`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') throw expected(f.label(key), v, 'text');
    return v;
  };
  const protocol = text('protocol')!;
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) throw expected(f.label('protocol'), protocol, `one of ${PROTOCOLS.join(', ')}`);
  const tls = tlsOf(f);
  const port = f.has('port') ? f.get('port') : tls ? 443 : 80;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) throw expected(f.label('port'), port, 'a port number 1-65535');
  const channels = f.get('channels');
  if (channels !== undefined && (!Array.isArray(channels) || !channels.every((c) => Number.isInteger(c) && c > 0))) throw expected(f.label('channels'), JSON.stringify(channels), 'a list of channel numbers, e.g. [1, 2, 3]');
  const timeout = f.get('timeoutSeconds') ?? 20;
  if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 600) throw expected(f.label('timeoutSeconds'), timeout, 'seconds, more than 0 and at most 600');
  const accept = f.get('acceptDeviceList') ?? false;
  if (typeof accept !== 'boolean') throw expected(f.label('acceptDeviceList'), accept, 'true or false');
  const tz = text('tz', false);
  if (tz !== undefined && !Intl.supportedValuesOf('timeZone').includes(tz) && tz !== 'UTC') throw expected(f.label('tz'), tz, 'an IANA zone such as Asia/Shanghai');
  return {
    name: text('name')!,
    protocol: protocol as Protocol,
    host: text('host')!,
    port: port as number,
    tls,
    user: text('user')!,
    password: passwordOf(f, env),
    tz,
    channels: channels as number[] | undefined,
    acceptDeviceList: accept,
    timeoutMs: timeout * 1000,
  };
}

function tlsOf(f: MapFields): Device['tls'] {
  const v = f.get('tls');
  if (v === undefined || v === false) return false;
  if (v === true) return {};
  if (isMapping(v)) {
    const fp = v.fingerprint;
    if (typeof fp !== 'string' || !/^([0-9A-Fa-f]{2}:?){32}$/.test(fp)) throw expected(f.label('tls'), JSON.stringify(v), 'true, false, or {fingerprint: <SHA-256 of the certificate, 64 hex digits>}');
    return { fingerprint: fp.replace(/:/g, '').toUpperCase() };
  }
  throw expected(f.label('tls'), v, 'true, false, or {fingerprint: ...}');
}

/** The password, from an environment variable or a file only its owner may read; never from the file itself. */
function passwordOf(f: MapFields, env: NodeJS.ProcessEnv): Secret {
  const file = f.get('passwordFile');
  const name = f.get('passwordEnv');
  if ((file === undefined) === (name === undefined)) throw new InputError(`${f.label('passwordFile')}: expected one of passwordFile or passwordEnv (a password is never written in the devices file)`);
  if (name !== undefined) {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw expected(f.label('passwordEnv'), name, 'the name of an environment variable');
    const v = env[name];
    if (v === undefined || v === '') throw new InputError(`${f.label('passwordEnv')}: the environment variable ${name} is not set; expected the device's password in it`);
    return new Secret(v);
  }
  if (typeof file !== 'string') throw expected(f.label('passwordFile'), file, 'a file path');
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (e) {
    throw fileProblem(`${f.label('passwordFile')} ${file}`, e, { expected: "a file holding the device's password" });
  }
  if ((mode & 0o077) !== 0) throw new InputError(`${f.label('passwordFile')} ${file}: mode ${(mode & 0o777).toString(8).padStart(4, '0')} lets others read it; expected 0600 or 0400 (chmod 600 ${file})`);
  try {
    return new Secret(readFileSync(file, 'utf8').replace(/\r?\n$/, ''));
  } catch (e) {
    throw fileProblem(`${f.label('passwordFile')} ${file}`, e);
  }
}

/**
 * A recorder given as a root: `NAME=isapi://[user@]host[:port]` (or `dahua://`, `onvif://`). The password comes
 * from `VSTOR_PASSWORD_<NAME>` (the name upper-cased, other characters as `_`), never from the command line:
 * a URL with `user:password@` is refused. Undefined when `arg` is not such a root.
 */
export function deviceFromRoot(arg: string, env: NodeJS.ProcessEnv = process.env): Device | undefined {
  const m = /^([^=/]+)=([a-z]+):\/\/(.+?)\/?$/.exec(arg);
  if (!m) return undefined;
  const [, name, protocol, authority] = m as unknown as [string, string, string, string];
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) throw expected(`${name}=`, `${protocol}://`, `one of ${PROTOCOLS.map((p) => `${p}://`).join(', ')}`);
  const at = authority.lastIndexOf('@');
  const userPart = at < 0 ? 'admin' : authority.slice(0, at);
  if (userPart.includes(':')) throw new InputError(`${name}=${protocol}://...: a password in the root's URL would show in process lists and shell history; expected it in VSTOR_PASSWORD_${envName(name)} or a devices file`);
  const hostPort = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(at < 0 ? authority : authority.slice(at + 1));
  if (!hostPort) throw expected(`${name}=${protocol}://`, authority, 'host or host:port');
  const variable = `VSTOR_PASSWORD_${envName(name)}`;
  const password = env[variable];
  if (password === undefined || password === '') throw new InputError(`${name}=${protocol}://${authority}: the environment variable ${variable} is not set; expected the device's password in it`);
  const port = hostPort[2] === undefined ? 80 : Number(hostPort[2]);
  if (!(port >= 1 && port <= 65535)) throw expected(`${name}=${protocol}://`, hostPort[2], 'a port number 1-65535');
  return { name, protocol: protocol as Protocol, host: hostPort[1]!.replace(/^\[|\]$/g, ''), port, tls: false, user: decodeURIComponent(userPart), password: new Secret(password), acceptDeviceList: false, timeoutMs: 20_000 };
}

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
