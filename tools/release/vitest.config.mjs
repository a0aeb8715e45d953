import { defineConfig } from 'vitest/config';

// The release test installs from a real registry and runs tsc twice: minutes, not seconds. Concurrent
// tests (the gate's ratings, each a Redocly process) run two at a time: the machine has two cores.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 600_000, maxConcurrency: 2 } });
