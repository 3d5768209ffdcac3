/** Real media made by the real ffmpeg, for tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'vstor-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
