// The control API is for this machine only, on a real server on 127.0.0.1: no CORS, a
// loopback (or configured) Host, the mock's own Origin, Content-Type: application/json on every
// change, bodies capped in bytes before they are buffered, every field checked against the
// control document's schema.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CONTROL_BODY } from '../src/control/bodies.js';
import { createMockEngine, type MockServer } from '../src/index.js';
import { auditHeaders, raw, startMock } from './helpers.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const JSON_TYPE = { 'content-type': 'application/json' };
const P = '/audit-query-service/v2/export';

async function mock(): Promise<MockServer> {
  ({ server } = await startMock());
  return server;
}

/** The active scenario's name, asked the ordinary way. */
async function scenarioOf(s: MockServer): Promise<string> {
  return ((await (await fetch(`${s.url}/__mock/scenario`)).json()) as { name: string }).name;
}

/** How many jobs the mock holds. */
async function jobCount(s: MockServer): Promise<number> {
  return ((await (await fetch(`${s.url}/__mock/jobs`)).json()) as { jobs: unknown[] }).jobs.length;
}

/** Creates one audit query job (so that a reset has something to forget). */
async function createJob(s: MockServer): Promise<void> {
  const q = 'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z';
  expect((await fetch(`${s.url}${P}?${q}`, { headers: auditHeaders() })).status).toBe(200);
}

