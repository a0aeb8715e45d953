import { defineConfig } from 'vitest/config';

// Each file starts its own servers (mock, Prism proxies, redocly respect): at most two at once on 2 cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
