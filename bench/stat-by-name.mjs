/**
 * What name-stat.ts and changed-folders.ts rest on: stat() by bare name from inside the folder against
 * stat() by absolute path, for every file under a tree; and lstat() of every folder, in one thread and
 * split between this thread and a worker.
 *
 *   node bench/stat-by-name.mjs bench/out/ten-second    # files: 2.6 M
 *   node bench/stat-by-name.mjs bench/out/hourly        # folders: 220 k
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

const root = resolve(process.argv[2] ?? 'bench/out/ten-second');
const folders = [];
const files = [];
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  folders.push(dir);
  const names = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) stack.push(`${dir}/${e.name}`);
    else if (e.isFile()) names.push(e.name);
  }
  if (names.length > 0) files.push([dir, names]);
}
const fileCount = files.reduce((n, [, names]) => n + names.length, 0);
const time = (label, f) => {
  const t0 = performance.now();
  f();
  console.log(`${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s`);
};
console.log(`${root}: ${folders.length.toLocaleString('en')} folders, ${fileCount.toLocaleString('en')} files`);
time('stat every file by absolute path', () => {
  for (const [dir, names] of files) for (const n of names) statSync(`${dir}/${n}`);
});
const home = process.cwd();
time('stat every file by name, from its folder', () => {
  for (const [dir, names] of files) {
    process.chdir(dir);
    for (const n of names) statSync(n);
  }
  process.chdir(home);
});
time('lstat every folder, one thread', () => {
  for (const d of folders) lstatSync(d);
});
const half = folders.length >> 1;
const flag = new Int32Array(new SharedArrayBuffer(4));
time('lstat every folder, this thread + a worker', () => {
  new Worker(
    `const { workerData } = require('node:worker_threads'); const { lstatSync } = require('node:fs');
     for (const d of workerData.paths.split('\\0')) lstatSync(d);
     Atomics.store(workerData.flag, 0, 1); Atomics.notify(workerData.flag, 0);`,
    { eval: true, workerData: { paths: folders.slice(half).join('\0'), flag } },
  ).unref();
  for (const d of folders.slice(0, half)) lstatSync(d);
  Atomics.wait(flag, 0, 0);
});
