/**
 * How a worker entry file is started. The bundle runs its compiled entry (built beside it, scripts/build.mjs);
 * from the TypeScript sources (tests, and the CLI before it is bundled) one shim, worker-boot.mjs, registers
 * tsx first and then imports the entry it is given, as a worker thread does not inherit the main thread's
 * TypeScript loader.
 */
export function workerEntry(source: URL, bundled: URL): { url: URL; argv: string[] } {
  return import.meta.url.endsWith('.ts') ? { url: new URL('./worker-boot.mjs', import.meta.url), argv: [source.href] } : { url: bundled, argv: [] };
}
