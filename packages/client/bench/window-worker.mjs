// One measured window export in a fresh process: exportEventBatches over the bench mock, counting the jobs it
// creates and every request. Prints JSON (with a hash of the event ids in order, to compare runs).
import { createHash } from 'node:crypto';
import { createAuditQueryClient } from '@audit-export/client/audit-query';

const [url, accessToken, apiToken, hours] = process.argv.slice(2);
let jobs = 0;
let requests = 0;
const client = createAuditQueryClient({
  baseUrl: `${url}/audit-query-service`,
  auth: { accessToken, apiToken },
  polling: { minDelayMs: 50, maxDelayMs: 200 },
  rateLimit: false,
  fetch: (request) => {
    requests++;
    if (/\/v2\/export\/?$/.test(new URL(request.url).pathname)) jobs++;
    return fetch(request);
  },
});
const start = Date.parse('2024-09-20T00:00:00Z');
const filters = {
  tenantId: 'bench-tenant',
  startTime: new Date(start),
  endTime: new Date(start + Number(hours) * 3_600_000),
};
const ids = createHash('sha256');
let events = 0;
const started = performance.now();
for await (const batch of client.exportEventBatches({ ...filters, validate: true })) {
  events += batch.length;
  for (const event of batch) ids.update(event.eventId);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    events,
    jobs,
    requests,
    seconds,
    eventsPerSecond: Math.round(events / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    idsHash: ids.digest('hex'),
  }),
);
