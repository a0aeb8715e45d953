// The bench's mock, in its own process so that each measured process's RSS is its own.
// Prints one JSON line {url, accessToken, apiToken, from, to} once it listens; stops on SIGTERM.
import { createMockServer, mintDevToken } from '@audit-export/mock';

const now = '2024-10-01T00:00:00Z';
const mock = await createMockServer({
  seed: 11,
  config: {
    now,
    limits: false,
    // No result limit in the way: one job holds the whole window, as in the baseline.
    auditQuery: { pendingMs: 0, processingMs: 0, eventsPerHour: 45_000, resultLimit: 5_000_000 },
  },
});
const credentials = mintDevToken({ tenant: 'bench-tenant', now: Date.parse(now) });
// About 1,000,000 events: 22 h 13 min at 45,000 an hour.
const window = { from: '2024-09-20T00:00:00Z', to: '2024-09-20T22:13:20Z' };
console.log(
  JSON.stringify({ url: mock.url, accessToken: credentials.accessToken, apiToken: credentials.idToken, ...window }),
);
process.on('SIGTERM', () => mock.close().then(() => process.exit(0)));
