// Point 6: the export lifecycles as Arazzo 1.0.1 workflows beside the spec (spec/arazzo/), run by
// `redocly respect` against the running stateful mock with credentials the mock mints.
import { type MockServer, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arazzoFiles, problemsOf, runArazzo } from '../src/arazzo.js';
import { describeProblems } from '../src/check.js';
import { MOCK_NOW, startContractMock } from '../src/mock.js';

let mock: MockServer;
beforeAll(async () => {
  mock = await startContractMock();
});
afterAll(async () => {
  await mock?.close();
});

describe('the Arazzo workflows', () => {
  it('are the audit query and Zoho lifecycles', () => {
    expect(arazzoFiles().map((f) => f.split('/').pop())).toEqual([
      'audit-query-export.arazzo.yaml',
      'zoho-export.arazzo.yaml',
    ]);
  });

  it('all pass under redocly respect: create → poll → result, cancel, resume a failed job, Zoho create → poll → download', async () => {
    const aq = mintDevToken({ tenant: 'acme', now: MOCK_NOW });
    const outcome = await runArazzo({
      files: arazzoFiles(),
      servers: { auditQuery: `${mock.url}/audit-query-service`, zoho: mock.url },
      inputs: {
        accessToken: aq.accessToken,
        apiToken: aq.idToken,
        tenantId: 'acme',
        startTime: '2026-11-23T00:00:00Z',
        endTime: '2026-11-23T06:00:00Z',
        mockFault: 'fail-job',
        zohoToken: mintZohoToken(),
        from: '2026-11-01T00:00:00+05:30',
        to: '2026-11-02T00:00:00+05:30',
      },
    });
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });
});

describe('problemsOf (reading respect --json-output)', () => {
  it('judges a retried step by its last attempt and reports a workflow that did not run', () => {
    const file = arazzoFiles()[1] as string;
    const step = (passed: boolean) => ({ stepId: 'pollJob', checks: [{ name: 'success criteria check', passed }] });
    const ok = { workflowId: 'exportAndDownload', status: 'success', executedSteps: [step(false), step(true)] };
    expect(problemsOf({ files: { 'zoho-export.arazzo.yaml': { executedWorkflows: [ok] } } }, [file])).toEqual([]);
    expect(problemsOf({ files: {} }, [file])).toEqual(['zoho-export.arazzo.yaml exportAndDownload: did not run']);
  });
});
