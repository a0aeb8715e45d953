import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // Type-level tests (`*.test-d.ts`, expectTypeOf) run with tsc beside the runtime tests.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        // The same export suites, unchanged, against the mock engine behind MSW's setupServer.
        extends: true,
        test: {
          name: 'msw',
          include: ['test/*.mock.test.ts'],
          env: { AUDIT_EXPORT_MOCK_HOST: 'msw' },
        },
      },
    ],
  },
});
