/**
 * @ffprobe-installer/linux-x64 leaves its binary mode 0744 (`chmod u+x`): only the user who installed it may
 * run it, and a service running as its own user (samples/schedule: User=vstor) fails every night. Make it
 * runnable by everyone who may read it. Quiet when there is nothing to do (another platform, no package).
 */
import { chmodSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

try {
  const path = createRequire(import.meta.url)('@ffprobe-installer/ffprobe').path;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o055) !== 0o055) chmodSync(path, mode | 0o755);
} catch {
  // no binary for this platform: ffprobePath() says so when an audit needs one
}
