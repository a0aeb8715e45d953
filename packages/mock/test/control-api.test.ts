// The control API answers what its own OpenAPI document (spec/control/mock-control.json) says:
// every response of a scripted session is validated against the document's schema for it.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createMockEngine } from '../src/engine.js';
import { auditHeaders, ManualClock } from './helpers.js';

const doc = JSON.parse(readFileSync(new URL('../../../spec/control/mock-control.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(doc, 'mock-control');

/** Validates a response of `method path` against the document; returns the problems found. */
function check(method: string, path: string, status: number, body: unknown): string[] {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`the document has no ${method} ${path}`];
  const declared = operation.responses[String(status)];
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
        'http://mock.test/audit-query-service/v2/export?tenantId=acme&startTime=2026-11-24T08:00:00Z&endTime=2026-11-24T09:00:00Z',
        {
          headers: auditHeaders(),
        },
      ),
    );
    const script: [string, string, unknown?][] = [
      ['GET', '/__mock/scenario'],
      ['PUT', '/__mock/scenario', { name: 'slow-job', seed: 5 }],
      ['PUT', '/__mock/scenario', { name: 'no-such-scenario' }],
      ['GET', '/__mock/faults'],
      ['PUT', '/__mock/faults', { faults: 'latency=uniform:1:2;dribble=2:10' }],
      ['PUT', '/__mock/faults', { faults: 'latency=1e300' }],
      ['PUT', '/__mock/faults', { faults: '' }],
      ['GET', '/__mock/clock'],
      ['POST', '/__mock/clock', { advanceMs: 60_000, clockFactor: 60 }],
      ['POST', '/__mock/clock', { clockFactor: 0 }],
      ['GET', '/__mock/jobs'],
      ['POST', '/__mock/reset'],
    ];
    const problems: string[] = [];
    const statuses: number[] = [];
    for (const [method, path, body] of script) {
      const res = await mock.fetch(
        new Request(`http://mock.test${path}`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      statuses.push(res.status);
      expect(res.headers.get('content-type')).toBe('application/json');
      problems.push(...check(method, path, res.status, await res.json()));
    }
    expect(problems).toEqual([]);
    expect(statuses).toEqual([200, 200, 400, 200, 200, 400, 200, 200, 200, 400, 200, 200]);
  });

  it('every operation of the document is served (no route documented but missing)', async () => {
    const mock = createMockEngine({ config: { limits: false } });
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        const init: RequestInit = { method: method.toUpperCase() };
        if (method === 'put') init.body = '{}';
        const res = await mock.fetch(new Request(`http://mock.test${path}`, init));
        expect([200, 400], `${method} ${path}`).toContain(res.status);
      }
    }
  });
});
