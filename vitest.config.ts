import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // two test files at once: most of a test's time is a child process or the disk, not this one's CPU
    // (the suite takes 65 s so on 2 cores, against 108 s one file at a time)
    maxWorkers: 2,
    setupFiles: ['test/setup.ts'],
  },
});
