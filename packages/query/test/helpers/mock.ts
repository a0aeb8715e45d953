import { type AuditQueryClientOptions, createAuditQueryClient } from '@audit-export/client/audit-query';
import { createZohoClient } from '@audit-export/client/zoho';
import { createMockServer, type MockConfig, type MockServer, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { environmentManager, QueryClient } from '@tanstack/query-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The mock's clock is pinned so that the exported period is inside its 120-day retention. */
export const NOW = '2024-10-01T00:00:00Z';
export const TENANT = 'cubedentest-be';
export const PERIOD = { tenantId: TENANT, startTime: '2024-09-20T00:00:00Z', endTime: '2024-09-20T06:00:00Z' };

// Without a window, TanStack takes Node for a server and schedules no refetchInterval: these tests are its client.
beforeAll(() => environmentManager.setIsServer(() => false));
afterAll(() => environmentManager.setIsServer(() => typeof window === 'undefined'));

const open: Array<{ mock: MockServer; queryClient: QueryClient }> = [];
afterEach(async () => {
  for (const { mock, queryClient } of open.splice(0)) {
    queryClient.clear();
    await mock.close();
  }
});

/** Starts the real mock on 127.0.0.1 with fast job timings, a client on it, and a QueryClient; stopped after each test. */
export async function startMock(config: MockConfig = {}, clientOptions: Partial<AuditQueryClientOptions> = {}) {
  const mock = await createMockServer({
    seed: 7,
    config: {
      now: NOW,
      auditQuery: { pendingMs: 20, processingMs: 40, eventsPerHour: 400 },
      zoho: { scheduledMs: 20, progressMs: 40, entriesPerHour: 40 },
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
  const zoho = createZohoClient({ baseUrl: mock.url, auth: { accessToken: mintZohoToken() } });
  const queryClient = new QueryClient();
  open.push({ mock, queryClient });
  return { mock, client, zoho, queryClient, credentials };
}

/** Paths of the requests a fetch saw, for asserting what was (not) called. */
export function recordingFetch(seen: string[]) {
  return (request: Request) => {
    seen.push(new URL(request.url).pathname);
    return fetch(request);
  };
}

export const isResult = (request: Request) => new URL(request.url).pathname.includes('/v2/export/result/');
