/**
 * The recorders of a devices file asked for their lists together (eight at once, each holding its own
 * two-request limit), and the audit's options that judge them: each device the recorder its name says, its
 * recordings read through its session. Used by an audit once and by the watcher at each of its asks.
 */
import type { Device } from '../devices/devices-file.ts';
import type { Store } from '../index/store.ts';
import { pool } from '../probe/run.ts';
import type { ScanResult } from '../result/audit-result.ts';
import { deviceProber } from './device-probe.ts';
import { scanDevice, type DeviceSession } from './device-scan.ts';
import type { Prober } from './probe-plan.ts';

/** devices asked at once: each NVR takes at most two requests at a time, so the pace is their sum */
const DEVICES_AT_ONCE = 8;

export interface AskedDevices {
  /** a scan a device, in the devices file's order */
  scans: ScanResult[];
  sessions: Map<string, DeviceSession>;
  /** the devices' connections closed: once their recordings are read */
  close(): void;
}

export async function askDevices(store: Store, devices: Device[], o: { now: number; zone: string }): Promise<AskedDevices> {
  const asked: Awaited<ReturnType<typeof scanDevice>>[] = [];
  await pool(
    devices.map((device, i) => ({ device, i })),
    DEVICES_AT_ONCE,
    ({ device }) => scanDevice(store, device, o),
    ({ i }, r) => {
      asked[i] = r;
    },
  );
  const sessions = new Map(asked.map(({ scan, session }) => [scan.root, session] as const));
  return { scans: asked.map((a) => a.scan), sessions, close: () => sessions.forEach((s) => s.http.close()) };
}

/** Options judging with the devices too: a device is the recorder its name says; its recordings read through it. */
export function withDevices<T extends { recorders?: Map<string, string>; prober: Prober }>(opts: T, asked: AskedDevices | undefined): T & { sessions?: Map<string, DeviceSession> } {
  if (!asked || asked.sessions.size === 0) return opts;
  const recorders = new Map([...(opts.recorders ?? []), ...[...asked.sessions.values()].map((s) => [s.root, s.device.name] as const)]);
  return { ...opts, recorders, prober: deviceProber(opts.prober, asked.sessions), sessions: asked.sessions };
}
