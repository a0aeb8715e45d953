import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allExamples, type Doc, deref, fixtureJson, loadDist, operations, readFixture } from './helpers.ts';

const aq = loadDist('audit-query.json');
const zoho = loadDist('zoho.json');
const ar = loadDist('audit-resource.json');

const op = (doc: Doc, method: string, path: string) => doc.paths[path]?.[method] as Doc;
const params = (doc: Doc, o: Doc, pathItem: Doc = {}) =>
  [...(pathItem.parameters ?? []), ...(o.parameters ?? [])].map((p: Doc) => deref(doc, p));

describe.each([
  // [api, method, path, operationId, response codes]
  [aq, 'get', '/v2/export', 'createExportJob', ['200', '400', '401', '403', '429', '500', '504']],
  [aq, 'get', '/v2/export/status/{jobId}', 'getExportJobStatus', ['200', '401', '403', '404', '429', '500', '504']],
  [
    aq,
    'get',
    '/v2/export/result/{jobId}',
    'getExportJobResult',
    ['200', '400', '401', '403', '404', '429', '500', '504'],
  ],
  [aq, 'get', '/v2/export/cancel/{jobId}', 'cancelExportJob', ['200', '400', '401', '403', '404', '429', '500', '504']],
  [aq, 'get', '/v2/export/resume/{jobId}', 'resumeExportJob', ['200', '400', '401', '403', '404', '429', '500', '504']],
  [aq, 'delete', '/v2/export/{jobId}', 'deleteExportJob', ['200', '400', '401', '403', '404', '429', '500', '504']],
  [
    zoho,
    'get',
    '/crm/{version}/settings/audit_log_export',
    'listAuditLogExportJobs',
    ['200', '400', '401', '403', '404', '500'],
  ],
  [
    zoho,
    'post',
    '/crm/{version}/settings/audit_log_export',
    'createAuditLogExportJob',
    ['201', '400', '401', '403', '404', '500'],
  ],
  [
    zoho,
    'get',
    '/crm/{version}/settings/audit_log_export/{export_job_id}',
    'getAuditLogExportJob',
    ['200', '400', '401', '403', '404', '500'],
  ],
  [
    zoho,
    'get',
    '/{version}/crm/{org_id}/auditlog/{job_id}/{file}',
    'downloadAuditLogExportFile',
    ['200', '400', '401', '403', '404', '500'],
  ],
  [ar, 'get', '/audit', 'getAuditLog', ['200', '400', '401']],
] as const)('%#: %s %s', (doc, method, path, operationId, codes) => {
  it(`exists as ${operationId} with responses ${codes.join(', ')}`, () => {
    const o = op(doc, method, path);
    expect(o?.operationId).toBe(operationId);
    expect(Object.keys(o.responses).sort()).toEqual([...codes].sort());
  });
});

describe('audit query service (seed 000)', () => {
  const facts = fixtureJson('seed-000/facts.json');
  const examples = allExamples(aq);

  it('has every query parameter of create, with the seed required flags', () => {
    const ps = params(aq, op(aq, 'get', '/v2/export'));
    const table = fixtureJson<Array<{ name: string; required: boolean }>>('seed-000/create-parameters.json');
    expect(ps.map((p) => [p.name, p.in, p.required])).toEqual(table.map((t) => [t.name, 'query', t.required]));
  });

  it('has the five job states', () => {
    expect(aq.components.schemas.JobState.enum).toEqual(facts.jobStates);
  });

  it('carries every JSON sample of the seed verbatim as an example', () => {
    const samples = fixtureJson<Array<{ value: unknown }>>('seed-000/json-samples.json');
    expect(samples).toHaveLength(9);
    for (const s of samples) expect(examples).toContainEqual(s.value);
  });

  it('serves the seed JSONL lines verbatim, newline-terminated', () => {
    const want = readFixture('seed-000/result.jsonl');
    const media = op(aq, 'get', '/v2/export/result/{jobId}').responses['200'].content['application/jsonl'];
    expect(media.example).toBe(want);
    expect(media['x-jsonl-item-schema']).toEqual({ $ref: '#/components/schemas/AuditEvent' });
  });

  it('validates every JSONL line against AuditEvent and rejects garbage', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...aq, $id: 'aq' }, 'aq');
    const validate = ajv.getSchema('aq#/components/schemas/AuditEvent');
    const media = op(aq, 'get', '/v2/export/result/{jobId}').responses['200'].content['application/jsonl'];
    const lines = (media.example as string)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(validate?.(l), JSON.stringify(validate?.errors)).toBe(true);
    expect(validate?.({ ...lines[0], name: 'SOME_NEW_EVENT', extra: 1 })).toBe(true);
    expect(validate?.({ ...lines[0], eventId: 'nope' })).toBe(false);
    expect(validate?.({ ...lines[0], timestamp: '26/09/2024' })).toBe(false);
  });

  it.each([
    ['2024-01-01 11:30:00-0800', true],
    ['2024-09-16T05:00:00z', true],
    ['2024-10-12T03:07:15.329132Z', true],
    ['2024-09-26T12:34:15.884Z', true],
    ['2024-01-01 11:30:00', false],
    ['2024-01-01T11:30:00', false],
    ['2024-13-01 11:30:00-0800', false],
    ['yesterday', false],
  ])('AuditDateTime %s → %s', (value, ok) => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...aq, $id: 'aq' }, 'aq');
    expect(ajv.getSchema('aq#/components/schemas/AuditDateTime')?.(value)).toBe(ok);
  });

  it('states the cross-cutting limits', () => {
    const { requestsPerSecond, requestsPerDay } = facts;
    expect(aq['x-rate-limit']).toEqual({ requestsPerSecond, requestsPerDay });
    expect(aq['x-gateway-timeout-seconds']).toBe(facts.gatewayTimeoutSeconds);
    expect(aq['x-retention-days']).toBe(facts.retentionDays);
    for (const [, , o] of operations(aq)) {
      expect(deref(aq, o.responses['429']).headers['Retry-After']).toBeDefined();
      expect(o['x-rate-limit']).toEqual(aq['x-rate-limit']);
    }
    expect(aq.servers[0].url).toBe('https://{host}/audit-query-service');
  });

  it('requires both credentials on every operation', () => {
    expect(aq.security).toEqual([{ bearerAuth: [], apiToken: [], medalliaOpenId: ['openid'] }]);
    expect(aq.components.securitySchemes.apiToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'api_token' });
    expect(aq.components.securitySchemes.medalliaOpenId['x-oauth-client-id']).toBe(facts.oauthClientId);
    expect(aq.components.securitySchemes.medalliaOpenId['x-required-role']).toBe(facts.requiredRole);
  });

  it('decides every listed contradiction', () => {
    expect(aq['x-decisions'].map((d: Doc) => d.id)).toEqual(Array.from({ length: 20 }, (_, i) => `D${i + 1}`));
  });
});

