// Named scenarios, the fault catalogue and their selection (config, header, query, control API),
// through the web-standard engine: a Request in, a Response out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMockEngine, type MockEngine } from '../src/engine.js';
import { createEngineHost } from '../src/engine-host.js';
import { applyResponseFaults } from '../src/fault-layers.js';
import { latencyOf } from '../src/fault-transforms.js';
import { FaultHeaderError, parseFaultHeader } from '../src/faults.js';
import { type FaultConfig, type MockConfig, mintDevToken } from '../src/index.js';
import { SCENARIO_NAMES, TOKEN_EXPIRED_AFTER } from '../src/scenarios.js';
import { auditHeaders, ManualClock, NOW } from './helpers.js';

const BASE = 'http://mock.test';
const P = '/audit-query-service/v2/export';
const WINDOW = 'tenantId=acme&startTime=2026-11-24T08:00:00Z&endTime=2026-11-24T10:00:00Z';
/** What every change of the control API carries. */
const JSON_TYPE = { 'content-type': 'application/json' };

function engine(config: MockConfig = {}, seed = 7): { mock: MockEngine; clock: ManualClock } {
  const clock = new ManualClock();
  // baseUrl names the host these requests use, so the control API answers it (as it would a loopback one).
  return {
    mock: createMockEngine({ seed, baseUrl: BASE, config: { now: clock.now, limits: false, ...config } }),
    clock,
  };
}

async function call(mock: MockEngine, path: string, init: RequestInit = {}) {
  const res = await mock.fetch(new Request(`${BASE}${path}`, init));
  return { status: res.status, headers: res.headers, text: await res.text().catch((e: Error) => `!${e.message}`) };
}

/** Creates an audit query job and lets it finish; returns its id. */
async function finishedJob(
  mock: MockEngine,
  clock: ManualClock,
  headers = auditHeaders(),
  window = WINDOW,
): Promise<string> {
  const created = await call(mock, `${P}?${window}`, { headers });
  expect(created.status).toBe(200);
  clock.advance(60_000);
  return JSON.parse(created.text).jobId as string;
}

/** What a client observes over a fixed script of requests under `scenario`. */
async function observe(scenario: string, seed: number): Promise<string[]> {
  const { mock, clock } = engine({ scenario }, seed);
  const headers = auditHeaders();
  const seen: string[] = [];
  const created = await call(mock, `${P}?${WINDOW}`, { headers });
  seen.push(`${created.status} ${created.headers.get('retry-after') ?? ''}`);
  const jobId = created.status === 200 ? JSON.parse(created.text).jobId : 'none';
  for (let i = 0; i < 8; i++) {
    clock.advance(30_000);
    const status = await call(mock, `${P}/status/${jobId}`, { headers });
    // Job ids are random UUIDs (not part of the seeded data): the sequence is compared without them.
    const body = status.status === 200 ? JSON.parse(status.text).status : status.text.replaceAll(jobId, '<job>');
    seen.push(`${status.status} ${status.headers.get('retry-after') ?? ''} ${body}`);
  }
  const result = await call(mock, `${P}/result/${jobId}`, { headers });
  seen.push(`${result.status} ${result.text.length} ${result.text.split('\n').length}`);
  return seen;
}

