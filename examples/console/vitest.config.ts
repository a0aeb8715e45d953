import { defineConfig } from 'vitest/config';

// Only the browser suite: it starts the mock, serves the built console and drives Chromium.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
