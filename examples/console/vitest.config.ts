import { defineConfig } from 'vitest/config';

// The browser suite (it starts the mock, serves the built console and drives Chromium) and unit tests. Its waits
// are bounds against hangs, not speed checks: on 2 cores beside the other suites a page can stall for
// tens of seconds, so expect.poll gets testkit's page wait (60 s) instead of its 1 s default.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    expect: { poll: { timeout: 60_000 } },
  },
});
