import type { MockConfig } from '@audit-export/mock';
import { startTestMock } from '@audit-export/testkit-mock';
import { type AuditQueryClientOptions, createAuditQueryClient } from '../../src/audit-query.js';

export { createMockHost, NOW, PERIOD, TENANT } from '@audit-export/testkit-mock';

/** Starts the stateful mock with fast job timings (testkit-mock); returns it with a client of this source wired to it. */
export async function startMock(config: MockConfig = {}, clientOptions: Partial<AuditQueryClientOptions> = {}) {
  const { mock, credentials, connection } = await startTestMock(config);
  return { mock, client: createAuditQueryClient({ ...connection, ...clientOptions }), credentials };
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
