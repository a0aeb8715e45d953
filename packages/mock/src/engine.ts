/**
 * The mock engine: a web `Request` in, a plain web `Response` out, for the three APIs (their paths
 * do not collide). Web standards only, so the same engine and state serve the Node server (a thin
 * adapter, `node/adapter.ts`), MSW handlers in Vitest or a browser tab, Deno and Bun.
 */
import type { MockConfigError } from './config.js';
import { createEngineHost } from './engine-host.js';
import type { MockEngine, MockEngineOptions } from './engine-types.js';

export { PLACEHOLDER_ORIGIN } from './engine-host.js';
export type { MockEngine, MockEngineOptions, MockState } from './engine-types.js';

/** Creates an engine; throws {@link MockConfigError} for a configuration it cannot run. */
export function createMockEngine(options: MockEngineOptions = {}): MockEngine {
  return createEngineHost(options).engine;
}
