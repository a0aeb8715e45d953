// The build side of Try it: the operation models and compiled validators read from spec/dist, the
// Arazzo workflows and the values they feed; and the page's pure parts (requests, criteria, CSV).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SpecNode } from '@audit-export/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '../src/spec-inputs.js';
import { exampleClock, parseExampleDate } from '../src/try-it/example-clock.js';
import type { ApiModel } from '../src/try-it/model.js';
import { buildOperationModels } from '../src/try-it/operation-model.js';
import { compileValidatorModule, SchemaRegistry } from '../src/try-it/schema-registry.js';
import { buildWorkflowModels, feedsOf, readArazzoFiles } from '../src/try-it/workflow-model.js';
import { csvRows } from '../try-it/answer.js';
import { evaluate, holds, interpolate, type RunState } from '../try-it/arazzo-runner.js';
import { checkValues, matchPath, prepareRequest } from '../try-it/request.js';
import type { Validator } from '../try-it/validators.js';
import { DOCS_DIR, SPEC_DIST, spec } from './spec-dist.js';

const ARAZZO_DIR = join(SPEC_DIST, '..', 'arazzo');
const scratch = mkdtempSync(join(tmpdir(), 'docs-try-it-'));
const models = new Map<string, ApiModel>();
const validators = new Map<string, Record<string, Validator>>();

