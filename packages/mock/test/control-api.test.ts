// The control API answers what its own OpenAPI document (spec/control/mock-control.json) says:
// every response of a scripted session is validated against the document's schema for it, and the
// body rules the routes apply (generated from the document) agree with the document's schemas.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MockClock } from '../src/control/clock.js';
import { createMockEngine } from '../src/engine.js';
import { controlFacts, validateControlBodies } from '../src/generated/control-bodies.gen.js';
import { auditHeaders, ManualClock } from './helpers.js';

const doc = JSON.parse(readFileSync(new URL('../../../spec/control/mock-control.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(doc, 'mock-control');

/** A local `$ref` resolved (responses are shared under components). */
const resolve = (node: { $ref?: string }) =>
  node.$ref
    ? node.$ref
        .slice(2)
        .split('/')
        .reduce((at: Record<string, unknown>, key) => at[key] as never, doc)
    : node;

/** Validates a response of `method path` against the document; returns the problems found. */
function check(method: string, path: string, status: number, body: unknown): string[] {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`the document has no ${method} ${path}`];
  const declared = operation.responses[String(status)] && resolve(operation.responses[String(status)]);
  if (!declared) return [`${method} ${path} does not declare ${status}`];
  const ref = declared.content['application/json'].schema.$ref as string;
  const validate = ajv.getSchema(`mock-control${ref}`);
  if (!validate) return [`cannot compile ${ref}`];
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath} ${e.message}`);
}

describe('the control API conforms to its OpenAPI document', () => {
  it('a scripted session: every response matches its declared schema', async () => {
    const clock = new ManualClock();
    const mock = createMockEngine({ seed: 3, config: { now: clock.now, limits: false } });
    await mock.fetch(
      new Request(
        'http://127.0.0.1/audit-query-service/v2/export?tenantId=acme&startTime=2026-11-24T08:00:00Z&endTime=2026-11-24T09:00:00Z',
        {
          headers: auditHeaders(),
        },
      ),
    );
    const json = { 'content-type': 'application/json' };
    const big = JSON.stringify({ faults: ' '.repeat(controlFacts.maxBodyBytes) });
    // [method, path, body, headers]: a body given as a string is sent as it is.
    const script: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', '/__mock/scenario'],
      ['PUT', '/__mock/scenario', { name: 'slow-job', seed: 5 }],
      ['PUT', '/__mock/scenario', { name: 'no-such-scenario' }],
      ['PUT', '/__mock/scenario', { name: ['slow-job'] }],
      ['GET', '/__mock/faults'],
      ['PUT', '/__mock/faults', { faults: 'latency=uniform:1:2;dribble=2:10' }],
      ['PUT', '/__mock/faults', { faults: 'latency=1e300' }],
      ['PUT', '/__mock/faults', big],
      ['PUT', '/__mock/faults', { faults: '' }],
      ['GET', '/__mock/clock'],
      ['POST', '/__mock/clock', { advanceMs: 60_000, clockFactor: 60 }],
      ['POST', '/__mock/clock', { clockFactor: 0 }],
      ['POST', '/__mock/clock', '{"advanceMs":1}', { 'content-type': 'text/plain' }],
      ['GET', '/__mock/jobs'],
      ['GET', '/__mock/jobs', undefined, { origin: 'http://evil.example' }],
      ['POST', '/__mock/reset', { everything: true }],
      ['POST', '/__mock/reset'],
    ];
    const problems: string[] = [];
    const statuses: number[] = [];
    for (const [method, path, body, headers] of script) {
      const res = await mock.fetch(
        new Request(`http://127.0.0.1${path}`, {
          method,
          headers: headers ?? (method === 'GET' ? {} : json),
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
      statuses.push(res.status);
      expect(res.headers.get('content-type')).toBe('application/json');
      problems.push(...check(method, path, res.status, await res.json()));
    }
    expect(problems).toEqual([]);
    expect(statuses).toEqual([200, 200, 400, 400, 200, 200, 400, 413, 200, 200, 200, 400, 415, 200, 403, 400, 200]);
  });

  it('every operation of the document is served (no route documented but missing)', async () => {
    const mock = createMockEngine({ config: { limits: false } });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        const init: RequestInit = { method: method.toUpperCase() };
        if (method !== 'get') init.headers = { 'content-type': 'application/json' };
        if (method === 'put') init.body = '{}';
        const res = await mock.fetch(new Request(`http://127.0.0.1${path}`, init));
        expect([200, 400], `${method} ${path}`).toContain(res.status);
      }
    }
  });

  it('takes a body on exactly the operations that change state, each required as the document says', () => {
    const changes = Object.entries(
      doc.paths as Record<string, Record<string, { operationId: string; requestBody?: { required?: boolean } }>>,
    )
      .flatMap(([, item]) => Object.entries(item).filter(([method]) => method !== 'get'))
      .map(([, op]) => [op.operationId, { required: op.requestBody?.required === true }] as const);
    expect(Object.fromEntries(changes)).toEqual(
      Object.fromEntries(Object.entries(controlFacts.operations).map(([id, op]) => [id, { required: op.required }])),
    );
  });
});

describe('the generated body rules agree with the document', () => {
  const bodySchemas = Object.fromEntries(
    Object.values(doc.paths as Record<string, Record<string, { operationId: string; requestBody?: unknown }>>)
      .flatMap((item) => Object.values(item))
      .filter((op) => op.requestBody)
      .map((op) => {
        const media = (op.requestBody as { content: Record<string, { schema: { $ref: string } }> }).content[
          'application/json'
        ];
        return [op.operationId, ajv.getSchema(`mock-control${media?.schema.$ref}`)];
      }),
  );

  it('accepts and refuses the same bodies as the document’s schemas (seeded, 300 bodies)', () => {
    const field = fc.constantFrom('name', 'seed', 'faults', 'advanceMs', 'clockFactor', 'toString', '__proto__');
    const value = fc.oneof(
      fc.constantFrom(
        'slow-job',
        'Happy',
        '',
        'latency=1',
        0,
        -1,
        1.5,
        86_400_000,
        86_400_001,
        10_000,
        1e300,
        null,
        true,
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.string({ maxLength: 8 }),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    );
    const body = fc.dictionary(field, value, { maxKeys: 3 });
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(bodySchemas)), body, (operation, candidate) => {
        const parsed = JSON.parse(JSON.stringify(candidate));
        const byDocument = (bodySchemas[operation] as (data: unknown) => boolean)(parsed);
        expect(validateControlBodies({ [operation]: parsed }), `${operation} ${JSON.stringify(parsed)}`).toBe(
          byDocument,
        );
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('bounds clockFactor as the mock’s clock does (config and control alike)', () => {
    const schema = doc.components.schemas.ClockChange.properties.clockFactor;
    for (const factor of [0, Number.MIN_VALUE, 1, schema.maximum, schema.maximum + 0.001, -1, Number.POSITIVE_INFINITY])
      expect(MockClock.validFactor(factor), String(factor)).toBe(
        validateControlBodies({ advanceClock: { clockFactor: factor } }),
      );
  });
});