describe('scenarios', () => {
  it.each(SCENARIO_NAMES)('%s is reproducible: the same seed gives the same observable sequence', async (name) => {
    expect(await observe(name, 11)).toEqual(await observe(name, 11));
  });

  it('job-fails-then-resume: the job ends FAILED, a resume ends COMPLETED', async () => {
    const { mock, clock } = engine({ scenario: 'job-fails-then-resume' });
    const jobId = await finishedJob(mock, clock);
    const headers = auditHeaders();
    expect(JSON.parse((await call(mock, `${P}/status/${jobId}`, { headers })).text).status).toBe('FAILED');
    expect((await call(mock, `${P}/resume/${jobId}`, { headers })).status).toBe(200);
    clock.advance(60_000);
    expect(JSON.parse((await call(mock, `${P}/status/${jobId}`, { headers })).text).status).toBe('COMPLETED');
  });

  it('slow-job: PROCESSING for 10 minutes of mock time', async () => {
    const { mock, clock } = engine({ scenario: 'slow-job' });
    const headers = auditHeaders();
    const jobId = await finishedJob(mock, clock);
    clock.advance(8 * 60_000);
    expect(JSON.parse((await call(mock, `${P}/status/${jobId}`, { headers })).text).status).toBe('PROCESSING');
    clock.advance(2 * 60_000);
    expect(JSON.parse((await call(mock, `${P}/status/${jobId}`, { headers })).text).status).toBe('COMPLETED');
  });

  it('slow-job with clockFactor 600 finishes in about a second of real time', async () => {
    const mock = createMockEngine({ seed: 7, config: { scenario: 'slow-job', clockFactor: 600, limits: false } });
    const headers = mintFreshHeaders();
    const created = await call(mock, `${P}?tenantId=acme&startTime=2026-01-01T00:00:00Z&endTime=2026-01-01T01:00:00Z`, {
      headers,
    });
    const jobId = JSON.parse(created.text).jobId;
    await new Promise((r) => setTimeout(r, 1_300));
    expect(JSON.parse((await call(mock, `${P}/status/${jobId}`, { headers })).text).status).toBe('COMPLETED');
  });

  it('empty-result: a completed job with an empty result', async () => {
    const { mock, clock } = engine({ scenario: 'empty-result' });
    const jobId = await finishedJob(mock, clock);
    const result = await call(mock, `${P}/result/${jobId}`, { headers: auditHeaders() });
    expect([result.status, result.text]).toEqual([200, '']);
  });

  it('forbidden: the audit query answers its own 403', async () => {
    const { mock } = engine({ scenario: 'forbidden' });
    const res = await call(mock, `${P}?${WINDOW}`, { headers: auditHeaders() });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toMatchObject({ status: 403, error: 'Forbidden' });
  });

  it(`token-expired: ${TOKEN_EXPIRED_AFTER} calls pass, then 401; a new token works`, async () => {
    const { mock } = engine({ scenario: 'token-expired' });
    const headers = auditHeaders();
    const statuses: number[] = [];
    for (let i = 0; i < TOKEN_EXPIRED_AFTER + 2; i++)
      statuses.push((await call(mock, `${P}/status/x`, { headers })).status);
    expect(statuses).toEqual([...Array(TOKEN_EXPIRED_AFTER).fill(404), 401, 401]);
    expect((await call(mock, `${P}/status/x`, { headers: auditHeaders('acme', {}) })).status).not.toBe(401);
  });

  it('rate-limited: storms of 429 with Retry-After 1..5, and calm requests between', async () => {
    const { mock } = engine({ scenario: 'rate-limited' });
    const headers = auditHeaders();
    const seen: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await call(mock, `${P}/status/x`, { headers });
      seen.push(`${res.status}:${res.headers.get('retry-after') ?? ''}`);
    }
    expect(seen[0]).toMatch(/^429:[1-5]$/);
    expect(seen.some((s) => s.startsWith('404'))).toBe(true);
    for (const s of seen) expect(s).toMatch(/^(429:[1-5]|404:)$/);
  });

  it('flaky-download: the first attempt drops mid-stream, the retry gets everything', async () => {
    const { mock, clock } = engine({ scenario: 'flaky-download' });
    const headers = auditHeaders();
    const jobId = await finishedJob(
      mock,
      clock,
      headers,
      'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-24T00:00:00Z',
    );
    const first = await call(mock, `${P}/result/${jobId}`, { headers });
    const second = await call(mock, `${P}/result/${jobId}`, { headers });
    expect(first.text.startsWith('!')).toBe(true);
    expect(second.text.split('\n').filter(Boolean)).toHaveLength(mock.expectedEvents(jobId).length);
  });
});

