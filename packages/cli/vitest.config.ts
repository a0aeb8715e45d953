import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The suites start the built bin and a mock process: bounded, but real processes on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
