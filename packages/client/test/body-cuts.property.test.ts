import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditQueryClient, type RetryEvent } from '../src/audit-query.js';
import { createAuditResourceClient } from '../src/audit-resource.js';
import { AuditExportError } from '../src/core/errors.js';
import { RETRYABLE_STATUSES } from '../src/core/retry.js';
import { createZohoClient } from '../src/zoho.js';
import {
  type Answer,
  type Delivery,
  deliveryArbitrary,
  type Fault,
  faultArbitrary,
  sendAnswer,
  WHOLE,
} from './helpers/cutting-server.js';
import { collect, PERIOD } from './helpers/mock.js';
import { fakeClock, startServer } from './helpers/server.js';

// Every answer the spec documents for an operation that is not a streamed download's 2xx (statuses, lists,
// follow-ups, creates, the audit resource's JSON and XML, every error body: the spec's own examples),
// served by a real loopback server whose answers lose their body's end: cut at any byte, garbled, or with
// broken chunk framing. Each call either gives exactly what it gives for the whole answer (after retries),
// or a typed error with the right code; a create is never sent twice once its outcome is unknown.

const SEED = 230_002;
const RUNS = 12;
const MAX_RETRIES = 3;

type Spec = { paths: Record<string, Record<string, Operation>> };
type Operation = {
  operationId: string;
  responses?: Record<string, { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }>;
};
const require = createRequire(import.meta.url);
const specs: Record<string, Spec> = {
  'audit-query': require('@audit-export/spec/audit-query.deref.json'),
  zoho: require('@audit-export/spec/zoho.deref.json'),
  'audit-resource': require('@audit-export/spec/audit-resource.deref.json'),
};

/** The `value` of example `name` of an operation's answer. */
function example(api: string, path: string, status: string, type: string, name: string): unknown {
  const examples = specs[api]?.paths[path]?.get?.responses?.[status]?.content?.[type]?.examples ?? {};
  return examples[name]?.value;
}
const JOB = (example('audit-query', '/v2/export', '200', 'application/json', 'created') as { jobId: string }).jobId;
const STATUS = example('audit-query', '/v2/export/status/{jobId}', '200', 'application/json', 'completed');
const ZOHO_JOB = (
  example('zoho', '/crm/{version}/settings/audit_log_export/{export_job_id}', '200', 'application/json', 'job') as {
    audit_log_export: Array<{ id: string }>;
  }
).audit_log_export[0]?.id as string;

type Clients = ReturnType<typeof clientsFor>;
/** Reads `keys` down a parsed JSON answer. */
const at =
  (...keys: Array<string | number>) =>
  (body: unknown): unknown =>
    keys.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], body);
const itself = (body: unknown) => body;
/** Each operation's call, and what a 2xx answer's example becomes (the client's return value). */
const calls: Record<
  string,
  { call: (clients: Clients, variant: string, url: string) => Promise<unknown>; pick?: (body: unknown) => unknown }
> = {
  createExportJob: { call: (c) => c.auditQuery.createExport(PERIOD), pick: itself },
  getExportJobStatus: { call: (c) => c.auditQuery.getJob(JOB), pick: itself },
  getExportJobResult: { call: (c) => collect(c.auditQuery.streamResult(JOB)) },
  cancelExportJob: { call: (c) => c.auditQuery.cancelJob(JOB), pick: itself },
  resumeExportJob: { call: (c) => c.auditQuery.resumeJob(JOB), pick: itself },
  deleteExportJob: { call: (c) => c.auditQuery.deleteJob(JOB), pick: itself },
  createAuditLogExportJob: { call: (c) => c.zoho.createExport(), pick: at('audit_log_export', 0, 'details', 'id') },
  listAuditLogExportJobs: { call: (c) => c.zoho.listJobs(), pick: at('audit_log_export') },
  getAuditLogExportJob: { call: (c) => c.zoho.getJob(ZOHO_JOB), pick: at('audit_log_export', 0) },
  downloadAuditLogExportFile: {
    call: (c, _variant, url) => collect(c.zoho.download(`${url}/v7/crm/org1/auditlog/${ZOHO_JOB}/AuditLog_001.csv`)),
  },
  getAuditLog: {
    call: (c, variant) => (variant === 'xml' ? c.resource.listAuditsXml() : c.resource.listAudits()),
    pick: (body) => (typeof body === 'string' ? body : at('audit')(body)),
  },
};
const STREAMED = new Set(['getExportJobResult', 'downloadAuditLogExportFile']);
const CREATES = new Set(['createExportJob', 'createAuditLogExportJob']);

