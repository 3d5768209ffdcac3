// Runs folder-check.worker.ts from the TypeScript sources (tests, and the CLI before it is bundled): a
// worker thread does not inherit the main thread's TypeScript loader. The bundle runs its compiled
// folder-check.worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./folder-check.worker.ts');
