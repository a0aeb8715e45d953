import { defineConfig } from 'vitest/config';

// The release test installs from a real registry and runs tsc twice: minutes, not seconds.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 600_000 } });
