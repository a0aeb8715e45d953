// One measured run in a fresh process: `client` exports through @audit-export/client (built dist) one event
// at a time, `batches` through exportEventBatches, `baseline` reads the same result with plain fetch and counts lines (no parsing). Prints JSON.
import { createAuditQueryClient } from '@audit-export/client/audit-query';

const [mode, url, accessToken, apiToken, validate] = process.argv.slice(2);
const client = createAuditQueryClient({
  baseUrl: `${url}/audit-query-service`,
  auth: { accessToken, apiToken },
  polling: { minDelayMs: 50, maxDelayMs: 200 },
});
const filters = { tenantId: 'bench-tenant', startTime: '2024-09-20T00:00:00Z', endTime: '2024-09-21T00:00:00Z' };
let events = 0;
let bytes = 0;
const started = performance.now();
if (mode === 'client') {
  for await (const _event of client.exportEvents({
    ...filters,
    validate: validate === 'true',
    onProgress: (p) => (bytes = p.bytes),
  }))
    events++;
} else if (mode === 'batches') {
  for await (const batch of client.exportEventBatches({
    ...filters,
    validate: validate === 'true',
    onProgress: (p) => (bytes = p.bytes),
  }))
    events += batch.length;
} else {
  const job = await client.createExport(filters);
  await client.waitForJob(job.jobId);
  const response = await fetch(`${url}/audit-query-service/v2/export/result/${job.jobId}`, {
    headers: { authorization: `Bearer ${accessToken}`, api_token: apiToken },
  });
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) events++;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    mode,
    validate: validate === 'true',
    events,
    bytes,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
