import { type AuditQueryClientOptions, createAuditQueryClient } from '@audit-export/client/audit-query';
import { createZohoClient } from '@audit-export/client/zoho';
import { type MockConfig, mintZohoToken } from '@audit-export/mock';
import { type MockHost, startTestMock } from '@audit-export/testkit-mock';
import { environmentManager, QueryClient } from '@tanstack/query-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export { NOW, PERIOD, TENANT } from '@audit-export/testkit-mock';

// Without a window, TanStack takes Node for a server and schedules no refetchInterval: these tests are its client.
beforeAll(() => environmentManager.setIsServer(() => false));
afterAll(() => environmentManager.setIsServer(() => typeof window === 'undefined'));

const open: Array<{ mock: MockHost; queryClient: QueryClient }> = [];
afterEach(async () => {
  for (const { mock, queryClient } of open.splice(0)) {
    queryClient.clear();
    await mock.close();
  }
});

/** Starts the real mock on 127.0.0.1 (testkit-mock), a client on it, and a QueryClient; stopped after each test. */
export async function startMock(config: MockConfig = {}, clientOptions: Partial<AuditQueryClientOptions> = {}) {
  const { mock, credentials, connection } = await startTestMock(config, 'node');
  const client = createAuditQueryClient({ ...connection, ...clientOptions });
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