beforeAll(async () => {
  for (const api of spec.apis) {
    const registry = new SchemaRegistry();
    const operations = buildOperationModels(api.id, api.document as never, registry);
    models.set(api.id, { id: api.id, title: api.document.info.title, operations, feeds: [] });
    const code = await compileValidatorModule(
      api.id,
      api.document as never,
      registry,
      DOCS_DIR,
      'export const model = {};',
    );
    const file = join(scratch, `${api.id}.mjs`);
    writeFileSync(file, code);
    const { model: _model, ...compiled } = (await import(pathToFileURL(file).href)) as Record<string, Validator>;
    validators.set(api.id, compiled);
  }
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function operation(apiId: string, operationId: string) {
  const found = models.get(apiId)?.operations.find((candidate) => candidate.operationId === operationId);
  if (!found) throw new Error(`${apiId} has no ${operationId}`);
  return found;
}

describe('operation models', () => {
  it('model every operation of every bundled API, in document order', () => {
    for (const api of spec.apis) {
      expect(models.get(api.id)?.operations.map((o) => o.operationId)).toEqual(
        listOperations(api.document).map((o) => o.operationId),
      );
    }
  });

  it('ask for the credentials each security scheme names, with the header and prefix it is sent with', () => {
    const audit = operation('audit-query', 'createExportJob').credentials.map((c) => [c.kind, c.header, c.prefix]);
    expect(audit).toEqual([
      ['bearer', 'Authorization', 'Bearer '],
      ['header', 'api_token', ''],
    ]);
    expect(operation('zoho', 'createAuditLogExportJob').credentials.map((c) => [c.header, c.prefix])).toEqual([
      ['Authorization', 'Zoho-oauthtoken '],
    ]);
    const resource = operation('audit-resource', 'getAuditLog');
    expect(resource.credentials.map((c) => c.kind)).toEqual(['basic']);
    expect(resource.credentialNotes.join(' ')).toContain('JSESSIONID');
  });

  it('refuse an API key in Authorization whose description does not show its prefix', () => {
    const broken = structuredClone(spec.apis.find((api) => api.id === 'zoho')?.document) as unknown as SpecNode;
    broken.components.securitySchemes.zohoOAuthToken.description = 'The OAuth access token.';
    expect(() => buildOperationModels('zoho', broken, new SchemaRegistry())).toThrow(
      expect.objectContaining({ code: 'TRY_IT_SPEC_UNSUPPORTED' }),
    );
  });

  it('compile validators that accept every example of the spec and refuse a value its schema refuses', () => {
    for (const api of spec.apis) {
      const compiled = validators.get(api.id) as Record<string, Validator>;
      for (const model of models.get(api.id)?.operations ?? []) {
        for (const parameter of model.parameters.filter((p) => p.example !== '')) {
          expect(
            checkValues(
              { ...model, body: undefined } as never,
              { [`${parameter.in}:${parameter.name}`]: parameter.example },
              compiled,
            ).filter((p) => p.field === `${parameter.in}:${parameter.name}`),
            `${model.operationId} ${parameter.name}`,
          ).toEqual([]);
        }
        for (const example of model.body?.examples ?? []) {
          expect(
            compiled[model.body?.validator as string]?.(JSON.parse(example.value)),
            `${model.operationId} ${example.name}`,
          ).toBe(true);
        }
      }
    }
    const status = operation('audit-query', 'getExportJobStatus');
    const problems = checkValues(
      status,
      { 'path:jobId': 'not-a-uuid' },
      validators.get('audit-query') as Record<string, Validator>,
    );
    expect(problems).toEqual([{ field: 'path:jobId', message: expect.stringMatching(/^jobId: must match pattern/) }]);
  });

  it('check a JSON Lines result line by line against x-jsonl-item-schema, and XML by the schema its contentSchema names', () => {
    const result = operation('audit-query', 'getExportJobResult').responses.find((r) => r.status === '200');
    expect(result?.contents).toEqual([
      expect.objectContaining({ type: 'application/jsonl', kind: 'jsonl', validator: expect.any(String) }),
    ]);
    const xml = operation('audit-resource', 'getAuditLog')
      .responses.find((r) => r.status === '200')
      ?.contents.find((c) => c.kind === 'xml');
    expect(xml?.xml).toMatchObject({
      name: 'auditResult',
      type: 'object',
      properties: { audit: { type: 'array', wrapped: false, items: { name: 'audit' } } },
    });
  });

  it('start the in-page mock the day after the newest example date', () => {
    expect(parseExampleDate('2024-09-16T05:00:00z')).toBe(Date.UTC(2024, 8, 16, 5));
    expect(parseExampleDate('2024-01-01 11:30:00-0800')).toBe(Date.UTC(2024, 0, 1, 19, 30));
    expect(parseExampleDate('12/30/2015')).toBe(Date.UTC(2015, 11, 30));
    expect(parseExampleDate('security')).toBeUndefined();
    expect(exampleClock(models.get('audit-query')?.operations ?? [])).toBe('2024-09-17T00:00:00Z');
  });
});

describe('workflows', () => {
  const apis = () => [...models.values()];

  it('read every Arazzo workflow with its steps tied to an operation, and start inputs from the examples they feed', () => {
    const workflows = buildWorkflowModels(readArazzoFiles(ARAZZO_DIR), apis());
    expect(workflows.map((w) => w.workflowId)).toEqual([
      'exportToCompletion',
      'cancelExport',
      'resumeFailedExport',
      'exportAndDownload',
    ]);
    const resume = workflows.find((w) => w.workflowId === 'resumeFailedExport');
    const input = (name: string) => resume?.inputs.find((i) => i.name === name);
    expect(input('tenantId')?.example).toBe(operation('audit-query', 'createExportJob').parameters[0]?.example);
    expect(input('mockFault')?.example).toBe('fail-job');
    expect(input('accessToken')).toMatchObject({ secret: true, example: '' });
    const zoho = workflows.find((w) => w.workflowId === 'exportAndDownload');
    expect(zoho?.inputs.find((i) => i.name === 'from')?.example).toBe('2024-01-13T00:00:00+05:30');
    expect(zoho?.steps.at(-1)).toMatchObject({ url: '$steps.pollJob.outputs.link', method: 'get' });
  });

  it('give the values one answer passes to another call (a job id into the next path)', () => {
    const workflows = buildWorkflowModels(readArazzoFiles(ARAZZO_DIR), apis());
    expect(feedsOf(workflows, 'audit-query')).toContainEqual({
      from: 'createExportJob',
      pointer: '/jobId',
      to: 'getExportJobStatus',
      parameter: 'jobId',
    });
    expect(feedsOf(workflows, 'zoho')).toContainEqual({
      from: 'createAuditLogExportJob',
      pointer: '/audit_log_export/0/details/id',
      to: 'getAuditLogExportJob',
      parameter: 'export_job_id',
    });
  });

  it('refuse a workflow whose source is no API of spec/dist', () => {
    const files = readArazzoFiles(ARAZZO_DIR).map((file) => structuredClone(file));
    (files[0]?.document.sourceDescriptions as { url: string }[])[0] = { url: '../dist/elsewhere.json' } as never;
    expect(() => buildWorkflowModels(files, apis())).toThrow(expect.objectContaining({ code: 'ARAZZO_INVALID' }));
  });

  it('has no walkthroughs, and no error, when the Arazzo folder is absent (the site builds from spec/dist alone)', () => {
    expect(readArazzoFiles(join(scratch, 'no-arazzo'))).toEqual([]);
  });
});

describe('the page side', () => {
  it('evaluates runtime expressions and criteria as Arazzo defines them', () => {
    const state: RunState = {
      inputs: { accessToken: 't0k', tenantId: '123302' },
      outputs: { createJob: { jobId: 'j-1' } },
      answer: {
        status: 200,
        json: { status: 'COMPLETED', items: [{ id: 7 }] },
        headers: [['Retry-After', '2']],
      } as never,
    };
    expect(interpolate('Bearer {$inputs.accessToken}', state)).toBe('Bearer t0k');
    expect(interpolate({ value: ['$inputs.tenantId', 'x'] }, state)).toEqual({ value: ['123302', 'x'] });
    expect(evaluate('$steps.createJob.outputs.jobId', state)).toBe('j-1');
    expect(evaluate('$response.body#/items/0/id', state)).toBe(7);
    expect(evaluate('$response.header.retry-after', state)).toBe('2');
    expect(holds({ condition: '$statusCode == 200', type: 'simple' }, state)).toBe(true);
    expect(holds({ condition: "$response.body#/status == 'COMPLETED'", type: 'simple' }, state)).toBe(true);
    expect(holds({ condition: '$statusCode == 429', type: 'simple' }, state)).toBe(false);
    expect(
      holds({ condition: '^(PENDING|PROCESSING)$', context: '$response.body#/status', type: 'regex' }, state),
    ).toBe(false);
    expect(() => evaluate('$url', state)).toThrow(expect.objectContaining({ code: 'WORKFLOW_FAILED' }));
  });

  it('builds the request from the values and refuses one the spec refuses, naming it', () => {
    const create = operation('audit-query', 'createExportJob');
    const compiled = validators.get('audit-query') as Record<string, Validator>;
    const request = prepareRequest(
      create,
      'http://127.0.0.1:9/audit-query-service',
      { 'query:tenantId': 'acme', 'query:startTime': '2026-11-20T00:00:00Z', 'query:endTime': '2026-11-21T00:00:00Z' },
      compiled,
    );
    expect(request).toEqual({
      method: 'GET',
      url: 'http://127.0.0.1:9/audit-query-service/v2/export?tenantId=acme&startTime=2026-11-20T00%3A00%3A00Z&endTime=2026-11-21T00%3A00%3A00Z',
      headers: {},
    });
    expect(() =>
      prepareRequest(create, 'http://x', { 'query:tenantId': 'acme', 'query:startTime': 'yesterday' }, compiled),
    ).toThrow(
      expect.objectContaining({
        code: 'VALUE_REFUSED',
        message: expect.stringMatching(/startTime: .*endTime is required/s),
      }),
    );
  });

  it('reads the parameters of an operation back from a link to it', () => {
    const download = operation('zoho', 'downloadAuditLogExportFile');
    expect(
      matchPath(download, 'http://127.0.0.1:9', 'http://127.0.0.1:9/v2/crm/15515278/auditlog/42/AuditLog_001.csv'),
    ).toEqual({
      'path:version': 'v2',
      'path:org_id': '15515278',
      'path:job_id': '42',
      'path:file': 'AuditLog_001.csv',
    });
    expect(matchPath(download, 'http://127.0.0.1:9', 'http://other:9/v2/crm/1/auditlog/2/a.csv')).toBeUndefined();
  });

  it('reads CSV rows with quoted commas, quotes and line breaks', () => {
    expect(csvRows('a,b\n"x, y","say ""hi"""\n"multi\nline",z\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', 'z'],
    ]);
  });
});