describe('scenario overlays and selection', () => {
  it('huge-export and zoho scenarios lay their data overlays over the config', () => {
    expect(createMockEngine({ config: { scenario: 'huge-export' } }).control.config.auditQuery).toMatchObject({
      eventsPerHour: 50_000,
      resultLimit: 1_000_000,
    });
    expect(createMockEngine({ config: { scenario: 'zoho-zip' } }).control.config.zoho?.entriesPerHour).toBe(5_000);
    expect(createMockEngine({ config: { scenario: 'zoho-no-content' } }).control.config.zoho?.entriesPerHour).toBe(0);
  });

  it('a scenario picked per request (header or __scenario) applies to that request only', async () => {
    const { mock } = engine();
    const headers = auditHeaders();
    expect((await call(mock, `${P}?${WINDOW}&__scenario=forbidden`, { headers })).status).toBe(403);
    expect(
      (await call(mock, `${P}?${WINDOW}`, { headers: { ...headers, 'x-mock-scenario': 'forbidden' } })).status,
    ).toBe(403);
    expect((await call(mock, `${P}?${WINDOW}`, { headers })).status).toBe(200);
    const bad = await call(mock, `${P}?${WINDOW}&__scenario=nope`, { headers });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toContain('Unknown scenario "nope"');
  });

  it('an unknown scenario in config is a MockConfigError', () => {
    expect(() => createMockEngine({ config: { scenario: 'nope' } })).toThrow(/config.scenario: Unknown scenario/);
  });
});

/** The answer after the response faults `faults`, which must leave a Response. */
function faulted(response: Response, faults: FaultConfig): Response {
  const answer = applyResponseFaults(response, faults, Math.random);
  if (!answer.response) throw new Error('expected a Response, got a socket fault');
  return answer.response;
}

/** Credentials judged by the real clock (the fixed-clock helpers mint for NOW). */
function mintFreshHeaders() {
  return mintDevToken({ tenant: 'acme' }).headers;
}