/** One documented answer of one operation, and how the client is asked for it. */
interface Case {
  operationId: string;
  answer: Answer;
  example: unknown;
  variant: string;
  name: string;
}

/** Every documented answer (each example of each status and type), but the streamed 2xx and the retried statuses. */
function documentedAnswers(): Case[] {
  const cases: Case[] = [];
  for (const spec of Object.values(specs)) {
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item)) {
        // Path items also hold `parameters` and `servers`: only operations have responses.
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          const code = Number(status);
          // A 429/502/503/504 is retried (or not) by status, before its body is read: retry.test.ts covers that.
          if (RETRYABLE_STATUSES.has(code) || (code < 300 && STREAMED.has(operation.operationId))) continue;
          for (const [type, content] of Object.entries(response.content ?? {})) {
            for (const [name, { value }] of Object.entries(content.examples ?? {})) {
              const body = typeof value === 'string' ? value : JSON.stringify(value);
              const variants =
                operation.operationId !== 'getAuditLog'
                  ? ['']
                  : code < 300
                    ? [type.endsWith('xml') ? 'xml' : 'json']
                    : ['json', 'xml'];
              for (const variant of variants) {
                cases.push({
                  operationId: operation.operationId,
                  answer: { status: code, contentType: type, body },
                  example: value,
                  variant,
                  name: `${operation.operationId} ${status} ${type} ${name}${variant ? ` (${variant})` : ''}`,
                });
              }
            }
          }
        }
      }
    }
  }
  return cases;
}

/** Which operation a request is for (the server's routing), from its method and path. */
function operationOf(method: string, path: string): string {
  if (path === '/audit') return 'getAuditLog';
  if (/^\/v7\/crm\/[^/]+\/auditlog\//.test(path)) return 'downloadAuditLogExportFile';
  if (/^\/crm\/v7\/settings\/audit_log_export\/[^/]+$/.test(path)) return 'getAuditLogExportJob';
  if (path === '/crm/v7/settings/audit_log_export') {
    return method === 'POST' ? 'createAuditLogExportJob' : 'listAuditLogExportJobs';
  }
  if (path === '/v2/export') return 'createExportJob';
  for (const [part, id] of [
    ['status', 'getExportJobStatus'],
    ['result', 'getExportJobResult'],
    ['cancel', 'cancelExportJob'],
    ['resume', 'resumeExportJob'],
  ] as const) {
    if (path.startsWith(`/v2/export/${part}/`)) return id;
  }
  return method === 'DELETE' ? 'deleteExportJob' : 'unknown';
}

/** What the server does now: the case under test, its faults (one per request of its operation) and framing. */
let script: { case: Case; faults: readonly Fault[]; delivery: Delivery; body?: Uint8Array } | undefined;
let seen = 0;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res) => {
    const operation = operationOf(req.method, new URL(req.url, 'http://x').pathname);
    if (script && operation === script.case.operationId) {
      const fault = script.faults[seen++];
      const answer = script.body ? { ...script.case.answer, body: script.body } : script.case.answer;
      void sendAnswer(res, answer, script.delivery, fault);
    } else if (operation === 'getExportJobStatus') {
      // The status a follow-up reads after an ambiguous retry: COMPLETED, where none of them leads.
      void sendAnswer(res, { status: 200, contentType: 'application/json', body: JSON.stringify(STATUS) }, WHOLE);
    } else {
      void sendAnswer(
        res,
        { status: 418, contentType: 'text/plain', body: `unscripted ${req.method} ${req.url}` },
        WHOLE,
      );
    }
  });
});
afterAll(() => server.close());

function clientsFor(url: string, retries: RetryEvent[]) {
  const common = { rateLimit: false, clock: fakeClock(), onRetry: (event: RetryEvent) => retries.push(event) } as const;
  return {
    auditQuery: createAuditQueryClient({ baseUrl: url, auth: { accessToken: 'at-1', apiToken: 'it-1' }, ...common }),
    zoho: createZohoClient({ baseUrl: url, auth: { accessToken: 'zt-1' }, ...common }),
    resource: createAuditResourceClient({ baseUrl: url, auth: { username: 'u', password: 'p' }, ...common }),
  };
}

