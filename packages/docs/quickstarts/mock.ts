// A private mock for a test: a free loopback port, dev credentials, one export job, then close.
import { createMockServer, mintDevToken } from '@audit-export/mock';

const mock = await createMockServer({ host: '127.0.0.1', port: 0 });
const { headers } = mintDevToken({ tenant: 'acme' });
const query = 'tenantId=acme&startTime=2026-11-01T00:00:00Z&endTime=2026-11-02T00:00:00Z';
const response = await fetch(`${mock.url}/audit-query-service/v2/export?${query}`, { headers });
console.log(response.status, await response.json()); // 200 { status: 'PENDING', jobId: '…', … }
await mock.close();
