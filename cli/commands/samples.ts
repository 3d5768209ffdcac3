/** `vstor samples make DIR --layout L`: write small real archives to try audits on. */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { wallMsOf } from '../../src/archive/time.ts';
import { makeClip } from '../../src/samples/clip.ts';
import { withDeviceClock } from '../../src/samples/hikvision.ts';
import { sampleDeviceChannels, serveIsapi } from '../../src/samples/isapi-server.ts';
import { serveDahua } from '../../src/samples/dahua-server.ts';
import { serveOnvif } from '../../src/samples/onvif-server.ts';
import { InputError } from '../../src/errors.ts';
import { Option, type Command } from 'commander';
import { resolveZone } from '../../src/archive/time.ts';
import { parseNow } from '../../src/audit/policy.ts';
import { makeSampleArchive } from '../../src/samples/generate.ts';
import { layoutOfSample, SAMPLE_LAYOUTS, type SampleLayout } from '../../src/samples/names.ts';
import { parseCount } from '../../src/units/parse.ts';
import type { IO } from '../io.ts';

export function registerSamples(program: Command, io: IO): void {
  const samples = program.command('samples').description('sample archives made of real media');
  samples
    .command('make')
    .description('write a sample archive: one channel that passes, one for each failure')
    .argument('<dir>', 'folder to write (with --layout all, one sub-folder a layout)')
    .addOption(new Option('--layout <layout>', 'layout to write').choices([...SAMPLE_LAYOUTS, 'all']).default('all'))
    .option('--days <n>', 'the retention rule the samples are made around', '90')
    .option('--now <iso>', 'the time the archive is as of (default: now)')
    .option('--tz <zone>', 'time zone for layouts named in local time (default: this machine\'s)')
    .action((dir: string, o: { layout: SampleLayout | 'all'; days: string; now?: string; tz?: string }) => {
      const days = parseCount('--days', o.days);
      // a sample is written into a folder: an existing file there is not one, and is never overwritten
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${dir}: a file, not a folder; expected a folder to write the sample archive into`);
      const now = o.now === undefined ? Date.now() : parseNow(o.now);
      const zone = resolveZone(o.tz);
      const layouts = o.layout === 'all' ? SAMPLE_LAYOUTS : [o.layout];
      for (const layout of layouts) {
        const root = o.layout === 'all' ? join(dir, layout) : dir;
        const made = makeSampleArchive({ dir: root, layout, now, days, zone });
        io.out(`${root}: ${layout}, ${made.files} segments as of ${made.now}\n`);
        for (const c of made.channels) io.out(`  ${c.name.padEnd(11)} expect ${c.expect}${c.reasons.length ? ` (${c.reasons.join(', ')})` : ''}: ${c.what}\n`);
        const named = layout === 'mediamtx-path' ? ` --layout '${layoutOfSample(layout)}'` : '';
        io.out(`  try: vstor audit ${root}${named} --days ${days} --now ${made.now}${zone !== 'UTC' ? '' : ' --tz UTC'}\n`);
      }
    });
  samples
    .command('serve')
    .description('serve a sample NVR on 127.0.0.1 (Hikvision ISAPI, Dahua HTTP API or ONVIF), and write the devices file to audit it')
    .argument('<dir>', 'folder to write devices.yaml and the password file into')
    .addOption(new Option('--protocol <protocol>', 'the API it speaks').choices(['isapi', 'dahua', 'onvif']).default('isapi'))
    .option('--port <n>', 'port to listen on (default: any free one)', '0')
    .option('--days <n>', 'the retention rule the sample channels are made around', '10')
    .option('--tz <zone>', "the device's time zone (default: this machine's)")
    .action(async (dir: string, o: { protocol: 'isapi' | 'dahua' | 'onvif'; port: string; days: string; tz?: string }) => {
      const days = parseCount('--days', o.days);
      const port = o.port === '0' ? 0 : parseCount('--port', o.port);
      const zone = resolveZone(o.tz);
      mkdirSync(dir, { recursive: true });
      const password = randomBytes(12).toString('base64url');
      const passFile = resolve(dir, 'nvr-sample.pass');
      writeFileSync(passFile, `${password}\n`, { mode: 0o600 });
      chmodSync(passFile, 0o600);
      const channels = sampleDeviceChannels(Date.now(), days);
      let device: { port: number; close(): Promise<void> };
      if (o.protocol === 'isapi') {
        const clip = readFileSync(makeClip(join(tmpdir(), 'vstor-sample-device.mpg'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, format: 'vob', keyint: 1 }));
        device = await serveIsapi({ user: 'admin', password, channels, zone, clock: 'local', footage: (t) => withDeviceClock(clip, wallMsOf(t, zone)), port });
      } else if (o.protocol === 'dahua') {
        const clip = readFileSync(makeClip(join(tmpdir(), 'vstor-sample-device.mp4'), { seconds: 3600, rate: '1/900', width: 320, height: 180, crf: 45, faststart: true }));
        device = await serveDahua({ user: 'admin', password, channels, zone, footage: () => clip, port });
      } else {
        const clip = readFileSync(makeClip(join(tmpdir(), 'vstor-sample-device.h264'), { seconds: 2, rate: '2', width: 320, height: 180, keyint: 4, format: 'h264' }));
        device = await serveOnvif({ user: 'admin', password, channels, port, replay: (_token, at) => ({ annexB: clip, fps: 2, clockMs: at }) });
      }
      const file = resolve(dir, 'devices.yaml');
      writeFileSync(file, `devices:\n  - { name: nvr-sample, protocol: ${o.protocol}, host: 127.0.0.1, port: ${device.port}, user: admin, passwordFile: ${JSON.stringify(passFile)}, tz: ${zone} }\n`);
      io.out(`serving a sample NVR (${{ isapi: 'Hikvision ISAPI', dahua: 'Dahua HTTP API', onvif: 'ONVIF Profile G' }[o.protocol]}) on 127.0.0.1:${device.port}; Ctrl-C stops it\n`);
      io.out(`  channels: 大门北侧 (1) expect pass; lobby (2) retention-short; 停车场 (3) gap; roof (4) stale\n`);
      io.out(`  try: vstor audit --devices ${file} --days ${days} --db ${resolve(dir, 'index.db')}\n`);
      await new Promise<void>((stop) => {
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await device.close();
    });
}
