import { defineConfig } from 'vitest/config';

// These tests run the wrapper as a child process; beside the other suites on 2 cores that takes seconds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    testTimeout: 60_000,
  },
});
