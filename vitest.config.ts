import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // three test files at once on 2 cores: much of a test's time is a child process, the disk or a wait for
    // a watcher's timer, not this one's CPU (a clean clone: 89.7 s so, against 96.8 s with two; four gave no
    // gain in 0.4.0, and with the CLI run in process where the process is not the point a clean clone takes 79 s)
    maxWorkers: 3,
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
