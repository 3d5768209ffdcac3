/**
 * The watcher's recorders reached over their APIs: nothing on a device can be followed as a folder is, so each
 * is asked again every period (its list, its checked recordings read), one ask at a time, and its channels
 * judged from that ask. A device unreachable at one ask is unverified until the next one reaches it.
 */
import type { Device } from '../../devices/devices-file.ts';
import type { Store } from '../../index/store.ts';
import { askDevices, type AskedDevices } from '../devices-asked.ts';

export interface DeviceAskOptions {
  devices: Device[];
  everyMs: number;
  zone: string;
  now: () => number;
  /** judges the devices' channels from one ask, while their sessions are open */
  judge: (asked: AskedDevices) => Promise<void>;
  /** a problem of an ask not said at the ask before (a device unreachable, a disk in error) */
  problem: (detail: string) => void;
}

export class DeviceAsks {
  private timer?: NodeJS.Timeout;
  private asking: Promise<void> | undefined;
  private said = new Set<string>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly o: DeviceAskOptions,
  ) {}

  /** Every device asked once and its channels judged; their connections closed after. */
  async askOnce(): Promise<void> {
    const asked = await askDevices(this.store, this.o.devices, { now: this.o.now(), zone: this.o.zone });
    try {
      const problems = new Set(asked.scans.flatMap((s) => s.problems));
      for (const p of problems) if (!this.said.has(p)) this.o.problem(p);
      this.said = problems;
      await this.o.judge(asked);
    } finally {
      asked.close();
    }
  }

  /** Asks again every period; an ask still running when the next is due is not doubled. */
  start(onError: (e: Error) => void): void {
    this.timer = setInterval(() => {
      if (this.asking || this.stopped) return;
      this.asking = this.askOnce()
        .catch(onError)
        .finally(() => {
          this.asking = undefined;
        });
    }, this.o.everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.asking;
  }
}
