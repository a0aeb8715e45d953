// Test helpers: a mock on a free port with a hand-driven clock, and credentials for it.
import { request as httpRequest } from 'node:http';
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

/**
 * A request as written, not as fetch would make it: any target (fetch normalises paths), any
 * `Host` and `Origin` (fetch sets them itself). Answers status, headers and text.
 */
export function raw(
  url: string,
  target: string,
  headers: Record<string, string> = {},
  options: { method?: string; body?: string | undefined } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path: target, headers, method: options.method ?? 'GET', timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${target} within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
