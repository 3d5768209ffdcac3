// A worker entry run from the TypeScript sources (worker-entry.ts): tsx registered in this thread, then the
// entry named last on its argv imported.
import { register } from 'tsx/esm/api';

register();
await import(process.argv.at(-1));
