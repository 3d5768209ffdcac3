/** Which ffprobe to run: $VSTOR_FFPROBE, else the one shipped in @ffprobe-installer (no system ffmpeg assumed). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RuntimeError } from '../errors.ts';

export function ffprobePath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.VSTOR_FFPROBE;
  if (override) {
    if (!existsSync(override)) throw new RuntimeError(`VSTOR_FFPROBE=${override}: no such file; expected the path of an ffprobe binary`);
    return override;
  }
  try {
    const path = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
    if (existsSync(path)) return path;
    throw new Error(`${path} is missing`);
  } catch (e) {
    throw new RuntimeError(`ffprobe not found (${(e as Error).message}); run npm ci, or set VSTOR_FFPROBE`);
  }
}