describe('CORS', () => {
  it('answers no preflight on /__mock/* and sends no CORS headers there', async () => {
    const s = await mock();
    const pre = await fetch(`${s.url}/__mock/scenario`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${s.url}/__mock/scenario`);
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect([...read.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('keeps CORS on the API paths', async () => {
    const s = await mock();
    const pre = await fetch(`${s.url}${P}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('Host: a loopback name or the configured host', () => {
  it.each([
    'evil.example',
    'evil.example:4010',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'evil.example@127.0.0.1',
    'evil.example.',
  ])('refuses Host %j (DNS rebinding) on reads and changes, and changes nothing', async (host) => {
    const s = await mock();
    for (const [method, target, body] of [
      ['GET', '/__mock/jobs', undefined],
      ['GET', '/__mock/scenario', undefined],
      ['PUT', '/__mock/scenario', '{"name":"slow-job"}'],
      ['POST', '/__mock/reset', ''],
    ] as const) {
      const res = await raw(s.url, target, { host, ...JSON_TYPE }, { method, body });
      expect(res.status, `${method} ${target}`).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'MOCK_CONTROL_HOST_REFUSED' });
    }
    expect(await scenarioOf(s)).toBe('happy');
  });

  it.each(['127.0.0.1:PORT', 'localhost:PORT', 'LOCALHOST.:PORT', 'mock.localhost:PORT', '[::1]:PORT', '127.0.0.1'])(
    'answers Host %s',
    async (host) => {
      const s = await mock();
      const res = await raw(s.url, '/__mock/scenario', { host: host.replace('PORT', new URL(s.url).port) });
      expect(res.status).toBe(200);
    },
  );

  it('refuses a foreign Host on the control page too, and still serves the APIs under any Host', async () => {
    const s = await mock();
    const page = await raw(s.url, '/', { host: 'evil.example', accept: 'text/html' });
    expect(page.status).toBe(403);
    const api = await raw(s.url, `${P}/status/x`, { host: 'evil.example', ...auditHeaders() });
    expect(api.status).toBe(404);
  });

  it('answers the host it was configured with (engine: controlHosts, baseUrl)', async () => {
    const engine = createMockEngine({ baseUrl: 'http://mock.test', controlHosts: ['mock.internal', '0.0.0.0'] });
    const status = async (url: string) => (await engine.fetch(new Request(url))).status;
    expect(await status('http://mock.test/__mock/scenario')).toBe(200);
    expect(await status('http://mock.internal:4010/__mock/scenario')).toBe(200);
    expect(await status('http://other.test/__mock/scenario')).toBe(403);
    // A wildcard address names no host a client sends.
    expect(await status('http://0.0.0.0/__mock/scenario')).toBe(403);
  });
});

describe('Origin: the mock’s own, when sent', () => {
  it('answers an origin it was given as its own (the page an MSW worker runs in), and no other', async () => {
    const engine = createMockEngine({ controlOrigins: ['http://localhost:5173/', 'null'] });
    const status = async (origin: string) =>
      (await engine.fetch(new Request('http://127.0.0.1/__mock/scenario', { headers: { origin } }))).status;
    expect(await status('http://localhost:5173')).toBe(200);
    expect(await status('http://127.0.0.1')).toBe(200);
    expect(await status('http://localhost:5174')).toBe(403);
    expect(await status('null')).toBe(403);
  });

  it.each(['http://evil.example', 'http://localhost:5173', 'null', 'http://127.0.0.1:1'])(
    'refuses Origin %s on reads and changes, and changes nothing',
    async (origin) => {
      const s = await mock();
      await createJob(s);
      const read = await fetch(`${s.url}/__mock/jobs`, { headers: { origin } });
      expect(read.status).toBe(403);
      expect(await read.json()).toMatchObject({ code: 'MOCK_CONTROL_ORIGIN_REFUSED' });
      const put = await fetch(`${s.url}/__mock/scenario`, {
        method: 'PUT',
        headers: { origin, ...JSON_TYPE },
        body: '{"name":"slow-job"}',
      });
      expect(put.status).toBe(403);
      const reset = await fetch(`${s.url}/__mock/reset`, { method: 'POST', headers: { origin, ...JSON_TYPE } });
      expect(reset.status).toBe(403);
      expect(await scenarioOf(s)).toBe('happy');
      expect(await jobCount(s)).toBe(1);
    },
  );

  it('answers its own origin (the control page’s)', async () => {
    const s = await mock();
    const put = await fetch(`${s.url}/__mock/scenario`, {
      method: 'PUT',
      headers: { origin: s.url, ...JSON_TYPE },
      body: '{"name":"slow-job"}',
    });
    expect(put.status).toBe(200);
    expect(await scenarioOf(s)).toBe('slow-job');
  });
});

describe('Content-Type: application/json on every change', () => {
  it('refuses a text/plain POST (a cross-site simple request) with 415 and changes nothing', async () => {
    const s = await mock();
    await createJob(s);
    const clock = await fetch(`${s.url}/__mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"advanceMs":60000}',
    });
    expect(clock.status).toBe(415);
    expect(await clock.json()).toMatchObject({ code: 'MOCK_CONTROL_CONTENT_TYPE' });
    expect(((await (await fetch(`${s.url}/__mock/clock`)).json()) as { advancedMs: number }).advancedMs).toBe(0);
    for (const headers of [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ])
      expect((await fetch(`${s.url}/__mock/reset`, { method: 'POST', headers })).status).toBe(415);
    expect(await jobCount(s)).toBe(1);
  });

  it('resets with the header and no body, or an empty object; refuses any setting', async () => {
    const s = await mock();
    await createJob(s);
    expect((await fetch(`${s.url}/__mock/reset`, { method: 'POST', headers: JSON_TYPE })).status).toBe(200);
    expect(await jobCount(s)).toBe(0);
    await createJob(s);
    const typed = { 'content-type': 'Application/JSON; charset=utf-8' };
    expect((await fetch(`${s.url}/__mock/reset`, { method: 'POST', headers: typed, body: '{}' })).status).toBe(200);
    expect(await jobCount(s)).toBe(0);
    const extra = await fetch(`${s.url}/__mock/reset`, { method: 'POST', headers: JSON_TYPE, body: '{"jobs":true}' });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ code: 'MOCK_CONTROL_BODY_INVALID', field: 'jobs' });
  });
});

describe('every field is type-checked against the control document', () => {
  it.each([
    ['/__mock/scenario', 'PUT', { name: { toString: 1 } }, 'name'],
    ['/__mock/scenario', 'PUT', { name: ['slow-job'] }, 'name'],
    ['/__mock/scenario', 'PUT', { name: 'slow-job', seed: 1.5 }, 'seed'],
    ['/__mock/scenario', 'PUT', { name: 'slow-job', seed: '5' }, 'seed'],
    ['/__mock/scenario', 'PUT', { name: 'slow-job', seed: 2 ** 60 }, 'seed'],
    ['/__mock/scenario', 'PUT', { name: 'slow-job', nmae: 'x' }, 'nmae'],
    ['/__mock/scenario', 'PUT', {}, 'name'],
    ['/__mock/faults', 'PUT', { faults: 5 }, 'faults'],
    ['/__mock/faults', 'PUT', { faults: ['latency=1'] }, 'faults'],
    ['/__mock/clock', 'POST', { advanceMs: '60000' }, 'advanceMs'],
    ['/__mock/clock', 'POST', { clockFactor: null }, 'clockFactor'],
    ['/__mock/clock', 'POST', { advance: 60000 }, 'advance'],
  ])('%s %s %j: 400 naming %s, nothing changed', async (path, method, body, field) => {
    const s = await mock();
    const res = await fetch(`${s.url}${path}`, { method, headers: JSON_TYPE, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; message: string; field: string };
    expect(problem).toMatchObject({ code: 'MOCK_CONTROL_BODY_INVALID', field });
    expect(problem.message).toContain(field);
    expect(await scenarioOf(s)).toBe('happy');
    expect(((await (await fetch(`${s.url}/__mock/faults`)).json()) as { faults: string }).faults).toBe('');
    expect(((await (await fetch(`${s.url}/__mock/clock`)).json()) as { advancedMs: number }).advancedMs).toBe(0);
  });

  it('names an unknown scenario', async () => {
    const s = await mock();
    const res = await fetch(`${s.url}/__mock/scenario`, { method: 'PUT', headers: JSON_TYPE, body: '{"name":"nope"}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'MOCK_SCENARIO_UNKNOWN', field: 'name' });
  });
});

/**
 * PUTs a JSON body that never ends (chunked, 64 KiB at a time, backpressure respected) until the
 * server answers or `giveUpAfter` bytes are written. Answers the status and body, and how many
 * bytes had been written when the answer came.
 */
function endlessPut(
  url: string,
  path: string,
  giveUpAfter: number,
): Promise<{ status: number; body: string; written: number; ended: boolean }> {
  const { hostname, port } = new URL(url);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    let ended = false;
    const req = httpRequest({ host: hostname, port, path, method: 'PUT', headers: { ...JSON_TYPE } }, (res) => {
      answered = true;
      const at = written;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text) => (body += text));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, written: at, ended });
        req.destroy();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    // Writes after the server closed the connection fail: expected once it has answered.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && !req.destroyed) {
        if (written >= giveUpAfter) {
          ended = true;
          req.end('"}');
          return;
        }
        written += chunk.length;
        if (!req.write(written === chunk.length ? Buffer.concat([Buffer.from('{"faults":"'), chunk]) : chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

describe('bodies are capped in bytes, before they are buffered', () => {
  it('answers 413 to a body that never ends after reading about the cap, and stays responsive', async () => {
    const s = await mock();
    // Whatever the kernel's socket buffers hold besides: far below what the client would send.
    const bound = 16 * 1024 * 1024;
    const result = await endlessPut(s.url, '/__mock/faults', 3 * bound);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ code: 'MOCK_CONTROL_BODY_TOO_LARGE' });
    expect(result.ended, 'the answer came before the body ended').toBe(false);
    expect(result.written).toBeLessThan(bound);
    expect(((await (await fetch(`${s.url}/__mock/faults`)).json()) as { faults: string }).faults).toBe('');
    expect((await fetch(`${s.url}/__mock/jobs`)).status).toBe(200);
  });

  it('answers 413 at once to a declared length over the cap (600 MB), without waiting for it', async () => {
    const s = await mock();
    const { hostname, port } = new URL(s.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: hostname,
          port,
          path: '/__mock/scenario',
          method: 'PUT',
          headers: { ...JSON_TYPE, 'content-length': String(600_000_000) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
      req.on('error', reject);
      req.write('{"name":"');
    });
    expect(status).toBe(413);
    expect(await scenarioOf(s)).toBe('happy');
  });

  it('counts bytes, not UTF-16 characters', async () => {
    const s = await mock();
    // 16,000 characters of 3 bytes each: 48,000 bytes, a third of them within a character count.
    const body = JSON.stringify({ faults: '€'.repeat(16_000) });
    expect(body.length).toBeLessThan(MAX_CONTROL_BODY);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_CONTROL_BODY);
    const res = await fetch(`${s.url}/__mock/faults`, { method: 'PUT', headers: JSON_TYPE, body });
    expect(res.status).toBe(413);
    const fits = JSON.stringify({ faults: 'latency=1' }).padEnd(MAX_CONTROL_BODY, ' ');
    expect((await fetch(`${s.url}/__mock/faults`, { method: 'PUT', headers: JSON_TYPE, body: fits })).status).toBe(200);
  });
});