describe('faults', () => {
  it('parses the new faults and rejects out-of-range values (latency=1e300 is a 400)', async () => {
    expect(parseFaultHeader('latency=uniform:10:20;dribble=4:100;cut-after-bytes=10;reset')).toEqual({
      latency: { kind: 'uniform', minMs: 10, maxMs: 20 },
      dribble: { chunks: 4, overMs: 100 },
      cutAfterBytes: 10,
      connection: 'reset',
    });
    for (const bad of [
      'latency=1e300',
      'latency=uniform:20:10',
      'latency=lognormal:5:99',
      'dribble=0:10',
      'cut-after-bytes=-1',
      'reset=1',
    ])
      expect(() => parseFaultHeader(bad), bad).toThrow(FaultHeaderError);
    const { mock } = engine();
    const res = await call(mock, `${P}/status/x`, { headers: { ...auditHeaders(), 'x-mock-fault': 'latency=1e300' } });
    expect(res.status).toBe(400);
  });

  it('latency draws are seeded and stay in range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        let x = 0.5;
        const draw = () => (x = (x * 9301 + 49297) % 1);
        const ms = latencyOf({ kind: 'uniform', minMs: min, maxMs: max }, draw);
        const ln = latencyOf({ kind: 'lognormal', medianMs: min, sigma: 1 }, draw);
        return ms >= min && ms <= max && ln >= 0 && ln <= 600_000;
      }),
      { seed: 20261124, numRuns: 200 },
    );
  });

  it('dribble: the same bytes, in N chunks over about T ms', async () => {
    const body = 'x'.repeat(1000);
    const started = performance.now();
    const res = faulted(new Response(body), { dribble: { chunks: 5, overMs: 250 } });
    const chunks: number[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk.byteLength);
    expect(chunks).toEqual([200, 200, 200, 200, 200]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('cut-after-bytes: N bytes, then the stream errors', async () => {
    const res = faulted(new Response('abcdefghij'), { cutAfterBytes: 4 });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('abcd');
    await expect(reader.read()).rejects.toThrow(/cut after 4 bytes/);
  });

  it.each([
    ['reset', 'reset'],
    ['empty-response', 'empty-response'],
    ['random-data', 'random-data'],
  ])('%s is a network error to fetch, and a socket fault for the Node adapter to act out', async (fault, kind) => {
    const { mock } = engine();
    const request = () => new Request(`${BASE}${P}/status/x?__fault=${fault}`, { headers: auditHeaders() });
    expect((await mock.fetch(request())).type).toBe('error');
    const host = createEngineHost({ seed: 7, baseUrl: BASE, config: { now: NOW, limits: false } });
    const answer = await host.answer(request(), new URL(request().url));
    expect([answer.response, answer.socket?.kind]).toEqual([undefined, kind]);
  });

  it('malformed-chunk: status and headers, then garbage, then an error', async () => {
    const { mock } = engine();
    const res = await mock.fetch(
      new Request(`${BASE}${P}/status/x`, { headers: { ...auditHeaders(), 'x-mock-fault': 'malformed-chunk' } }),
    );
    expect(res.status).toBe(404);
    await expect(res.text()).rejects.toThrow();
  });
});

describe('fault layers', () => {
  it('faults from config, from the control API and per request combine (request wins)', async () => {
    const { mock } = engine({ faults: { errorStatus: 502 } });
    const headers = auditHeaders();
    expect((await call(mock, `${P}/status/x`, { headers })).status).toBe(502);
    const put = await call(mock, '/__mock/faults', {
      method: 'PUT',
      headers: JSON_TYPE,
      body: JSON.stringify({ faults: 'error-status=504' }),
    });
    expect(put.status).toBe(200);
    expect((await call(mock, `${P}/status/x`, { headers })).status).toBe(504);
    expect((await call(mock, `${P}/status/x?__fault=error-status%3D500`, { headers })).status).toBe(500);
    const bad = await call(mock, '/__mock/faults', {
      method: 'PUT',
      headers: JSON_TYPE,
      body: JSON.stringify({ faults: 'latency=1e300' }),
    });
    expect(bad.status).toBe(400);
  });

  it.each(['__fault', '%5F%5Ffault', '_%5ffault', '%5F_fault'])(
    'a per-request fault selects however its name is encoded (%s), past the fast path for plain requests',
    async (name) => {
      const { mock } = engine();
      const headers = auditHeaders();
      expect((await call(mock, `${P}/status/x?a_b=1`, { headers })).status).toBe(404);
      expect((await call(mock, `${P}/status/x?${name}=error-status%3D503`, { headers })).status).toBe(503);
    },
  );
});

describe('the control API', () => {
  it('switches the scenario at run time, advances the clock, lists jobs and resets', async () => {
    const { mock, clock } = engine();
    const headers = auditHeaders();
    const put = await call(mock, '/__mock/scenario', {
      method: 'PUT',
      headers: JSON_TYPE,
      body: JSON.stringify({ name: 'job-fails-then-resume' }),
    });
    expect(JSON.parse(put.text)).toMatchObject({ name: 'job-fails-then-resume', seed: 7, clockFactor: 1 });
    const jobId = await finishedJob(mock, clock);
    expect(JSON.parse((await call(mock, '/__mock/jobs')).text).jobs).toEqual([
      { api: 'audit-query', jobId, state: 'FAILED', createdAt: new Date(NOW).toISOString() },
    ]);
    const advanced = JSON.parse(
      (await call(mock, '/__mock/clock', { method: 'POST', headers: JSON_TYPE, body: '{"advanceMs":5000}' })).text,
    );
    expect(advanced).toEqual({ now: new Date(NOW + 65_000).toISOString(), clockFactor: 1, advancedMs: 5000 });
    const reset = await call(mock, '/__mock/reset', { method: 'POST', headers: JSON_TYPE });
    expect(JSON.parse(reset.text).name).toBe('happy');
    expect(JSON.parse((await call(mock, '/__mock/jobs')).text).jobs).toEqual([]);
    expect((await call(mock, `${P}/status/${jobId}`, { headers })).status).toBe(404);
  });

  it('answers 400 for an unknown scenario and 404/405 for other paths and methods', async () => {
    const { mock } = engine();
    expect(
      (await call(mock, '/__mock/scenario', { method: 'PUT', headers: JSON_TYPE, body: '{"name":"nope"}' })).status,
    ).toBe(400);
    expect((await call(mock, '/__mock/scenario', { method: 'PUT', headers: JSON_TYPE, body: '[1]' })).status).toBe(400);
    expect(
      (await call(mock, '/__mock/clock', { method: 'POST', headers: JSON_TYPE, body: '{"advanceMs":1e300}' })).status,
    ).toBe(400);
    expect((await call(mock, '/__mock/nothing')).status).toBe(404);
    expect((await call(mock, '/__mock/reset')).status).toBe(405);
  });

  it('serves the control page at GET / to browsers only', async () => {
    const { mock } = engine();
    const page = await call(mock, '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('token --tenant acme');
    expect((await call(mock, '/', { headers: { accept: 'application/json' } })).status).toBe(404);
  });
});
