// Every answer the mock gives conforms to the spec: the mock runs behind Prism's validation proxy
// (`prism proxy <spec> <mock> --errors`), one per API document, and the test drives every
// operation and the error paths a schema-valid request can reach. Prism turns a response that
// breaks the spec into a 500 `#VIOLATIONS` problem and logs "Violation"; neither may happen.
import { createRequire } from 'node:module';
import { type PrismServer, startPrism } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, mintDevToken, mintZohoToken } from '../src/index.js';
import { type ManualClock, NOW, startMock } from './helpers.js';

const require = createRequire(import.meta.url);

function startProxy(id: string, upstream: string): Promise<PrismServer> {
  return startPrism({ mode: 'proxy', spec: require.resolve(`@audit-export/spec/${id}.json`), upstream });
}

let mock: MockServer;
let clock: ManualClock;
const proxies: Record<string, PrismServer> = {};

beforeAll(async () => {
  ({ server: mock, clock } = await startMock({
    auditQuery: { pendingMs: 1000, processingMs: 1000, eventsPerHour: 6 },
    zoho: { scheduledMs: 1000, progressMs: 1000, entriesPerHour: 2 },
    limits: { perSecond: 10, perDay: 10_000 },
  }));
  const [aq, z, ar] = await Promise.all([
    startProxy('audit-query', `${mock.url}/audit-query-service`),
    startProxy('zoho', mock.url),
    startProxy('audit-resource', mock.url),
  ]);
  Object.assign(proxies, { 'audit-query': aq, zoho: z, 'audit-resource': ar });
}, 90_000);

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
  await mock?.close();
});

/** Calls through a proxy and checks Prism saw no violation. */
async function call(api: string, path: string, init: RequestInit = {}) {
  const proxy = proxies[api] as PrismServer;
  const before = proxy.log().length;
  const res = await fetch(`${proxy.url}${path}`, init);
  const body = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(body);
  await new Promise((r) => setTimeout(r, 30));
  const newLog = proxy.log().slice(before);
  expect(text, `${path} answered a Prism problem`).not.toContain('stoplight.io/prism/errors');
  expect(newLog, `${path}: Prism logged a violation`).not.toMatch(/Violation/);
  return { status: res.status, text, body, headers: res.headers };
}

const aq = mintDevToken({ tenant: 'acme', now: NOW });
const h = { ...aq.headers, 'content-type': 'application/json' };
const window = 'tenantId=acme&startTime=2026-11-23T00:00:00Z&endTime=2026-11-23T06:00:00Z';

