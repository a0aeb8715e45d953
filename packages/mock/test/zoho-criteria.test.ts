// The create body as the vendor documents it: the vendor's samples are accepted and select the
// matching entries; malformed variants get the vendor's codes (from the spec's x-violation-codes),
// directly and through Prism's validation proxy (`--errors`), which finds no violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type PrismServer, startPrism } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, mintZohoToken } from '../src/index.js';
import { type ManualClock, startMock } from './helpers.js';

const require = createRequire(import.meta.url);
const spec = require.resolve('@audit-export/spec/zoho.json');
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../spec/test/fixtures/zoho/${name}.json`, import.meta.url), 'utf8'));
const S = '/crm/v7/settings/audit_log_export';
const headers = (token = mintZohoToken()) => ({
  authorization: `Zoho-oauthtoken ${token}`,
  'content-type': 'application/json',
});
const cond = (field: string, comparator: string, value: unknown) => ({ comparator, field: { api_name: field }, value });
const week = cond('audited_time', 'between', ['2026-11-01T00:00:00+05:30', '2026-11-07T23:59:59+05:30']);
const body = (criteria: unknown) => ({ audit_log_export: [{ criteria }] });

/** Malformed variants of the vendor's samples and the code the vendor answers (the spec's mapping). */
const malformed: Array<[string, unknown, string]> = [
  ['two exports in one body', { audit_log_export: [{ criteria: week }, { criteria: week }] }, 'LIMIT_EXCEEDED'],
  ['no export in the body', { audit_log_export: [] }, 'MANDATORY_NOT_FOUND'],
  ['an export without criteria', { audit_log_export: [{}] }, 'MANDATORY_NOT_FOUND'],
  [
    'a group of three',
    body({
      group_operator: 'and',
      group: [week, cond('action', 'equal', 'added'), cond('action', 'equal', 'deleted')],
    }),
    'LIMIT_EXCEEDED',
  ],
  [
    'group_operator or',
    body({ group_operator: 'or', group: [week, cond('action', 'equal', 'added')] }),
    'INVALID_DATA',
  ],
  [
    'group without group_operator',
    body({ group: [week, cond('action', 'equal', 'added')] }),
    'DEPENDENT_FIELD_MISSING',
  ],
  ['group_operator without group', body({ group_operator: 'and' }), 'DEPENDENT_FIELD_MISSING'],
  ['action between', body(cond('action', 'between', ['added', 'deleted'])), 'INVALID_DATA'],
  ['an action the vendor does not list', body(cond('action', 'equal', 'created')), 'INVALID_DATA'],
  ['in with a single value', body(cond('action', 'in', 'added')), 'DEPENDENT_MISMATCH'],
  ['a field without api_name', body({ comparator: 'equal', field: {}, value: 'added' }), 'EXPECTED_FIELD_MISSING'],
  ['a condition without value', body({ comparator: 'equal', field: { api_name: 'action' } }), 'MANDATORY_NOT_FOUND'],
  ['a user without id', body(cond('done_by', 'in', [{ name: 'Boyle' }])), 'MANDATORY_NOT_FOUND'],
  [
    'an audited_time range over 180 days',
    body(cond('audited_time', 'between', ['2026-01-01T00:00:00Z', '2026-07-01T00:00:01Z'])),
    'INVALID_DATA',
  ],
  [
    'an audited_time range that ends before it starts',
    body(cond('audited_time', 'between', ['2026-11-07T00:00:00Z', '2026-11-01T00:00:00Z'])),
    'INVALID_DATA',
  ],
];

let mock: MockServer;
let clock: ManualClock;
let strict: PrismServer;

beforeAll(async () => {
  ({ server: mock, clock } = await startMock({ zoho: { scheduledMs: 100, progressMs: 100, entriesPerHour: 6 } }));
  strict = await startPrism({ mode: 'proxy', spec, upstream: mock.url });
}, 90_000);
afterAll(async () => {
  await strict?.close();
  await mock?.close();
});

async function post(base: string, payload: unknown, init: { headers?: Record<string, string>; path?: string } = {}) {
  const res = await fetch(`${base}${init.path ?? S}`, {
    method: 'POST',
    headers: init.headers ?? headers(),
    body: JSON.stringify(payload),
  });
  return {
    status: res.status,
    json: (await res.json()) as { code?: string; audit_log_export?: Array<{ details: { id: string } }> },
  };
}

/** The CSV rows (time, done by, action, module) of a finished job. */
async function rows(id: string | undefined): Promise<string[][]> {
  clock.advance(1000);
  const job = await (await fetch(`${mock.url}${S}/${id}`, { headers: headers() })).json();
  const link = job.audit_log_export[0].download_links[0] as string;
  const csv = await (await fetch(link, { headers: headers() })).text();
  return csv
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.split(',').slice(0, 4));
}

describe('the vendor samples', () => {
  it('single filter: accepted, and every entry lies in the range', async () => {
    const res = await post(mock.url, fixture('create-single-filter'));
    expect(res.status).toBe(201);
    const found = await rows(res.json.audit_log_export?.[0]?.details.id);
    expect(found.length).toBeGreaterThan(0);
    for (const [time] of found)
      expect(Date.parse(time as string)).toBeLessThanOrEqual(Date.parse('2024-01-20T23:59:59+05:30'));
  });

  it('nested multi filter: accepted, and every entry matches user, module, action and range', async () => {
    const res = await post(mock.url, fixture('create-multi-filter'));
    expect(res.status).toBe(201);
    const found = await rows(res.json.audit_log_export?.[0]?.details.id);
    expect(found.length).toBeGreaterThan(0);
    for (const [time, user, action, module] of found) {
      expect([user, action]).toEqual(['Boyle', 'updated']);
      expect(['Contacts', 'Leads']).toContain(module);
      const t = Date.parse(time as string);
      expect(t >= Date.parse('2023-12-05T00:00:00+05:30') && t <= Date.parse('2024-01-04T23:59:59+05:30')).toBe(true);
    }
  });

  it.each([
    ['equal added', cond('action', 'equal', 'added'), ['added']],
    ['in [added, updated]', cond('action', 'in', ['added', 'updated']), ['added', 'updated']],
  ])('action %s selects entries with those actions only', async (_, criteria, actions) => {
    const res = await post(mock.url, body({ group_operator: 'and', group: [week, criteria] }));
    expect(res.status).toBe(201);
    const found = await rows(res.json.audit_log_export?.[0]?.details.id);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((r) => r[2]))).toEqual(new Set(actions));
  });

  it('through prism proxy --errors: the samples pass with no violation', async () => {
    for (const [i, name] of ['create-single-filter', 'create-multi-filter'].entries()) {
      const before = strict.log().length;
      // A fresh user each time: the same criteria from the same user while scheduled are ALREADY_SCHEDULED.
      const token = mintZohoToken({ user: { name: 'Prism', id: `227616400000090000${i}` } });
      expect((await post(strict.url, fixture(name), { headers: headers(token) })).status).toBe(201);
      await new Promise((r) => setTimeout(r, 30));
      expect(strict.log().slice(before)).not.toMatch(/Violation/);
    }
  });
});

describe('malformed create bodies get the vendor code', () => {
  it.each(malformed)('%s', async (_, payload, code) => {
    const res = await post(mock.url, payload);
    expect([res.status, res.json.code]).toEqual([400, code]);
  });

  it.each(malformed.filter(([name]) => !name.includes('audited_time range')))(
    'through prism proxy --errors: %s gets the vendor code with no violation',
    async (_, payload, code) => {
      const before = strict.log().length;
      const res = await post(strict.url, payload);
      expect([res.status, res.json.code]).toEqual([400, code]);
      await new Promise((r) => setTimeout(r, 30));
      expect(strict.log().slice(before)).not.toMatch(/Violation/);
    },
  );

  it('the same criteria again while scheduled: ALREADY_SCHEDULED; an old API version: NOT_SUPPORTED', async () => {
    const token = mintZohoToken({ user: { name: 'Twice', id: '2276164000000471099' } });
    const criteria = body(cond('action', 'equal', 'deleted'));
    expect((await post(mock.url, criteria, { headers: headers(token) })).status).toBe(201);
    expect((await post(mock.url, criteria, { headers: headers(token) })).json.code).toBe('ALREADY_SCHEDULED');
    const old = await post(mock.url, criteria, { path: '/crm/v6/settings/audit_log_export' });
    expect([old.status, old.json.code]).toEqual([400, 'NOT_SUPPORTED']);
  });

  it('a token without the create scope (from the operation security): OAUTH_SCOPE_MISMATCH', async () => {
    const res = await post(mock.url, body(week), {
      headers: headers(mintZohoToken({ scopes: ['ZohoCRM.settings.audit_logs.READ'] })),
    });
    expect([res.status, res.json.code]).toEqual([401, 'OAUTH_SCOPE_MISMATCH']);
  });
});
