// Export the last day of audit events from the running mock: create, wait with backoff, stream.
import { createAuditQueryClient } from '@audit-export/client/audit-query';

const mockUrl = process.env.MOCK_URL ?? 'http://127.0.0.1:4010';
const client = createAuditQueryClient({
  baseUrl: `${mockUrl}/audit-query-service`,
  auth: { accessToken: process.env.ACCESS_TOKEN ?? '', apiToken: process.env.API_TOKEN ?? '' },
});

let events = 0;
let status = '';
for await (const event of client.exportEvents({
  tenantId: 'acme',
  startTime: new Date(Date.now() - 24 * 60 * 60 * 1000),
  endTime: new Date(),
  onProgress: (progress) => {
    if (progress.status === status) return;
    status = progress.status;
    console.error(`job ${progress.jobId}: ${status}`);
  },
})) {
  events++;
  if (events <= 3) console.log(event.timestamp, event.name, event.username);
}
console.log(`${events} events`);