describe('the audit query API behind prism proxy --errors', () => {
  it('audit query: every operation and its error paths', async () => {
    const create = await call('audit-query', `/v2/export?${window}&f.category=security`, { headers: h });
    expect(create.status).toBe(200);
    const { jobId } = JSON.parse(create.text) as { jobId: string };
    expect((await call('audit-query', `/v2/export/status/${jobId}`, { headers: h })).status).toBe(200);
    expect((await call('audit-query', `/v2/export/result/${jobId}`, { headers: h })).status).toBe(400);
    expect((await call('audit-query', `/v2/export/${jobId}`, { headers: h, method: 'DELETE' })).status).toBe(400);
    expect((await call('audit-query', `/v2/export/resume/${jobId}`, { headers: h })).status).toBe(400);
    expect((await call('audit-query', `/v2/export/cancel/${jobId}`, { headers: h })).status).toBe(200);
    expect((await call('audit-query', `/v2/export/cancel/${jobId}`, { headers: h })).status).toBe(400);
    expect((await call('audit-query', `/v2/export/resume/${jobId}`, { headers: h })).status).toBe(200);
    clock.advance(2500);
    expect(JSON.parse((await call('audit-query', `/v2/export/status/${jobId}`, { headers: h })).text).status).toBe(
      'COMPLETED',
    );
    const result = await call('audit-query', `/v2/export/result/${jobId}`, { headers: h });
    expect(result.status).toBe(200);
    expect(result.text.split('\n').length).toBeGreaterThan(3);
    expect((await call('audit-query', `/v2/export/${jobId}`, { headers: h, method: 'DELETE' })).status).toBe(200);
    const unknown = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';
    for (const p of ['status/', 'result/', 'cancel/', 'resume/', '']) {
      expect(
        (await call('audit-query', `/v2/export/${p}${unknown}`, { headers: h, method: p ? 'GET' : 'DELETE' })).status,
      ).toBe(404);
    }
    const reversed = 'tenantId=acme&startTime=2026-11-23T06:00:00Z&endTime=2026-11-23T00:00:00Z';
    expect((await call('audit-query', `/v2/export?${reversed}`, { headers: h })).status).toBe(400);
    expect((await call('audit-query', `/v2/export?${window}`, { headers: { ...h, api_token: 'x.y.z' } })).status).toBe(
      401,
    );
    const other = { ...mintDevToken({ tenant: 'globex', now: NOW }).headers, 'content-type': 'application/json' };
    expect((await call('audit-query', `/v2/export?${window}`, { headers: other })).status).toBe(403);
    expect(
      (await call('audit-query', `/v2/export?${window}`, { headers: { ...h, 'x-mock-fault': 'error-rate=1' } })).status,
    ).toBe(500);
    expect(
      (await call('audit-query', `/v2/export?${window}`, { headers: { ...h, 'x-mock-fault': 'error-status=504' } }))
        .status,
    ).toBe(504);
    const hammer = { ...mintDevToken({ tenant: 'acme', now: NOW }).headers, 'content-type': 'application/json' };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await call('audit-query', `/v2/export/status/${unknown}`, { headers: hammer })).status);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('Zoho and the audit resource behind prism proxy --errors', () => {
  it('zoho: create, list, get, download, and the seed error codes', async () => {
    const token = mintZohoToken();
    const z = { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' };
    const S = '/crm/v7/settings/audit_log_export';
    expect((await call('zoho', S, { headers: z })).status).toBe(400);
    const criteria = {
      comparator: 'between',
      field: { api_name: 'audited_time' },
      value: ['2026-11-01T00:00:00+05:30', '2026-11-02T00:00:00+05:30'],
    };
    const created = await call('zoho', S, {
      method: 'POST',
      headers: z,
      body: JSON.stringify({ audit_log_export: [{ criteria }] }),
    });
    expect(created.status).toBe(201);
    const id = JSON.parse(created.text).audit_log_export[0].details.id as string;
    expect((await call('zoho', `${S}/${id}`, { headers: z })).status).toBe(200);
    expect((await call('zoho', S, { method: 'POST', headers: z })).status).toBe(201);
    clock.advance(2500);
    const list = await call('zoho', S, { headers: z });
    const link = JSON.parse(list.text).audit_log_export.find((j: { id: string }) => j.id === id)
      .download_links[0] as string;
    const path = new URL(link).pathname;
    const csv = await call('zoho', path, { headers: z });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv']);
    const bad = { ...criteria, comparator: 'in' };
    expect(
      (
        await call('zoho', S, {
          method: 'POST',
          headers: z,
          body: JSON.stringify({ audit_log_export: [{ criteria: bad }] }),
        })
      ).status,
    ).toBe(400);
    expect((await call('zoho', S, { headers: { ...z, authorization: 'Zoho-oauthtoken nope' } })).status).toBe(401);
    const filesOnly = `Zoho-oauthtoken ${mintZohoToken({ scopes: ['ZohoFiles.files.READ'] })}`;
    expect((await call('zoho', S, { headers: { ...z, authorization: filesOnly } })).status).toBe(401);
    expect((await call('zoho', `${S}/123`, { headers: z })).status).toBe(404);
    const otherOrg = `Zoho-oauthtoken ${mintZohoToken({ org: '999' })}`;
    expect((await call('zoho', path, { headers: { ...z, authorization: otherOrg } })).status).toBe(403);
    expect((await call('zoho', S, { headers: { ...z, 'x-mock-fault': 'error-rate=1' } })).status).toBe(500);
    const denied = `Zoho-oauthtoken ${mintZohoToken({ auditLogPermission: false })}`;
    expect((await call('zoho', S, { headers: { ...z, authorization: denied } })).status).toBe(403);
  });

  it('audit resource: JSON, XML and the error answers', async () => {
    const basic = { authorization: `Basic ${Buffer.from('edcAuditJohn:pw').toString('base64')}` };
    const q = '/audit?action=UPDATE&resultCode=TRUE&startDate=11/20/2026&stopDate=11/23/2026';
    expect((await call('audit-resource', q, { headers: { ...basic, accept: 'application/json' } })).status).toBe(200);
    expect((await call('audit-resource', q, { headers: { ...basic, accept: 'application/xml' } })).status).toBe(200);
    expect((await call('audit-resource', '/audit?startDate=02/31/2026', { headers: basic })).status).toBe(400);
    expect((await call('audit-resource', '/audit', { headers: { authorization: 'Basic Og==' } })).status).toBe(401);
  });
});
