/**
 * Which ffprobe to run: $VSTOR_FFPROBE, else the one shipped in @ffprobe-installer (no system ffmpeg is
 * assumed). That package leaves its binary mode 0744 (`chmod u+x`), so a service running as its own user
 * (samples/schedule: User=vstor) could not run it: `npm ci` makes it 0755 (scripts/postinstall.mjs), and
 * where that did not happen, a user who may read it gets a runnable copy in their cache folder.
 */
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RuntimeError } from '../errors.ts';

function can(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** $VSTOR_FFPROBE / $VSTOR_FFMPEG when set: a binary this user can run, else one line saying what is wrong. */
function checkedOverride(env: NodeJS.ProcessEnv, tool: 'ffprobe' | 'ffmpeg'): string | undefined {
  const name = `VSTOR_${tool.toUpperCase()}`;
  const override = env[name];
  if (!override) return undefined;
  if (!existsSync(override)) throw new RuntimeError(`${name}=${override}: no such file; expected the path of an ${tool} binary`);
  if (!can(override, constants.X_OK)) throw new RuntimeError(`${name}=${override}: this user may not run it; expected an ${tool} binary it can execute (chmod 755)`);
  return override;
}

/**
 * Which ffmpeg decodes frames (probe/decode.ts): $VSTOR_FFMPEG, else the one shipped in
 * @ffmpeg-installer (installed 0755 by its package).
 */
export function ffmpegPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = checkedOverride(env, 'ffmpeg');
  if (override) return override;
  let path: string;
  try {
    path = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  } catch (e) {
    throw new RuntimeError(`ffmpeg not found (${(e as Error).message}); run npm ci, or set VSTOR_FFMPEG`, { cause: e });
  }
  if (!existsSync(path)) throw new RuntimeError(`ffmpeg not found at ${path}; run npm ci, or set VSTOR_FFMPEG`);
  if (can(path, constants.X_OK)) return path;
  return runnableCopy(path, env, 'ffmpeg');
}

/** The shipped binary as the package installed it (its path whether or not it runs). */
export function bundledFfprobe(): string {
  return (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
}

export function ffprobePath(env: NodeJS.ProcessEnv = process.env): string {
  const override = checkedOverride(env, 'ffprobe');
  if (override) return override;
  let path: string;
  try {
    path = bundledFfprobe();
    if (!existsSync(path)) throw new Error(`${path} is missing`);
  } catch (e) {
    throw new RuntimeError(`ffprobe not found (${(e as Error).message}); run npm ci, or set VSTOR_FFPROBE`, { cause: e });
  }
  if (can(path, constants.X_OK)) return path;
  if (!can(path, constants.R_OK)) {
    throw new RuntimeError(`ffprobe ${path}: this user may neither run nor read it (mode ${(statSync(path).mode & 0o777).toString(8)}); run "chmod 755 ${path}" as its owner, or set VSTOR_FFPROBE`);
  }
  return runnableCopy(path, env, 'ffprobe');
}

/** A copy of a readable but not executable binary, mode 0755, in the user's cache folder (made once). */
function runnableCopy(path: string, env: NodeJS.ProcessEnv, tool: 'ffprobe' | 'ffmpeg'): string {
  const st = statSync(path);
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vstor');
  const copy = join(dir, `${tool}-${st.size}-${Math.round(st.mtimeMs)}`);
  if (can(copy, constants.X_OK)) return copy;
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${copy}.${process.pid}.tmp`;
    copyFileSync(path, tmp);
    chmodSync(tmp, 0o755);
    renameSync(tmp, copy);
    return copy;
  } catch (e) {
    throw new RuntimeError(`${tool} ${path}: this user may not run it (mode ${(st.mode & 0o777).toString(8)}) and a runnable copy could not be made in ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run "chmod 755 ${path}" as its owner, or set VSTOR_${tool.toUpperCase()}`, { cause: e });
  }
}
