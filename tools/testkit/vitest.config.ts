import { defineConfig } from 'vitest/config';

// These tests start real processes (Prism, Chromium, Deno, Bun); beside the other suites on 2 cores a start takes seconds.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
