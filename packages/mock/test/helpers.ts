// Test helpers: a mock on a free port with a hand-driven clock, and credentials for it.
import { createMockServer, type MockConfig, type MockServer, mintDevToken } from '../src/index.js';

/** Today in these tests: a fixed instant, so every answer is reproducible. */
export const NOW = Date.parse('2026-11-24T12:00:00Z');

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = NOW) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Starts a mock with a manual clock and the given config. */
export async function startMock(
  config: MockConfig = {},
  seed = 7,
): Promise<{ server: MockServer; clock: ManualClock }> {
  const clock = new ManualClock();
  const server = await createMockServer({ seed, config: { now: clock.now, ...config } });
  return { server, clock };
}

/** Audit query headers for a tenant. */
export function auditHeaders(tenant = 'acme', options: { auditRole?: boolean } = {}): Record<string, string> {
  return mintDevToken({ tenant, now: NOW, ...options }).headers;
}

/** GET with headers, returning status, headers and text. */
export async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(url, { method, headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
