import { afterEach, describe, expect, it } from 'vitest';
import { serializeEvent } from '../src/data/catalog.js';
import { type MockServer, mintDevToken } from '../src/index.js';
import { auditHeaders, get, NOW, startMock } from './helpers.js';

const P = '/audit-query-service/v2/export';
const WINDOW = 'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z';
let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function created(url: string, headers = auditHeaders(), query = WINDOW): Promise<string> {
  const res = await get(`${url}${P}?${query}`, headers);
  expect(res.status).toBe(200);
  return (JSON.parse(res.text) as { jobId: string }).jobId;
}

describe('audit query jobs', () => {
  it('move PENDING → PROCESSING → COMPLETED with the seed status fields', async () => {
    const mock = await startMock({ auditQuery: { pendingMs: 1000, processingMs: 2000 } });
    server = mock.server;
    const h = auditHeaders();
    const create = JSON.parse((await get(`${server.url}${P}?${WINDOW}`, h)).text);
    expect(create).toMatchObject({ status: 'PENDING', statusTime: '2026-11-24T12:00:00.000000Z' });
    mock.clock.advance(1500);
    expect(JSON.parse((await get(`${server.url}${P}/status/${create.jobId}`, h)).text).status).toBe('PROCESSING');
    mock.clock.advance(2000);
    const status = JSON.parse((await get(`${server.url}${P}/status/${create.jobId}`, h)).text);
    expect(status).toMatchObject({
      id: 1,
      jobId: create.jobId,
      status: 'COMPLETED',
      filePath: `/audit_events_log_data/tenants/acme/2026/11/24/events-data-${create.jobId}.json`,
      createdAt: '2026-11-24T12:00:00.000000Z',
      completedAt: '2026-11-24T12:00:03.000000Z',
      failureReason: null,
    });
    expect(JSON.parse(status.params)).toMatchObject({
      tenantId: 'acme',
      startTime: { dateTime: { date: { day: 22 } } },
    });
  });

  it('streams the result as JSON Lines equal to the ground truth', async () => {
    ({ server } = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } }));
    const jobId = await created(server.url);
    const res = await get(`${server.url}${P}/result/${jobId}`, auditHeaders());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jsonl');
    const expected = server.expectedEvents(jobId);
    expect(expected.length).toBeGreaterThan(100);
    expect(res.text).toBe(expected.map((e) => `${serializeEvent(e)}\n`).join(''));
  });

  it('honours the f.* filters, correlating f.attrName and f.attrVal by position', async () => {
    ({ server } = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } }));
    const all = server.expectedEvents(await created(server.url));
    const e = all.find((x) => x.name === 'grant-role-to-user');
    const role = String(e?.attributes.role);
    const user = String(e?.attributes.user);
    const q = `${WINDOW}&f.category=security&f.attrName=role,user&f.attrVal=${encodeURIComponent(role)},${user}`;
    const jobId = await created(server.url, auditHeaders(), q);
    const lines = (await get(`${server.url}${P}/result/${jobId}`, auditHeaders())).text.trim().split('\n');
    const got = lines.map((l) => JSON.parse(l));
    expect(got.length).toBeGreaterThan(0);
    expect(
      got.every((x) => x.attributes.role === role && x.attributes.user === user && x.category === 'security'),
    ).toBe(true);
    expect(got.map((x) => x.eventId)).toEqual(server.expectedEvents(jobId).map((x) => x.eventId));
  });

  it('cancels only active jobs, resumes only FAILED or CANCELLED ones, deletes only terminal ones', async () => {
    const mock = await startMock({ auditQuery: { pendingMs: 100, processingMs: 100 } });
    server = mock.server;
    const h = auditHeaders();
    const jobId = await created(server.url);
    const del = await get(`${server.url}${P}/${jobId}`, h, 'DELETE');
    expect(del.status).toBe(400);
    expect(JSON.parse(del.text).message).toBe(`Job ${jobId} is pending or processing; cancel it before deleting`);
    const resume = await get(`${server.url}${P}/resume/${jobId}`, h);
    expect(JSON.parse(resume.text)).toMatchObject({
      status: 400,
      error: 'Bad Request',
      message: `Job ${jobId} not pending`,
    });
    expect(JSON.parse((await get(`${server.url}${P}/cancel/${jobId}`, h)).text).status).toBe('CANCELLED');
    const again = await get(`${server.url}${P}/cancel/${jobId}`, h);
    expect(JSON.parse(again.text)).toMatchObject({
      status: 400,
      message: 'Job with given ID is not pending',
      path: `/v2/export/cancel/${jobId}`,
    });
    expect(JSON.parse((await get(`${server.url}${P}/result/${jobId}`, h)).text).message).toBe(
      `Job ${jobId} is not completed`,
    );
    expect(JSON.parse((await get(`${server.url}${P}/resume/${jobId}`, h)).text).status).toBe('PENDING');
    mock.clock.advance(300);
    const gone = await get(`${server.url}${P}/${jobId}`, h, 'DELETE');
    expect(JSON.parse(gone.text)).toMatchObject({ status: 'COMPLETED', jobId });
    const missing = await get(`${server.url}${P}/${jobId}`, h, 'DELETE');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).message).toBe(`Job with id: ${jobId} not found`);
    const status = await get(`${server.url}${P}/status/${jobId}`, h);
    expect(status.status).toBe(404);
    expect(JSON.parse(status.text)).not.toHaveProperty('message');
  });
});

