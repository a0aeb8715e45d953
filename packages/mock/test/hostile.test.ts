// Hostile input against the engine and the Node server: bad encodings and targets get the API's
// own 4xx, the rate limiter forgets what it must, and a seeded request fuzz finds no 500.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockEngine, type MockServer } from '../src/index.js';
import { LIMITER_MAX_TOKENS, RateLimiter } from '../src/limits.js';
import { auditHeaders, NOW, raw, startMock } from './helpers.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('malformed request targets', () => {
  it('answers bad percent-encoding in paths and queries with the API’s own 404 or 400', async () => {
    ({ server } = await startMock());
    const h = auditHeaders();
    for (const target of [
      '/audit-query-service/v2/export/status/%E0%A4%A',
      '/audit-query-service/v2/export/result/%ZZ',
      '/audit-query-service/v2/export?tenantId=%ZZ&startTime=%E0%A4%A',
      '/crm/v7/settings/audit_log_export/%E0%A4%A',
      '/audit?action=%ZZ',
    ]) {
      const res = await raw(server.url, target, h);
      expect([400, 401, 404], target).toContain(res.status);
    }
  });

  it('answers an absolute-form target with a bad URL with 400, and a good one as its path', async () => {
    ({ server } = await startMock());
    expect((await raw(server.url, 'http://[::1/audit')).status).toBe(400);
    expect((await raw(server.url, 'http://elsewhere.test/audit')).status).toBe(401);
  });
});

describe('the rate limiter', () => {
  it('keeps a bounded map after 150,000 distinct tokens and forgets past days', () => {
    const limiter = new RateLimiter(10, 1000);
    for (let i = 0; i < 150_000; i++) expect(limiter.take(`t${i}`, NOW + i).ok).toBe(true);
    expect(limiter.size).toBeLessThanOrEqual(LIMITER_MAX_TOKENS);
    limiter.take('tomorrow', NOW + 86_400_000);
    expect(limiter.size).toBe(1);
  });

  it('forgets idle tokens first, so a busy token stays limited through a flood', () => {
    const limiter = new RateLimiter(5, 1000);
    for (let i = 0; i < LIMITER_MAX_TOKENS - 1; i++) limiter.take(`idle${i}`, NOW - 5_000);
    for (let i = 0; i < 5; i++) expect(limiter.take('busy', NOW).ok).toBe(true);
    for (let i = 0; i < 100; i++) limiter.take(`flood${i}`, NOW);
    expect(limiter.size).toBeLessThanOrEqual(LIMITER_MAX_TOKENS);
    expect(limiter.take('busy', NOW)).toMatchObject({ ok: false, retryAfterSeconds: 1 });
  });
});

describe('request fuzz against the engine', () => {
  it('never answers a 500 it did not inject, never throws, keeps its maps bounded', async () => {
    const engine = createMockEngine({ seed: 3, config: { now: NOW } });
    const h = auditHeaders();
    const bearer = h.authorization ?? '';
    const segment = fc.constantFrom(
      'v2',
      'export',
      'status',
      'result',
      'cancel',
      'resume',
      '%ZZ',
      '%E0%A4%A',
      '..',
      '',
      'x y',
      'crm',
      'v7',
      'settings',
      'audit_log_export',
      'auditlog',
      'audit',
      '__mock',
      'scenario',
    );
    const prefix = fc.constantFrom('/audit-query-service', '/crm', '/v2/crm/1', '/audit', '', '/__mock');
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    const query = fc.array(
      fc.tuple(
        fc.constantFrom('tenantId', 'startTime', 'endTime', 'f.username', 'action', 'limit', '__fault', '__scenario'),
        fc.constantFrom('%ZZ', 'acme', '2024-01-01T00:00:00Z', '1e300', '', '-1'),
      ),
      { maxLength: 4 },
    );
    const fault = fc.option(
      fc.constantFrom(
        'latency=1e300',
        'latency=-1',
        'error-rate=2',
        'drop-after-lines=0',
        'retry-after=1e9',
        'nonsense',
        'latency=abc',
      ),
      { nil: undefined },
    );
    const auth = fc.option(fc.constantFrom(bearer, 'Bearer', 'Zoho-oauthtoken 1000.x.y', 'Basic %%%', 'Basic dTpw'), {
      nil: undefined,
    });
    const body = fc.option(fc.constantFrom('{', '{"audit_log_export":[{}]}', 'null', '[]', '\u0000'), {
      nil: undefined,
    });
    await fc.assert(
      fc.asyncProperty(
        method,
        prefix,
        fc.array(segment, { maxLength: 5 }),
        query,
        fault,
        auth,
        body,
        async (m, p, segs, q, f, a, b) => {
          const qs = q.map(([k, v]) => `${k}=${v}`).join('&');
          const headers: Record<string, string> = { api_token: h.api_token ?? '' };
          if (f) headers['x-mock-fault'] = f;
          if (a) headers.authorization = a;
          const init: RequestInit = { method: m, headers };
          if (b !== undefined && m !== 'GET' && m !== 'HEAD') init.body = b;
          const res = await engine.fetch(
            new Request(`http://mock.test${p}/${segs.join('/')}${qs ? `?${qs}` : ''}`, init),
          );
          await res.arrayBuffer().catch(() => undefined);
          expect(res.status, `${m} ${p}/${segs.join('/')}?${qs}`).not.toBe(500);
        },
      ),
      { seed: 17, numRuns: 400, verbose: 1 },
    );
    expect(engine.limiter?.size ?? 0).toBeLessThanOrEqual(LIMITER_MAX_TOKENS);
  });
});
