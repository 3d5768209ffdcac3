/** Defaults of `vstor plan`: the seed's case (1000 new 1080P cameras, 8 Mbps, 90 days) on a common build. */
export const DEFAULTS = {
  channels: 1000,
  resolution: '1080p',
  codec: 'h264',
  days: 90,
  duty: '100%',
  hoursPerDay: '24',
  audio: '0bps',
  substream: '0bps',
  raid: '6',
  /** 8 data + 2 parity */
  raidGroup: 10,
  disk: '16TB',
  /** one hot spare in each enclosure */
  spares: 'auto',
  /** file system (~2-3 %) plus the recorder's overwrite reserve */
  overhead: '10%',
  /** a 4U 24-bay storage server */
  bays: 24,
} as const;
