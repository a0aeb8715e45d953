// check: the spec's Arazzo workflows against a server, every response validated against the spec; against the
// mock it passes and leaves no job behind; through a proxy that renames a field of the status answer it reports
// that deviation with its operation, status, JSON pointer and rule.
import { type RewritingProxy, startRewritingProxy } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { auditQueryEnv, zohoEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';

let mock: MockProcess;
let proxy: RewritingProxy;
beforeAll(async () => {
  // Jobs live long enough for the cancel workflow to catch one PENDING.
  mock = await startMockProcess({ seed: 5, config: { auditQuery: { pendingMs: 300, processingMs: 300 } } });
  // The status answer's `status` field renamed to `state`; every other answer passes unchanged.
  proxy = await startRewritingProxy(mock.url, (body, type, path) =>
    /\/v2\/export\/status\//.test(path) && /json/.test(type) ? body.replace('"status":', '"state":') : body,
  );
});
afterAll(async () => {
  await proxy?.close();
  await mock?.close();
});

describe('check', () => {
  it('passes against the mock and deletes the jobs its workflows created', async () => {
    const result = await runCli(
      ['check', 'audit-query', '--base-url', `${mock.url}/audit-query-service`, '--tenant', 'acme', '--format', 'json'],
      { env: auditQueryEnv() },
    );
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.workflows.map((w: { workflowId: string; passed: boolean }) => [w.workflowId, w.passed])).toEqual([
      ['exportToCompletion', true],
      ['cancelExport', true],
      ['resumeFailedExport', true],
    ]);
    expect(report.deviations).toEqual([]);
    expect(report.cleanup).toEqual([expect.stringMatching(/: deleted$/), expect.stringMatching(/: deleted$/)]);
    expect((await mock.jobs()).jobs.filter((job) => job.api === 'audit-query')).toEqual([]);
  });

  it('passes the Zoho workflow against the mock', async () => {
    const result = await runCli(['check', 'zoho', '--base-url', mock.url, '--from', '2d'], { env: zohoEnv() });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toContain('PASS exportAndDownload');
    expect(result.stdout).toContain('No deviations from the spec.');
  });

  it('reports a renamed field of the status answer as a deviation, and still cleans up', async () => {
    const result = await runCli(
      [
        'check',
        'audit-query',
        '--base-url',
        `${proxy.url}/audit-query-service`,
        '--tenant',
        'acme',
        '--format',
        'json',
      ],
      { env: auditQueryEnv(), timeoutMs: 120_000 },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.deviations).toContainEqual(
      expect.objectContaining({ operation: 'getExportJobStatus', status: 200, pointer: '/status', rule: 'required' }),
    );
    expect(report.deviations.every((d: { operation: string }) => d.operation === 'getExportJobStatus')).toBe(true);
    expect(report.workflows.some((w: { passed: boolean }) => !w.passed)).toBe(true);
    expect(result.stderr).toMatch(/does not keep the contract: \d+ deviation/);
    expect((await mock.jobs()).jobs.filter((job) => job.api === 'audit-query')).toEqual([]);
  }, 120_000);
});
