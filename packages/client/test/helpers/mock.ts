import {
  createMockServer,
  type MockConfig,
  type MockServer,
  type MockServerOptions,
  mintDevToken,
} from '@audit-export/mock';
import { createHandlers } from '@audit-export/mock/msw';
import { setupServer } from 'msw/node';
import { type AuditQueryClientOptions, createAuditQueryClient } from '../../src/audit-query.js';

/** The mock's clock is pinned so that the exported period is inside its 120-day retention. */
export const NOW = '2024-10-01T00:00:00Z';
export const TENANT = 'cubedentest-be';
export const PERIOD = { tenantId: TENANT, startTime: '2024-09-20T00:00:00Z', endTime: '2024-09-20T06:00:00Z' };

/**
 * Where the mock runs for these tests: `node` (the HTTP server on 127.0.0.1) or `msw` (the same
 * engine behind MSW's setupServer, intercepting fetch). vitest.config.ts runs the mock suites on both.
 */
export const MOCK_HOST: 'node' | 'msw' = process.env.AUDIT_EXPORT_MOCK_HOST === 'msw' ? 'msw' : 'node';

/** The mock on the host under test, with the Node server's shape (url, close, ground truth). */
export async function createMockHost(options: MockServerOptions): Promise<Omit<MockServer, 'state'>> {
  if (MOCK_HOST === 'node') return createMockServer(options);
  const mock = createHandlers({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.config === undefined ? {} : { config: options.config }),
    baseUrl: 'http://audit-mock.test',
  });
  const server = setupServer(...mock.handlers);
  server.listen();
  return {
    url: mock.baseUrl,
    engine: mock.engine,
    close: async () => server.close(),
    expectedEvents: mock.expectedEvents,
    expectedZohoEntries: mock.expectedZohoEntries,
  };
}

/** Starts the stateful mock with fast job timings; returns it with a client wired to it. */
export async function startMock(config: MockConfig = {}, clientOptions: Partial<AuditQueryClientOptions> = {}) {
  const mock = await createMockHost({
    seed: 7,
    config: {
      now: NOW,
      auditQuery: { pendingMs: 20, processingMs: 40, eventsPerHour: 400 },
      zoho: { scheduledMs: 20, progressMs: 40 },
      ...config,
    },
  });
  const credentials = mintDevToken({ tenant: TENANT, now: Date.parse(NOW) });
  const client = createAuditQueryClient({
    baseUrl: `${mock.url}/audit-query-service`,
    auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
    polling: { minDelayMs: 10, maxDelayMs: 40 },
    ...clientOptions,
  });
  return { mock, client, credentials };
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
