// Runs the built engine, with no server, under whichever runtime executes this file (Node, Deno,
// Bun): a job, its whole result, and a drop mid-stream. Prints one JSON line that every runtime
// must print alike (same seed, same bytes).
import { createMockEngine } from '../../dist/engine.js';
import { mintDevToken } from '../../dist/tokens.js';

const NOW = '2026-11-24T12:00:00Z';
const engine = createMockEngine({
  seed: 7,
  baseUrl: 'http://mock.test',
  config: { now: NOW, auditQuery: { pendingMs: 0, processingMs: 0, eventsPerHour: 200 } },
});
const { headers } = mintDevToken({ tenant: 'acme', now: Date.parse(NOW) });
const base = 'http://mock.test/audit-query-service/v2/export';
const call = (path, extra = {}) => engine.fetch(new Request(base + path, { headers: { ...headers, ...extra } }));

const created = await call('?tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z');
const { jobId, status } = await created.json();
const result = await call(`/result/${jobId}`);
const bytes = new Uint8Array(await result.arrayBuffer());
const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) =>
  b.toString(16).padStart(2, '0'),
).join('');
const lines = new TextDecoder().decode(bytes).split('\n').filter(Boolean);
const truth = engine.expectedEvents(jobId);

// The drop: the body stream errors with a TypeError after 5 lines.
const dropped = await call(`/result/${jobId}`, { 'x-mock-fault': 'drop-after-lines=5' });
const reader = dropped.body.getReader();
let text = '';
let dropError = 'none';
try {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
} catch (error) {
  dropError = error?.name ?? String(error);
}

console.log(
  JSON.stringify({
    status,
    createdStatus: created.status,
    resultStatus: result.status,
    contentType: result.headers.get('content-type'),
    lines: lines.length,
    truth: truth.length,
    sameIds: lines.every((line, i) => JSON.parse(line).eventId === truth[i]?.eventId),
    digest,
    dropError,
    droppedLines: text.split('\n').filter(Boolean).length,
  }),
);
