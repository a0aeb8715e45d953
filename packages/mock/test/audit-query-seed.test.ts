// What the seed implies for the audit query mock: a seed-shaped request succeeds when
// the mock is configured like the seed; tenancy, the audit role, `exp`, the initial state, the
// default result limit and the accepted time forms all follow the spec.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startPrism } from '@audit-export/testkit';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { allows, TERMINAL } from '../src/audit-query/jobs.js';
import { SEED_TENANTS } from '../src/audit-query/tenancy.js';
import { auditQuery as facts } from '../src/generated/spec-facts.gen.js';
import { createMockServer, type MockConfig, MockConfigError, type MockServer } from '../src/index.js';
import { isAuditTime, parseAuditTime } from '../src/time.js';
import { auditHeaders, get, startMock } from './helpers.js';

const require = createRequire(import.meta.url);
const fixture = (name: string) =>
  readFileSync(new URL(`../../../spec/test/fixtures/seed-000/${name}`, import.meta.url), 'utf8');
const seedToken = fixture('api-token.jwt').trim();
const seedClaims = JSON.parse(fixture('api-token.claims.json'));
const seedRequests: Array<{ method: string; url: string }> = JSON.parse(fixture('requests.json'));
const spec = JSON.parse(readFileSync(require.resolve('@audit-export/spec/audit-query.json'), 'utf8'));

const P = '/audit-query-service/v2/export';
/** A minute after the seed token was issued, so it has not expired. */
const SEED_NOW = (seedClaims.iat + 60) * 1000;
const seedHeaders = { authorization: 'Bearer ab35805bf5d8a964b3634fa71143be', api_token: seedToken };

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function seedMock(auditQuery: MockConfig['auditQuery'] = {}): Promise<MockServer> {
  server = await createMockServer({
    seed: 7,
    config: { now: () => SEED_NOW, auditQuery: { tenants: SEED_TENANTS, initialState: 'PROCESSING', ...auditQuery } },
  });
  return server;
}

