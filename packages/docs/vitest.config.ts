import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bounds against hangs, not speed checks: the quick starts run Node processes beside the other suites.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // The browser suite and the unit suites share 2 cores with other builds: run files one by one.
    fileParallelism: false,
  },
});
