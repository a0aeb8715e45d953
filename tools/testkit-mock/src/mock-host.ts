import {
  createMockServer,
  type DevCredentials,
  type MockConfig,
  type MockServer,
  type MockServerOptions,
  mintDevToken,
} from '@audit-export/mock';

/** The mock's clock is pinned so that the exported period is inside its 120-day retention. */
export const NOW = '2024-10-01T00:00:00Z';
/** The tenant the dev credentials are minted for. */
export const TENANT = 'cubedentest-be';
/** Six hours of the tenant's events, inside the retention. */
export const PERIOD = { tenantId: TENANT, startTime: '2024-09-20T00:00:00Z', endTime: '2024-09-20T06:00:00Z' };

/** The mock as a test drives it: its URL, its engine and ground truth, and `close()`. */
export type MockHost = Omit<MockServer, 'state'>;

/**
 * Where the mock runs: `node` (its HTTP server on 127.0.0.1) or `msw` (the same engine behind MSW's
 * setupServer, intercepting fetch), from `AUDIT_EXPORT_MOCK_HOST`; a vitest project sets it to run the same
 * suites on both.
 */
export const MOCK_HOST: 'node' | 'msw' = process.env.AUDIT_EXPORT_MOCK_HOST === 'msw' ? 'msw' : 'node';

/** Starts the mock on `host` (default {@link MOCK_HOST}), with the Node server's shape whichever it is. */
export async function createMockHost(options: MockServerOptions, host = MOCK_HOST): Promise<MockHost> {
  if (host === 'node') return createMockServer(options);
  // Loaded only here: suites that never use MSW do not load it.
  const [{ createHandlers }, { setupServer }] = await Promise.all([
    import('@audit-export/mock/msw'),
    import('msw/node'),
  ]);
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

/** What an audit query client needs to call the mock: its root, the dev credentials, and fast polling. */
export interface MockConnection {
  baseUrl: string;
  auth: { accessToken: string; apiToken: string };
  polling: { minDelayMs: number; maxDelayMs: number };
}

/** A started mock, the dev credentials for {@link TENANT}, and the options an audit query client connects with. */
export interface StartedMock {
  mock: MockHost;
  credentials: DevCredentials;
  connection: MockConnection;
}

/**
 * Starts the stateful mock as the tests use it: seed 7, the clock at {@link NOW}, jobs that finish in tens of
 * milliseconds, a few events an hour (`config` overrides any of it, a whole section at a time). The caller
 * builds its client from `connection` and closes `mock` after its test.
 */
export async function startTestMock(config: MockConfig = {}, host = MOCK_HOST): Promise<StartedMock> {
  const mock = await createMockHost(
    {
      seed: 7,
      config: {
        now: NOW,
        auditQuery: { pendingMs: 20, processingMs: 40, eventsPerHour: 400 },
        zoho: { scheduledMs: 20, progressMs: 40, entriesPerHour: 40 },
        ...config,
      },
    },
    host,
  );
  const credentials = mintDevToken({ tenant: TENANT, now: Date.parse(NOW) });
  const connection: MockConnection = {
    baseUrl: `${mock.url}/audit-query-service`,
    auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
    polling: { minDelayMs: 10, maxDelayMs: 40 },
  };
  return { mock, credentials, connection };
}