/** An unsigned JWT with the seed token's claims, changed by `patch`. */
function token(patch: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ ...seedClaims, ...patch })}.${part('x')}`;
}

const json = async (res: Promise<{ status: number; text: string }>) => {
  const r = await res;
  return { status: r.status, body: JSON.parse(r.text) };
};

describe('a seed-shaped request', () => {
  const creates = seedRequests.filter((r) => new URL(r.url).pathname.endsWith('/v2/export'));

  it.each(creates.map((r) => [new URL(r.url).searchParams.get('tenantId'), r.url] as const))(
    'for tenant %s with the seed token succeeds and answers PROCESSING, like the seed',
    async (_, url) => {
      const mock = await seedMock();
      const { status, body } = await json(
        get(`${mock.url}${new URL(url).pathname}${new URL(url).search}`, seedHeaders),
      );
      expect(status).toBe(200);
      expect(body.status).toBe('PROCESSING');
      const details = await json(get(`${mock.url}${P}/status/${body.jobId}`, seedHeaders));
      expect(details.status).toBe(200);
      expect(JSON.parse(details.body.params)).toMatchObject({ tenantId: new URL(url).searchParams.get('tenantId') });
    },
  );

  it('records the default result limit in params and caps the result at it', async () => {
    const mock = await seedMock({ processingMs: 0, eventsPerHour: 5 });
    const seedStatus = JSON.parse(JSON.parse(fixture('json-samples.json'))[1].value.params);
    const url = new URL(creates[0]?.url ?? '');
    const { body } = await json(get(`${mock.url}${url.pathname}${url.search}`, seedHeaders));
    const params = JSON.parse((await json(get(`${mock.url}${P}/status/${body.jobId}`, seedHeaders))).body.params);
    expect(params.limit).toBe(seedStatus.limit);
    expect(params.limit).toBe(facts.defaultResultLimit);
  });

  it('caps a result at the configured limit, earliest events first', async () => {
    const mock = await seedMock({ processingMs: 0, resultLimit: 3 });
    const { body } = await json(
      get(`${mock.url}${P}?tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z`, seedHeaders),
    );
    const lines = (await get(`${mock.url}${P}/result/${body.jobId}`, seedHeaders)).text.trim().split('\n');
    expect(lines).toHaveLength(3);
    const times = lines.map((l) => Date.parse(JSON.parse(l).timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe("a default mock and the seed's own calls", () => {
  it("maps the seed token's company to the tenant ids the seed's requests name", () => {
    const named = [...new Set(seedRequests.map((r) => new URL(r.url).searchParams.get('tenantId')).filter(Boolean))];
    expect(Object.keys(SEED_TENANTS)).toEqual([seedClaims.company]);
    expect([...(SEED_TENANTS[seedClaims.company] ?? [])].sort()).toEqual(named.sort());
  });

  it.each(seedRequests.filter((r) => new URL(r.url).pathname.endsWith('/v2/export')).map((r) => [r.url]))(
    'answers the seed token for %s with 200 (only the clock is set: the token expired in 2024)',
    async (url) => {
      server = await createMockServer({ config: { now: () => SEED_NOW } });
      const target = new URL(url);
      const created = await json(get(`${server.url}${target.pathname}${target.search}`, seedHeaders));
      expect(created.status).toBe(200);
      const status = await json(get(`${server.url}${P}/status/${created.body.jobId}`, seedHeaders));
      expect(status.status).toBe(200);
      expect(JSON.parse(status.body.params)).toMatchObject({ tenantId: target.searchParams.get('tenantId') });
    },
  );

  it('lets a configured map replace the seed’s', async () => {
    server = await createMockServer({ config: { now: () => SEED_NOW, auditQuery: { tenants: { globex: ['777'] } } } });
    const window = 'startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z';
    expect((await get(`${server.url}${P}?tenantId=123302&${window}`, seedHeaders)).status).toBe(403);
  });
});

describe('the initial state of a created or resumed job', () => {
  it('is PENDING by default and PROCESSING when configured, for create and resume alike', async () => {
    for (const [initialState, want] of [
      [undefined, 'PENDING'],
      ['PROCESSING', 'PROCESSING'],
    ] as const) {
      const mock = await startMock({
        auditQuery: { pendingMs: 100, processingMs: 100, ...(initialState ? { initialState } : {}) },
      });
      server = mock.server;
      const h = auditHeaders();
      const q = 'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z';
      const created = (await json(get(`${server.url}${P}?${q}`, h))).body;
      expect(created.status).toBe(want);
      expect((await json(get(`${server.url}${P}/cancel/${created.jobId}`, h))).body.status).toBe('CANCELLED');
      expect((await json(get(`${server.url}${P}/resume/${created.jobId}`, h))).body.status).toBe(want);
      await server.close();
      server = undefined;
    }
  });

  it('is one x-transitions allows even when a zero-length run has already finished', async () => {
    const mock = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } });
    server = mock.server;
    const h = auditHeaders();
    const q = 'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z';
    const created = (await json(get(`${server.url}${P}?${q}`, { ...h, 'x-mock-fault': 'fail-job' }))).body;
    expect(facts.transitions.createExportJob.to).toContain(created.status);
    expect((await json(get(`${server.url}${P}/status/${created.jobId}`, h))).body.status).toBe('FAILED');
    const resumed = (await json(get(`${server.url}${P}/resume/${created.jobId}`, h))).body;
    expect(facts.transitions.resumeExportJob.to).toContain(resumed.status);
    expect((await json(get(`${server.url}${P}/status/${created.jobId}`, h))).body.status).toBe('COMPLETED');
  });

  it('must be a state x-transitions lets both create and resume answer', async () => {
    await expect(
      createMockServer({ config: { auditQuery: { initialState: 'COMPLETED' as 'PENDING' } } }),
    ).rejects.toThrow(/initialState must be one of PENDING, PROCESSING/);
  });

  it('follows x-transitions for cancel, resume and delete', () => {
    const declared = spec.components.schemas.JobState['x-transitions'] as Array<{
      from?: string;
      operationId?: string;
    }>;
    for (const op of ['cancelExportJob', 'resumeExportJob', 'deleteExportJob'] as const)
      for (const state of facts.jobStates)
        expect(allows(op, state), `${op} from ${state}`).toBe(
          declared.some((t) => t.operationId === op && t.from === state),
        );
    expect(TERMINAL).toEqual(['COMPLETED', 'FAILED', 'CANCELLED']);
  });
});

describe('tenancy', () => {
  it("keeps a company's jobs from every other company's tokens", async () => {
    const mock = await seedMock({ tenants: { ...SEED_TENANTS, globex: ['777'] } });
    const { body } = await json(
      get(`${mock.url}${P}?tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z`, seedHeaders),
    );
    const others = [
      { authorization: 'Bearer other', api_token: token({ company: 'globex' }) },
      { authorization: 'Bearer dev', api_token: token({ company: '123302' }) },
    ];
    for (const h of others) {
      for (const path of [
        `/status/${body.jobId}`,
        `/result/${body.jobId}`,
        `/cancel/${body.jobId}`,
        `/resume/${body.jobId}`,
      ]) {
        const r = await json(get(`${mock.url}${P}${path}`, h));
        expect(r.status, path).toBe(403);
        expect(r.body).toMatchObject({ status: 403, error: 'Forbidden', path: `/v2/export${path}` });
      }
      expect((await get(`${mock.url}${P}/${body.jobId}`, h, 'DELETE')).status).toBe(403);
      const create = await get(
        `${mock.url}${P}?tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z`,
        h,
      );
      expect(create.status).toBe(403);
    }
    expect((await get(`${mock.url}${P}/status/${body.jobId}`, seedHeaders)).status).toBe(200);
  });

  it("refuses a listed company's own name as a tenant, and a company no one listed gets its name", async () => {
    const mock = await seedMock();
    const window = 'startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z';
    expect((await get(`${mock.url}${P}?tenantId=secengdentest&${window}`, seedHeaders)).status).toBe(403);
    const dev = { authorization: 'Bearer dev', api_token: token({ company: 'acme' }) };
    expect((await get(`${mock.url}${P}?tenantId=acme&${window}`, dev)).status).toBe(200);
    expect((await get(`${mock.url}${P}?tenantId=123302&${window}`, dev)).status).toBe(403);
  });

  it('refuses a tenant listed under two companies', async () => {
    await expect(createMockServer({ config: { auditQuery: { tenants: { a: ['1'], b: ['1'] } } } })).rejects.toThrow(
      MockConfigError,
    );
  });
});

describe('credentials', () => {
  const window = 'tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z';

  it.each([
    ['the seed roles (ids, no names)', {}, undefined, 200],
    ['the role by name under another id', { roles: [{ id: '1', name: 'Medallia Audit Role' }] }, undefined, 200],
    ['other roles only', { roles: [{ id: '450', uuid: 'u' }, { id: '449' }] }, undefined, 403],
    ['a role id the config names', { roles: [{ id: '450' }] }, ['450'], 200],
    ['no roles, even as internal admin', { roles: [], isInternalAdmin: true }, undefined, 403],
  ] as const)('%s → %i', async (_, patch, auditRoleIds, want) => {
    const mock = await seedMock(auditRoleIds ? { auditRoleIds: [...auditRoleIds] } : {});
    const res = await get(`${mock.url}${P}?${window}`, { authorization: 'Bearer x', api_token: token(patch) });
    expect(res.status).toBe(want);
  });

  it.each([
    ['missing', { exp: undefined }],
    ['a string', { exp: String(seedClaims.exp) }],
    ['null', { exp: null }],
    ['past', { exp: seedClaims.iat }],
  ])('refuses an api_token whose exp is %s with 401 and the spec error body', async (_, patch) => {
    const mock = await seedMock();
    const res = await get(`${mock.url}${P}?${window}`, { authorization: 'Bearer x', api_token: token(patch) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(facts.wwwAuthenticate);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 401,
      error: 'Unauthorized',
      message: facts.messages.unauthorized,
      path: '/v2/export',
    });
    expect(isAuditTime(JSON.parse(res.text).timestamp)).toBe(true);
  });
});

describe('time forms: exactly those of the spec', () => {
  const forms = facts.timePatterns.map((p) => new RegExp(p));
  const specAccepts = (t: string) => forms.some((f) => f.test(t));
  const two = (max: number, min = 0) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
  const date = fc.tuple(fc.integer({ min: 1970, max: 2099 }), two(12, 1), two(28, 1));
  const clock = fc.tuple(two(23), two(59), two(59));
  const spring = fc
    .tuple(date, clock, fc.constantFrom('+', '-'), two(23), two(59))
    .map(([[y, mo, d], [h, mi, s], sign, oh, om]) => `${y}-${mo}-${d} ${h}:${mi}:${s}${sign}${oh}${om}`);
  const iso = fc
    .tuple(
      date,
      clock,
      fc.option(fc.integer({ min: 1, max: 9 })),
      fc.constantFrom('Z', 'z', '+05:30', '-08:00', '+00:00'),
    )
    .map(
      ([[y, mo, d], [h, mi, s], digits, zone]) =>
        `${y}-${mo}-${d}T${h}:${mi}:${s}${digits ? `.${'7'.repeat(digits)}` : ''}${zone}`,
    );
  const params = { seed: 15, numRuns: 300, verbose: true } as const;

  it('accepts every time in either spec form', () => {
    fc.assert(
      fc.property(fc.oneof(spring, iso), (t) => {
        expect(specAccepts(t)).toBe(true);
        expect(parseAuditTime(t)).toBeTypeOf('number');
      }),
      params,
    );
  });

  it('accepts nothing the spec refuses (mutated and random strings)', () => {
    const mutate = fc
      .tuple(fc.oneof(spring, iso), fc.nat(), fc.constantFrom('', ' ', '+', ':', 'T', '0', 'x', '.', 'Z'))
      .map(([t, i, c]) => `${t.slice(0, i % (t.length + 1))}${c}${t.slice((i % (t.length + 1)) + 1)}`);
    fc.assert(
      fc.property(fc.oneof(mutate, fc.string({ maxLength: 40 })), (t) => {
        if (!specAccepts(t)) expect(parseAuditTime(t)).toBeUndefined();
      }),
      params,
    );
  });

  it.each([
    ['2024-01-01 11:30:00-0800', true],
    ['2024-09-16T05:00:00z', true],
    ['2024-10-12T03:07:15.329132Z', true],
    ['2024-10-14T17:18:45.909+00:00', true],
    ['2024-01-01 11:30:00 0800', false], // an unencoded `+` read as a space: the spec refuses it
    ['2024-01-01 11:30:00+08:00', false], // colon offset in the space form
    ['2024-01-01 11:30:00Z', false],
    ['2024-01-01T11:30:00+0800', false], // no colon in the ISO form
    ['2024-01-01T11:30:00', false],
    ['2024-02-31T00:00:00Z', false], // the pattern allows it, the calendar does not
  ])('%s → %s', (t, ok) => {
    expect(parseAuditTime(t) !== undefined).toBe(ok);
  });

  it('answers 400 for a startTime the spec refuses, with a timestamp the spec accepts', async () => {
    const mock = await seedMock();
    const res = await get(
      `${mock.url}${P}?tenantId=123302&startTime=2024-09-16%2005:00:00%200800&endTime=2024-09-16T15:00:00z`,
      seedHeaders,
    );
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body.message).toMatch(/Invalid startTime/);
    expect(isAuditTime(body.timestamp)).toBe(true);
  });
});

describe("the seed's requests, replayed through prism proxy --errors", () => {
  it('are accepted, and every answer conforms to the spec', async () => {
    const mock = await seedMock({ processingMs: 0, eventsPerHour: 3 });
    const proxy = await startPrism({
      mode: 'proxy',
      spec: require.resolve('@audit-export/spec/audit-query.json'),
      upstream: `${mock.url}/audit-query-service`,
    });
    try {
      const call = async (method: string, url: string) => {
        const before = proxy.log().length;
        const u = new URL(url);
        const res = await fetch(`${proxy.url}${u.pathname.replace('/audit-query-service', '')}${u.search}`, {
          method,
          headers: { ...seedHeaders, 'content-type': 'application/json' },
        });
        const text = await res.text();
        await new Promise((r) => setTimeout(r, 30));
        expect(text, `${method} ${url}`).not.toContain('stoplight.io/prism/errors');
        expect(proxy.log().slice(before), `${method} ${url}`).not.toMatch(/Violation/);
        return { status: res.status, text };
      };
      const jobs: string[] = [];
      for (const r of seedRequests.filter((x) => new URL(x.url).pathname.endsWith('/v2/export'))) {
        const created = await call(r.method, r.url);
        expect(created.status).toBe(200);
        jobs.push(JSON.parse(created.text).jobId);
      }
      // The job requests of the seed, on the jobs just created instead of the seed's ids.
      for (const r of seedRequests.filter((x) => !new URL(x.url).pathname.endsWith('/v2/export'))) {
        const url = r.url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}$/, jobs[0] as string);
        const { status } = await call(r.method, url);
        expect([200, 400], `${r.method} ${url}`).toContain(status);
      }
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
