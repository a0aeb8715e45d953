// How the base-ref client test names a failure: the operation of today's spec the failing request went to.
import { describe, expect, it } from 'vitest';
import { baseBuildCache, nameOperation } from '../src/base-client.mjs';

describe('nameOperation', () => {
  it.each([
    ['audit-query', 'GET', '/v2/export', 'createExportJob (GET /v2/export)'],
    ['audit-query', 'GET', '/v2/export/status/0f0c3b8e', 'getExportJobStatus (GET /v2/export/status/{jobId})'],
    ['audit-query', 'delete', '/v2/export/0f0c3b8e', 'deleteExportJob (DELETE /v2/export/{jobId})'],
    [
      'zoho',
      'POST',
      '/crm/v7/settings/audit_log_export',
      'createAuditLogExportJob (POST /crm/{version}/settings/audit_log_export)',
    ],
    [
      'zoho',
      'GET',
      '/v7/crm/1/auditlog/2/a.csv',
      'downloadAuditLogExportFile (GET /{version}/crm/{org_id}/auditlog/{job_id}/{file})',
    ],
  ])('%s %s %s is %s', (api, method, path, named) => {
    expect(nameOperation(api, method, path)).toBe(named);
  });

  it('leaves a request no operation matches as it is', () => {
    expect(nameOperation('audit-query', 'GET', '/v2/export/status/a/b')).toBe('GET /v2/export/status/a/b');
  });
});

describe('baseBuildCache', () => {
  it('is inside the checkout’s node_modules, never committed', () => {
    expect(baseBuildCache('/repo')).toBe('/repo/node_modules/.cache/audit-export/base-client');
  });
});
