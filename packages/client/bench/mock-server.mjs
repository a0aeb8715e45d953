// The bench's mock, run in its own process so that the client's RSS is measured alone.
// Prints one JSON line {url, accessToken, apiToken} once it listens; stops on SIGTERM.
// BENCH_RESULT_LIMIT sets the server's result limit per job (default: more than the bench exports).
import { createMockServer, mintDevToken } from '@audit-export/mock';

const now = '2024-10-01T00:00:00Z';
const mock = await createMockServer({
  seed: 11,
  config: {
    now,
    limits: false,
    auditQuery: {
      pendingMs: 0,
      processingMs: 0,
      eventsPerHour: 45_000,
      resultLimit: Number(process.env.BENCH_RESULT_LIMIT ?? 1_000_000),
    },
  },
});
const credentials = mintDevToken({ tenant: 'bench-tenant', now: Date.parse(now) });
console.log(JSON.stringify({ url: mock.url, accessToken: credentials.accessToken, apiToken: credentials.idToken }));
process.on('SIGTERM', () => mock.close().then(() => process.exit(0)));