describe('Zoho CRM export audit log (seed 001)', () => {
  const examples = allExamples(zoho);

  it('carries the seed sample verbatim', () => {
    expect(examples).toContainEqual(fixtureJson('zoho/status-sample.json'));
  });

  it.each(
    fixtureJson<Array<{ code: string; status: number }>>('zoho/status-errors.json').map((e) => [
      e.code,
      String(e.status),
    ]),
  )('error %s is answered with HTTP %s', (code, status) => {
    const found = operations(zoho).some(([, , o]) => {
      const r = o.responses[status as string];
      return (
        r &&
        allExamples({ ...zoho, paths: { '/': { get: { responses: { x: r } } } } }).some((e) => (e as Doc).code === code)
      );
    });
    expect(found).toBe(true);
  });

  it('accepts the statuses in both casings', () => {
    for (const s of ['Progress', 'Scheduled', 'Finished', 'Failed', 'finished'])
      expect(zoho.components.schemas.ExportStatus.enum).toContain(s);
  });

  it('declares the scopes per operation', () => {
    const scopes = operations(zoho).map(([, , o]) => o.security[0].zohoOAuth[0]);
    expect(scopes).toEqual([
      'ZohoCRM.settings.audit_logs.READ',
      'ZohoCRM.settings.audit_logs.CREATE',
      'ZohoCRM.settings.audit_logs.READ',
      'ZohoFiles.files.READ',
    ]);
  });

  it('limits the create body to one export and serves downloads from the download domain', () => {
    expect(zoho.components.schemas.CreateAuditLogExportRequest.properties.audit_log_export.maxItems).toBe(1);
    const dl = op(zoho, 'get', '/{version}/crm/{org_id}/auditlog/{job_id}/{file}');
    expect(dl.servers[0].variables['download-domain'].default).toBe('download.zoho.com');
    expect(Object.keys(dl.responses['200'].content)).toEqual(['text/csv', 'application/zip']);
  });
});

describe('audit resource (seed 002)', () => {
  const table = fixtureJson<Array<{ name: string; values?: string[]; example?: string }>>('seed-002/parameters.json');

  it('has the filters with their enums and date format', () => {
    const ps = params(ar, op(ar, 'get', '/audit')) as [Doc, Doc, Doc, Doc, Doc];
    expect(ps.map((p) => p.name)).toEqual(table.map((t) => t.name));
    expect(ps[0].schema.enum).toEqual(table[0]?.values);
    expect(ps[1].schema.enum).toEqual(table[1]?.values);
    expect(new RegExp(deref(ar, ps[2].schema).pattern).test(table[2]?.example ?? '')).toBe(true);
    expect(new RegExp(deref(ar, ps[3].schema).pattern).test(table[3]?.example ?? '')).toBe(true);
    expect(new RegExp(deref(ar, ps[3].schema).pattern).test('2015-12-30')).toBe(false);
    expect(new RegExp(deref(ar, ps[3].schema).pattern).test('2015-12-30')).toBe(false);
  });

  it('carries the seed JSON sample verbatim and an XML example', () => {
    const json = fixtureJson('seed-002/audit-sample.json');
    const content = op(ar, 'get', '/audit').responses['200'].content;
    expect(allExamples(ar)).toContainEqual(json);
    expect(Object.keys(content)).toEqual(['application/json', 'application/xml']);
    expect(
      allExamples({
        ...ar,
        paths: { '/': { get: { responses: { x: { content: { x: content['application/xml'] } } } } } },
      })[0],
    ).toMatch(/^<\?xml[\s\S]*<auditResult>/);
    expect(ar.components.schemas.AuditResult.xml.name).toBe('auditResult');
  });
});
