import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditQueryClient } from '../src/audit-query.js';
import { AuthError, NetworkError, RateLimitError, ServerError, UnexpectedResponseError } from '../src/core/errors.js';
import { fakeClock, json, startServer } from './helpers/server.js';

const job = {
  status: 'PROCESSING',
  jobId: '384a79aa-f3e0-4bae-b2b5-8c512b4605bd',
  statusTime: '2024-10-12T03:07:15.329132Z',
};
const filters = { tenantId: 't1', startTime: '2024-09-16T05:00:00Z', endTime: '2024-09-16T15:00:00Z' };
const auth = { accessToken: 'access-secret-123', apiToken: 'eyJ.jwt-secret-456.sig' };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function scripted(answers: Array<(res: import('node:http').ServerResponse) => void>) {
  const server = await startServer((_req, res, index) => (answers[index] ?? answers.at(-1))?.(res));
  close = server.close;
  const clock = fakeClock();
  const client = createAuditQueryClient({ baseUrl: server.url, auth, clock, rateLimit: false });
  return { server, clock, client };
}

describe('the resilient transport', () => {
  it('sends both audit query credentials on every call', async () => {
    const { server, client } = await scripted([(res) => json(res, 200, job)]);
    await client.getJob(job.jobId).catch(() => undefined);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer access-secret-123');
    expect(server.requests[0]?.headers.api_token).toBe('eyJ.jwt-secret-456.sig');
  });

  it('retries an idempotent call on 502, 503 and 504, then succeeds', async () => {
    const details = { id: 1, jobId: job.jobId, params: '{}', status: 'COMPLETED', createdAt: job.statusTime };
    const { server, client, clock } = await scripted([
      (res) => json(res, 502, {}),
      (res) => json(res, 503, {}),
      (res) => json(res, 504, {}),
      (res) => json(res, 200, details),
    ]);
    await expect(client.getJob(job.jobId)).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toHaveLength(3);
  });

  it('honours Retry-After on 429 and gives up with RateLimitError after maxRetries', async () => {
    const { server, client, clock } = await scripted([
      (res) =>
        json(
          res,
          429,
          { status: 429, error: 'Too Many Requests', path: '/v2/export/status/x' },
          { 'retry-after': '2' },
        ),
    ]);
    const error = await client.getJob(job.jobId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2000, code: 'RATE_LIMITED' });
    expect(server.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
  });

  it('does not retry a create that got 502: the job may exist', async () => {
    const { server, client } = await scripted([
      (res) => json(res, 502, { status: 502, error: 'Bad Gateway', path: '/v2/export' }),
    ]);
    await expect(client.createExport(filters)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a create on 429 and on 503 with Retry-After: the server said it did nothing', async () => {
    const { server, client } = await scripted([
      (res) => json(res, 429, {}, { 'retry-after': '1' }),
      (res) => json(res, 503, {}, { 'retry-after': '1' }),
      (res) => json(res, 200, job),
    ]);
    await expect(client.createExport(filters)).resolves.toMatchObject({ jobId: job.jobId });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a create on 503 without Retry-After', async () => {
    const { server, client } = await scripted([(res) => json(res, 503, {})]);
    await expect(client.createExport(filters)).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a create whose connection was refused, and reports NetworkError when it stays down', async () => {
    const server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    const clock = fakeClock();
    const client = createAuditQueryClient({ baseUrl: url, auth, clock, rateLimit: false });
    const error = await client.createExport(filters).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK' });
    expect(clock.sleeps).toHaveLength(3);
  });

  it('does not retry a create whose connection was reset after sending', async () => {
    const server = await startServer((_req, res) => res.socket?.destroy());
    close = server.close;
    const client = createAuditQueryClient({ baseUrl: server.url, auth, clock: fakeClock(), rateLimit: false });
    const error = await client.createExport(filters).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CREATE_OUTCOME_UNKNOWN' });
    expect(server.requests).toHaveLength(1);
  });

  it('asks the token provider for fresh credentials once after a 401', async () => {
    const server = await startServer((req, res) =>
      req.headers.authorization === 'Bearer fresh'
        ? json(res, 200, job)
        : json(res, 401, { status: 401, error: 'Unauthorized', path: '/v2/export' }),
    );
    close = server.close;
    const calls: boolean[] = [];
    const client = createAuditQueryClient({
      baseUrl: server.url,
      rateLimit: false,
      clock: fakeClock(),
      auth: ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return { accessToken: forceRefresh ? 'fresh' : 'stale', apiToken: 'jwt' };
      },
    });
    await expect(client.createExport(filters)).resolves.toMatchObject({ jobId: job.jobId });
    expect(calls).toEqual([false, true]);
  });

  it('reports a provider that fails as AuthError without calling the API', async () => {
    const { server } = await scripted([(res) => json(res, 200, job)]);
    const client = createAuditQueryClient({
      baseUrl: server.url,
      rateLimit: false,
      auth: () => {
        throw new Error('vault unreachable');
      },
    });
    await expect(client.createExport(filters)).rejects.toMatchObject({ code: 'AUTH_PROVIDER_FAILED' });
    await expect(client.createExport(filters)).rejects.toBeInstanceOf(AuthError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('answers fetch passes on that a Response cannot be built from', () => {
  /** A raw TCP server that answers every request with `head` (a status line and headers) and `body`. */
  async function raw(head: string, body: string) {
    const server = createNetServer((socket) => {
      socket.once('data', () =>
        socket.end(Buffer.from(`${head}\r\ncontent-length: ${body.length}\r\n\r\n${body}`, 'latin1')),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const { port } = server.address() as AddressInfo;
    return createAuditQueryClient({ baseUrl: `http://127.0.0.1:${port}`, auth, clock: fakeClock(), rateLimit: false });
  }
  const details = JSON.stringify({
    id: 1,
    jobId: job.jobId,
    params: '{}',
    status: 'COMPLETED',
    createdAt: job.statusTime,
  });

  it.each([600, 999])(
    'a status past 599 (%i) is UnexpectedResponseError BAD_RESPONSE, not a RangeError',
    async (status) => {
      const client = await raw(`HTTP/1.1 ${status} Odd\r\ncontent-type: application/json`, details);
      const error = await client.getJob(job.jobId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ code: 'BAD_RESPONSE', status });
    },
  );

  it('a reason phrase of bytes past Latin-1 does not matter: the answer is read', async () => {
    const client = await raw('HTTP/1.1 200 \x80\xff\xe9\r\ncontent-type: application/json', details);
    await expect(client.getJob(job.jobId)).resolves.toMatchObject({ status: 'COMPLETED' });
  });
});
