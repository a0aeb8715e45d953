// The baseline: the same job's result fetched with plain fetch and gzipped to a file, no parsing.
// Prints {events, bytes, seconds, peakRssMb} as JSON.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const [url, accessToken, apiToken, from, to, out] = process.argv.slice(2);
const headers = { authorization: `Bearer ${accessToken}`, api_token: apiToken, 'content-type': 'application/json' };
const started = performance.now();
const base = `${url}/audit-query-service/v2/export`;
const query = new URLSearchParams({ tenantId: 'bench-tenant', startTime: from, endTime: to });
const { jobId } = await (await fetch(`${base}?${query}`, { headers })).json();
for (;;) {
  const { status } = await (await fetch(`${base}/status/${jobId}`, { headers })).json();
  if (status === 'COMPLETED') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const response = await fetch(`${base}/result/${jobId}`, { headers });
let events = 0;
let bytes = 0;
const counted = Readable.fromWeb(response.body).on('data', (chunk) => {
  bytes += chunk.length;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) events++;
});
await pipeline(counted, createGzip(), createWriteStream(out));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ events, bytes, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
