// Smoke run of the BUILT package (dist/) under whichever Node runs this file: a tiny export from a
// mock whose URL and credentials the parent test passes in the environment. Prints one JSON line.
import { createAuditQueryClient } from '@audit-export/client/audit-query';

const client = createAuditQueryClient({
  baseUrl: process.env.SMOKE_BASE_URL,
  auth: { accessToken: process.env.SMOKE_ACCESS_TOKEN, apiToken: process.env.SMOKE_API_TOKEN },
  polling: { minDelayMs: 10, maxDelayMs: 50 },
});
const ids = [];
for await (const event of client.exportEvents({
  tenantId: process.env.SMOKE_TENANT,
  startTime: '2024-09-20T00:00:00Z',
  endTime: '2024-09-20T01:00:00Z',
  onProgress: (progress) => {
    globalThis.jobId = progress.jobId;
  },
})) {
  ids.push(event.eventId);
}
console.log(
  JSON.stringify({ node: process.versions.node, jobId: globalThis.jobId, events: ids.length, first: ids[0] }),
);
