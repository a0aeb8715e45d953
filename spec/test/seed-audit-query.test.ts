// What the audit query seed implies beyond its tables: the answers of create and
// resume, the default result limit, tenancy and the audit role, and one time decision for all.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { filterParameters, queryFilters } from '../src/filters.ts';
import { type Doc, deref, fixtureJson, loadDist, operations, readFixture } from './helpers.ts';

const aq = loadDist('audit-query.json');
const samples = fixtureJson<Array<{ section: string; sample: string; value: Doc }>>('seed-000/json-samples.json');
const requests = fixtureJson<Array<{ section: string; method: string; url: string }>>('seed-000/requests.json');
const claims = fixtureJson('seed-000/api-token.claims.json');
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ ...aq, $id: 'aq' }, 'aq');
const schema = (name: string) => ajv.getSchema(`aq#/components/schemas/${name}`) as (v: unknown) => boolean;
const transitions = aq.components.schemas.JobState['x-transitions'] as Array<{
  from?: string;
  to?: string;
  operationId?: string;
}>;
const answers = (operationId: string) => transitions.filter((t) => t.operationId === operationId).map((t) => t.to);
const sample = (section: string) => samples.find((s) => s.section.startsWith(section) && !/error/.test(s.sample));

describe('what a create or resume answers (D15)', () => {
  it.each([
    ['createExportJob', 'Create a request'],
    ['resumeExportJob', 'Resume an existing job'],
  ])('%s may answer PENDING or PROCESSING, and the seed sample is one of them', (operationId, section) => {
    expect(new Set(answers(operationId))).toEqual(new Set(['PENDING', 'PROCESSING']));
    expect(answers(operationId)).toContain(sample(section)?.value.status);
  });

  it('resumes only from FAILED or CANCELLED, to either active state', () => {
    const resume = transitions.filter((t) => t.operationId === 'resumeExportJob');
    expect(new Set(resume.map((t) => t.from))).toEqual(new Set(['FAILED', 'CANCELLED']));
  });
});

describe('the default result limit (D16)', () => {
  it("is the seed status sample's params limit, with its source", () => {
    const params = JSON.parse(sample('Check the status')?.value.params as string);
    const limit = aq.components.schemas.ExportParams.properties.limit;
    expect(limit.default).toBe(params.limit);
    expect(limit['x-source']).toMatch(/Seed 000/);
    expect(aq['x-decisions'].find((d: Doc) => d.id === 'D16').decision).toContain(String(params.limit));
  });

  it('is no parameter of create, whose description (the docs) states it', () => {
    const create = aq.paths['/v2/export'].get;
    expect(create.parameters.map((p: Doc) => deref(aq, p).name)).not.toContain('limit');
    const limit = aq.components.schemas.ExportParams.properties.limit.default as number;
    expect(create.description).toContain(`default result limit of ${limit.toLocaleString('en-US')} events`);
  });
});

describe('credentials and tenancy (D17, D18)', () => {
  it('the fixture claims are the payload of the fixture token', () => {
    const token = readFixture('seed-000/api-token.jwt').trim();
    const payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
    expect(payload).toEqual(claims);
  });

  it("the token's company is no tenantId of the seed's requests", () => {
    const tenants = requests.map((r) => new URL(r.url).searchParams.get('tenantId')).filter(Boolean);
    expect(tenants).toEqual(['tenant-364', '123302']);
    expect(tenants).not.toContain(claims.company);
  });

  it("recognises the audit role by one of the seed token's role ids, which carry no name", () => {
    const scheme = aq.components.securitySchemes.medalliaOpenId;
    const ids = claims.roles.map((r: Doc) => r.id);
    expect(claims.roles.every((r: Doc) => !('name' in r))).toBe(true);
    expect(scheme['x-required-role-ids'].some((id: string) => ids.includes(id))).toBe(true);
  });

  it('lists exp among the claims the api_token carries', () => {
    expect(aq.components.securitySchemes.apiToken['x-jwt-claims']).toContain('exp');
    expect(typeof claims.exp).toBe('number');
  });
});

describe("the seed's requests against the spec", () => {
  const create = operations(aq).find(([, , o]) => o.operationId === 'createExportJob')?.[2] as Doc;
  const params = create.parameters.map((p: Doc) => deref(aq, p));
  const creates = requests.filter((r) => new URL(r.url).pathname.endsWith('/v2/export'));

  it.each(creates.map((r) => [r.url, r] as const))('%s has valid parameters', (_, r) => {
    const query = new URL(r.url).searchParams;
    for (const p of params) {
      const value = query.get(p.name);
      if (value === null) {
        expect(p.required, `${p.name} is required`).not.toBe(true);
        continue;
      }
      const validate = ajv.compile({ ...deref(aq, p.schema), components: aq.components });
      expect(validate(value), `${p.name}=${value}`).toBe(true);
    }
  });
});

describe('every time follows decision D1, error timestamps too', () => {
  it('SpringError.timestamp is an AuditDateTime', () => {
    expect(aq.components.schemas.SpringError.properties.timestamp.$ref).toBe('#/components/schemas/AuditDateTime');
  });

  it.each(samples.filter((s) => 'timestamp' in s.value).map((s) => [s.sample, s.value.timestamp] as const))(
    'the seed error sample timestamp %s (%s) is valid',
    (_, timestamp) => {
      expect(schema('AuditDateTime')(timestamp)).toBe(true);
    },
  );

  it.each(['2024-01-01 11:30:00-0800', '2024-10-14T17:18:45.909+00:00'])('error timestamp %s is valid', (t) => {
    expect(schema('SpringError')({ timestamp: t, status: 400, error: 'Bad Request', path: '/v2/export' })).toBe(true);
  });

  it('refuses a timestamp in neither form', () => {
    expect(schema('SpringError')({ timestamp: '14/10/2024', status: 400, error: 'Bad Request', path: '/' })).toBe(
      false,
    );
  });
});

describe('the create filters name the event field they filter on (D20)', () => {
  const filters = queryFilters(aq, 'createExportJob');
  const event = aq.components.schemas.AuditEvent;
  const seedFilters = fixtureJson<Array<{ name: string }>>('seed-000/create-parameters.json')
    .map((p) => p.name)
    .filter((name) => name.startsWith('f.'));

  it('every f.* parameter of the seed is a filter, each on a field of AuditEvent', () => {
    expect(filters.flatMap(filterParameters)).toEqual(seedFilters);
    for (const filter of filters) expect(Object.keys(event.properties)).toContain(filter.field);
  });

  it('a value filter compares a string field; the correlated pair an object field', () => {
    for (const filter of filters)
      expect(deref(aq, event.properties[filter.field]).type).toBe(filter.match === 'pairs' ? 'object' : 'string');
    expect(filters.find((f) => f.field === 'attributes')).toMatchObject({ names: 'f.attrName', values: 'f.attrVal' });
  });

  it('the application filter matches the last dotted part, as the seed example (express) and lines (com.medallia.express) imply', () => {
    const application = filters.find((f) => f.field === 'application');
    expect(application).toMatchObject({ match: 'last-dotted-part', parameter: 'f.application' });
    const lines = readFixture('seed-000/result.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const parameters = aq.paths['/v2/export'].get.parameters.map((p: Doc) => deref(aq, p));
    const example = parameters.find((p: Doc) => p.name === 'f.application').example;
    expect(example).toBe('express');
    expect(lines.every((line) => line.application.split('.').pop() === example)).toBe(true);
    expect(aq['x-decisions'].find((d: Doc) => d.id === 'D20').decision).toContain('x-filter');
  });
});