type Outcome = { value: unknown } | { error: { name: string; code: string; status: number | undefined } };

/** Runs the case's call with `faults` on its operation's requests; the outcome, requests and retries it took. */
async function run(testCase: Case, faults: readonly Fault[], delivery: Delivery, body?: Uint8Array) {
  script = { case: testCase, faults, delivery, ...(body ? { body } : {}) };
  seen = 0;
  const retries: RetryEvent[] = [];
  const entry = calls[testCase.operationId];
  if (!entry) throw new Error(`no call for ${testCase.operationId}: add the new operation to this test`);
  let outcome: Outcome;
  try {
    outcome = { value: await entry.call(clientsFor(server.url, retries), testCase.variant, server.url) };
  } catch (error) {
    // The property's core: whatever the server did, only this package's typed errors come out.
    expect(error, String(error)).toBeInstanceOf(AuditExportError);
    const { name, code, status } = error as AuditExportError;
    outcome = { error: { name, code, status } };
  } finally {
    script = undefined;
  }
  return { outcome, requests: seen, retries };
}

const cases = documentedAnswers();

describe('a JSON (or XML, or error) answer whose body breaks off (property)', () => {
  it('covers every operation of the three clients', () => {
    expect(new Set(cases.map((c) => c.operationId))).toEqual(new Set(Object.keys(calls)));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const whole = await run(testCase, [], WHOLE);
    expect(whole.requests).toBe(1);
    const pick = calls[testCase.operationId]?.pick;
    if (testCase.answer.status < 300) expect(whole.outcome).toEqual({ value: pick?.(testCase.example) });
    else if ('error' in whole.outcome) expect(whole.outcome.error.status).toBe(testCase.answer.status);
    // Zoho's NO_CONTENT (no job scheduled yet) is an empty list, the one error answer that is not an error.
    else expect([testCase.operationId, whole.outcome]).toEqual(['listAuditLogExportJobs', { value: [] }]);
    const create = CREATES.has(testCase.operationId);
    await fc.assert(
      fc.asyncProperty(
        fc.array(faultArbitrary, { maxLength: MAX_RETRIES + 2 }),
        deliveryArbitrary,
        async (faults, delivery) => {
          const { outcome, requests, retries } = await run(testCase, faults, delivery);
          const network = retries.filter((event) => event.reason === 'network').length;
          if (faults.length === 0) {
            expect(outcome).toEqual(whole.outcome);
            expect(requests).toBe(1);
          } else if (create) {
            // The server answered, so it may have created the job: no second request, and the caller is told.
            expect(outcome).toEqual({
              error: { name: 'NetworkError', code: 'CREATE_OUTCOME_UNKNOWN', status: testCase.answer.status },
            });
            expect(requests).toBe(1);
            expect(network).toBe(0);
          } else if (faults.length <= MAX_RETRIES) {
            expect(outcome).toEqual(whole.outcome);
            expect(requests).toBe(faults.length + 1);
            expect(network).toBe(faults.length);
          } else {
            expect(outcome).toEqual({
              error: { name: 'NetworkError', code: 'NETWORK', status: testCase.answer.status },
            });
            expect(requests).toBe(MAX_RETRIES + 1);
            expect(network).toBe(MAX_RETRIES);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** Whole answers of wrong bytes: JSON of another shape, text, noise, or the example with one byte changed. */
function wrongBodies(example: string): fc.Arbitrary<Uint8Array> {
  const bytes = new TextEncoder().encode(example);
  return fc.oneof(
    fc.jsonValue().map((value) => new TextEncoder().encode(JSON.stringify(value))),
    fc.string({ maxLength: 64 }).map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 256 }),
    fc.record({ at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }).map(({ at, bits }) => {
      const out = bytes.slice();
      const index = at % Math.max(1, out.length);
      out[index] = (out[index] ?? 0) ^ bits;
      return out;
    }),
  );
}

describe('a whole answer whose bytes are wrong (property)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const example = typeof testCase.answer.body === 'string' ? testCase.answer.body : '';
    await fc.assert(
      fc.asyncProperty(wrongBodies(example), deliveryArbitrary, async (body, delivery) => {
        // Nothing to retry (the answer arrived whole) and nothing but a value or a typed error (checked in run).
        const { requests, retries } = await run(testCase, [], delivery, body);
        expect(requests).toBe(1);
        expect(retries).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
