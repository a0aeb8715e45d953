import { afterEach, describe, expect, it } from 'vitest';
import { auditQuery, zoho } from '../src/generated/spec-facts.gen.js';
import {
  createMockServer,
  FaultHeaderError,
  faultyFetch,
  INJECTED_ERROR_STATUSES,
  type MockServer,
  mintZohoToken,
  parseFaultHeader,
} from '../src/index.js';
import { auditHeaders, get, startMock } from './helpers.js';

const P = '/audit-query-service/v2/export';
const Z = '/crm/v7/settings/audit_log_export';
const JOB = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';
let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const zohoHeaders = () => ({ authorization: `Zoho-oauthtoken ${mintZohoToken()}` });

describe('parseFaultHeader', () => {
  it.each([
    ['error-status=503;retry-after=2', { error: { status: 503, retryAfterSeconds: 2 } }],
    ['error-rate=0.5, error-status=502', { error: { rate: 0.5, status: 502 } }],
    ['error-status=504', { error: { status: 504 } }],
    [
      'latency=10;drop-after-lines=3;fail-job',
      { latency: { kind: 'fixed', ms: 10 }, dropAfterLines: 3, failJob: true },
    ],
  ])('reads "%s"', (header, want) => {
    expect(parseFaultHeader(header)).toEqual(want);
  });

  it.each([
    'error-status=501',
    'error-status=429',
    'error-status=',
    'retry-after=-1',
    'retry-after=1.5',
    'error-rate=2',
  ])('rejects "%s" with a FaultHeaderError naming the part', (header) => {
    const error = (() => {
      try {
        parseFaultHeader(header);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(FaultHeaderError);
    expect(error).toMatchObject({ code: 'MOCK_FAULT_HEADER_INVALID', part: header });
    expect(String(error)).toContain('error-status=<status> (one of 500, 502, 503, 504)');
  });
});

describe('faultyFetch', () => {
  it('sends the fault on the requests it picks, counted from 0, and leaves the others as they are', async () => {
    server = await createMockServer({ seed: 3, config: { limits: false } });
    const statuses: number[] = [];
    const send = faultyFetch('error-status=503;retry-after=1', (_request, index) => index % 2 === 1);
    for (let i = 0; i < 4; i++) {
      const response = await send(new Request(`${server.url}${Z}/1`, { headers: zohoHeaders() }));
      await response.body?.cancel();
      statuses.push(response.status);
    }
    expect(statuses[1]).toBe(503);
    expect(statuses[3]).toBe(503);
    expect([statuses[0], statuses[2]]).not.toContain(503);
  });
});

describe('injected 5xx on the audit query API', () => {
  it.each(INJECTED_ERROR_STATUSES)(
    'answers error-status=%i with the Spring error body for that status',
    async (status) => {
      ({ server } = await startMock());
      const res = await get(`${server.url}${P}/status/${JOB}`, {
        ...auditHeaders(),
        'x-mock-fault': `error-status=${status}`,
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('retry-after')).toBeNull();
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(['timestamp', 'status', 'error', 'message', 'path']);
      expect(body).toMatchObject({
        timestamp: '2026-11-24T12:00:00.000+00:00',
        status,
        path: `/v2/export/status/${JOB}`,
      });
      const declared = (auditQuery.serverErrors as Record<string, { error: string; message?: string }>)[status];
      if (declared) expect(body.error).toBe(declared.error);
      if (declared?.message) expect(body.message).toBe(declared.message);
      else expect(body.message).toContain(`error-status=${status}`);
    },
  );

  it('answers the spec’s 504 gateway-timeout body', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${P}/result/${JOB}`, { ...auditHeaders(), 'x-mock-fault': 'error-status=504' });
    expect(res.status).toBe(504);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 504,
      error: 'Gateway Timeout',
      message: 'Request exceeded the 600 second gateway timeout',
    });
  });

  it('sends Retry-After with a 503 when asked', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${P}/status/${JOB}`, {
      ...auditHeaders(),
      'x-mock-fault': 'error-status=503;retry-after=7',
    });
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '7']);
  });

  it('refuses retry-after with any status but 503, naming the status', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${P}/status/${JOB}`, {
      ...auditHeaders(),
      'x-mock-fault': 'error-status=502;retry-after=7',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).message).toMatch(/retry-after .* needs error-status=503 .*got 502/);
  });

  it('keeps error-rate’s 500 as the default status', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${P}/status/${JOB}`, { ...auditHeaders(), 'x-mock-fault': 'error-rate=1' });
    expect([res.status, JSON.parse(res.text).error]).toEqual([500, 'Internal Server Error']);
  });
});

describe('injected 5xx from the config', () => {
  it('fails the drawn share of requests with errorStatus, reproducibly for a seed', async () => {
    const statuses = async () => {
      ({ server } = await startMock({ faults: { errorRate: 0.5, errorStatus: 502 } }));
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await get(`${server.url}${P}/status/${JOB}`, auditHeaders())).status);
      await server.close();
      server = undefined;
      return seen;
    };
    const first = await statuses();
    expect(new Set(first)).toEqual(new Set([404, 502]));
    expect(await statuses()).toEqual(first);
  });

  it('lets a request’s header override the config’s status', async () => {
    ({ server } = await startMock({ faults: { errorStatus: 502 } }));
    const res = await get(`${server.url}${P}/status/${JOB}`, { ...auditHeaders(), 'x-mock-fault': 'error-status=503' });
    expect(res.status).toBe(503);
  });

  it('refuses a config whose retryAfterSeconds lacks errorStatus 503', async () => {
    await expect(createMockServer({ config: { faults: { retryAfterSeconds: 1 } } })).rejects.toMatchObject({
      code: 'MOCK_CONFIG_INVALID',
      message: expect.stringContaining('needs error-status=503'),
    });
  });

  it('refuses a config whose errorStatus is not a supported 5xx', async () => {
    const faults = JSON.parse('{"errorStatus": 501}');
    await expect(createMockServer({ config: { faults } })).rejects.toMatchObject({
      code: 'MOCK_CONFIG_INVALID',
      message: expect.stringContaining('error.status (error-status) must be one of 500, 502, 503, 504, got 501'),
    });
  });
});

describe('injected 5xx on the Zoho API', () => {
  it.each(INJECTED_ERROR_STATUSES)('answers error-status=%i with the INTERNAL_ERROR body', async (status) => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${Z}`, { ...zohoHeaders(), 'x-mock-fault': `error-status=${status}` });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toEqual({
      code: 'INTERNAL_ERROR',
      details: {},
      message: zoho.errors.INTERNAL_ERROR.message,
      status: 'error',
    });
  });

  it('sends Retry-After with a 503 when asked', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}${Z}`, { ...zohoHeaders(), 'x-mock-fault': 'error-status=503;retry-after=3' });
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '3']);
  });
});

describe('injected 5xx on the audit resource', () => {
  it('answers the reason phrase as plain text', async () => {
    ({ server } = await startMock());
    const res = await get(`${server.url}/audit`, {
      authorization: `Basic ${Buffer.from('john:pw').toString('base64')}`,
      'x-mock-fault': 'error-status=502',
    });
    expect([res.status, res.headers.get('content-type'), res.text]).toEqual([
      502,
      'text/plain',
      'Bad Gateway (injected by x-mock-fault)',
    ]);
  });
});
