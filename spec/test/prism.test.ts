import { type PrismServer, startPrism } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiId, specPath } from '../src/index.ts';
import { type Doc, deref, loadDist, mediaExamples } from './helpers.ts';

const servers = new Map<ApiId, PrismServer>();

beforeAll(async () => {
  await Promise.all(
    (['audit-query', 'zoho', 'audit-resource'] as const).map(async (id) => {
      servers.set(id, await startPrism({ mode: 'mock', spec: specPath(id, 'json') }));
    }),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()));
});

const medallia = {
  Authorization: 'Bearer ab35805bf5d8a964b3634fa71143be',
  api_token: 'eyJ0eXAiOiJKV1QifQ.e30.sig',
  'Content-Type': 'application/json',
};
const zohoAuth = { Authorization: 'Zoho-oauthtoken 1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf' };
const job = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';

// [api, method, path template, request url, headers, body, status, media type]
const calls: Array<[ApiId, string, string, string, Record<string, string>, unknown, string, string]> = [
  [
    'audit-query',
    'get',
    '/v2/export',
    '/v2/export?tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z&f.username=jpatterson&f.attrName=color,tenant&f.attrVal=ivory,annabel',
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/status/{jobId}',
    `/v2/export/status/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/result/{jobId}',
    `/v2/export/result/${job}`,
    medallia,
    undefined,
    '200',
    'application/jsonl',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/cancel/{jobId}',
    `/v2/export/cancel/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/resume/{jobId}',
    `/v2/export/resume/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  ['audit-query', 'delete', '/v2/export/{jobId}', `/v2/export/${job}`, medallia, undefined, '200', 'application/json'],
  [
    'zoho',
    'get',
    '/crm/{version}/settings/audit_log_export',
    '/crm/v7/settings/audit_log_export',
    zohoAuth,
    undefined,
    '200',
    'application/json',
  ],
  [
    'zoho',
    'post',
    '/crm/{version}/settings/audit_log_export',
    '/crm/v7/settings/audit_log_export',
    { ...zohoAuth, 'Content-Type': 'application/json' },
    { audit_log_export: [{ criteria: { comparator: 'equal', field: { api_name: 'action' }, value: 'updated' } }] },
    '201',
    'application/json',
  ],
  [
    'zoho',
    'get',
    '/crm/{version}/settings/audit_log_export/{export_job_id}',
    '/crm/v7/settings/audit_log_export/2276164000001008015',
    zohoAuth,
    undefined,
    '200',
    'application/json',
  ],
  [
    'zoho',
    'get',
    '/{version}/crm/{org_id}/auditlog/{job_id}/{file}',
    '/v2/crm/15515278/auditlog/111111000000066005/AuditLog_001.csv',
    { ...zohoAuth, Accept: 'text/csv' },
    undefined,
    '200',
    'text/csv',
  ],
  [
    'audit-resource',
    'get',
    '/audit',
    '/audit?action=LOGIN&resultCode=TRUE&startDate=12/01/2015&stopDate=12/30/2015&userName=edcAuditJohn',
    { Cookie: 'JSESSIONID=abc', Accept: 'application/json' },
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-resource',
    'get',
    '/audit',
    '/audit',
    { Authorization: `Basic ${btoa('edcAuditJohn:secret')}`, Accept: 'application/xml' },
    undefined,
    '200',
    'application/xml',
  ],
];

describe('Prism mocks every operation of the bundled documents with its example', () => {
  it.each(calls)('%s %s %s (%s)', async (id, method, path, url, headers, body, status, mediaType) => {
    const doc: Doc = loadDist(`${id}.json`);
    const media = deref(doc, doc.paths[path][method].responses[status]).content[mediaType];
    const [want] = mediaExamples(doc, media);
    const server = servers.get(id);
    const res = await fetch(`${server?.url}${url}`, {
      method: method.toUpperCase(),
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    expect(res.status, `${text}\n${server?.log().slice(-500)}`).toBe(Number(status));
    expect(res.headers.get('content-type')).toContain(mediaType);
    if (mediaType === 'application/json') expect(JSON.parse(text)).toEqual(want);
    else expect(text).toBe(want);
  });

  it('rejects a call without the api_token header', async () => {
    const res = await fetch(`${servers.get('audit-query')?.url}/v2/export/status/${job}`, {
      headers: { Authorization: medallia.Authorization },
      signal: AbortSignal.timeout(10_000),
    });
    await res.text();
    expect(res.status).toBe(401);
  });
});
