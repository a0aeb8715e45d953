import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The suites start the built bin and their own mock process and mostly wait on them (the CLI keeps to the
    // spec's 10 requests a second): four files at once keep two cores busy without contention.
    pool: 'forks',
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
