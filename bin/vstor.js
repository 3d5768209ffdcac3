#!/usr/bin/env node
// The CLI is TypeScript. `npm ci` bundles it into dist/ (scripts/build.mjs), which starts twice as fast;
// when any source file is newer than that bundle (or there is none), the sources run through tsx instead,
// so a clone works after `npm ci` and an edit is never shadowed by a stale bundle.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/main.js`;

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= Math.max(newestSource(`${root}src`), newestSource(`${root}cli`));
  } catch {
    return false;
  }
}

if (bundleIsFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