describe('audit query refusals and limits', () => {
  it('answers 400 for missing or malformed parameters', async () => {
    ({ server } = await startMock());
    const h = auditHeaders();
    const missing = JSON.parse((await get(`${server.url}${P}?startTime=2026-11-22T00:00:00Z`, h)).text);
    expect(missing).toMatchObject({
      status: 400,
      message: "Required request parameter 'tenantId' for method parameter type String is not present",
      path: '/v2/export',
    });
    const bad = await get(`${server.url}${P}?tenantId=acme&startTime=yesterday&endTime=2026-11-23T00:00:00Z`, h);
    expect(JSON.parse(bad.text).message).toMatch(/Invalid startTime 'yesterday'/);
    const order = await get(
      `${server.url}${P}?tenantId=acme&startTime=2026-11-23%2000:00:00-0800&endTime=2026-11-22T00:00:00Z`,
      h,
    );
    expect(JSON.parse(order.text).message).toMatch(/must be before endTime/);
    const attrs = await get(`${server.url}${P}?${WINDOW}&f.attrName=a,b&f.attrVal=1`, h);
    expect(JSON.parse(attrs.text).message).toMatch(/2 names and 1 values/);
  });

  it('answers 401 with WWW-Authenticate for missing, malformed or expired credentials, 403 for another tenant or no role', async () => {
    ({ server } = await startMock());
    const url = `${server.url}${P}?${WINDOW}`;
    const cases: Array<[Record<string, string>, number]> = [
      [{}, 401],
      [{ authorization: 'Bearer abc' }, 401],
      [{ authorization: 'Bearer abc', api_token: 'not-a-jwt' }, 401],
      [mintDevToken({ tenant: 'acme', now: NOW - 7_200_000, expiresIn: 60 }).headers, 401],
      [auditHeaders('globex'), 403],
      [auditHeaders('acme', { auditRole: false }), 403],
    ];
    for (const [headers, status] of cases) {
      const res = await get(url, headers);
      expect(res.status).toBe(status);
      expect(JSON.parse(res.text)).toMatchObject({ status, path: '/v2/export' });
      if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer realm="audit-query-service"');
    }
  });

  it('limits each token to 10 requests per second and a daily quota, with 429 and Retry-After', async () => {
    const mock = await startMock({ limits: { perDay: 15 } });
    server = mock.server;
    const h = auditHeaders();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await get(`${server.url}${P}/status/nope`, h)).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    const limited = await get(`${server.url}${P}/status/nope`, h);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await get(`${server.url}${P}/status/nope`, auditHeaders())).status).toBe(404);
    mock.clock.advance(1000);
    for (let i = 0; i < 5; i++) await get(`${server.url}${P}/status/nope`, h);
    const daily = await get(`${server.url}${P}/status/nope`, h);
    expect(daily.status).toBe(429);
    expect(JSON.parse(daily.text).message).toMatch(/Daily quota of 15/);
    expect(Number(daily.headers.get('retry-after'))).toBe(12 * 3600 - 1);
  });

  it('turns the limits off with limits: false', async () => {
    ({ server } = await startMock({ limits: false }));
    const h = auditHeaders();
    const statuses = await Promise.all(Array.from({ length: 30 }, () => get(`${server?.url}${P}/status/x`, h)));
    expect(statuses.every((r) => r.status === 404)).toBe(true);
  });
});

describe('audit query faults', () => {
  it('fails a job on demand, and resuming it completes', async () => {
    ({ server } = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } }));
    const h = auditHeaders();
    const jobId = await created(server.url, { ...h, 'x-mock-fault': 'fail-job' });
    const status = JSON.parse((await get(`${server.url}${P}/status/${jobId}`, h)).text);
    expect(status).toMatchObject({ status: 'FAILED', filePath: null });
    expect(status.failureReason).toMatch(/fail-job/);
    // A zero-length run has finished at once, yet resume answers the state it starts in (D15).
    expect(JSON.parse((await get(`${server.url}${P}/resume/${jobId}`, h)).text).status).toBe('PROCESSING');
    expect(JSON.parse((await get(`${server.url}${P}/status/${jobId}`, h)).text).status).toBe('COMPLETED');
  });

  it('answers 500 at the error rate, and cuts the stream after N lines', async () => {
    ({ server } = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } }));
    const h = auditHeaders();
    const err = await get(`${server.url}${P}?${WINDOW}`, { ...h, 'x-mock-fault': 'error-rate=1' });
    expect(err.status).toBe(500);
    expect(JSON.parse(err.text)).toMatchObject({ status: 500, error: 'Internal Server Error' });
    const jobId = await created(server.url);
    const res = await fetch(`${server.url}${P}/result/${jobId}`, {
      headers: { ...h, 'x-mock-fault': 'drop-after-lines=5' },
    });
    await expect(res.text()).rejects.toThrow();
  });

  it('rejects a malformed fault header with a message naming the syntax', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${P}/status/x`, { ...auditHeaders(), 'x-mock-fault': 'latency=soon' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).message).toMatch(/Invalid x-mock-fault part "latency=soon"/);
  });
});

describe('the mock server', () => {
  it('answers CORS preflights and logs requests without tokens', async () => {
    const lines: string[] = [];
    const { createMockServer } = await import('../src/index.js');
    server = await createMockServer({ log: (l) => lines.push(l) });
    const pre = await fetch(`${server.url}${P}`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const creds = mintDevToken({ tenant: 'acme' });
    await get(`${server.url}${P}/status/x?access_token=${creds.accessToken}`, creds.headers);
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.join('\n')).toContain('access_token=[REDACTED]');
    expect(lines.join('\n')).not.toContain(creds.accessToken);
    expect(lines.join('\n')).not.toContain(creds.idToken);
  });
});
