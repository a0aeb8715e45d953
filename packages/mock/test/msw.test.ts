// The MSW handlers in Node (setupServer): the same engine, and a body that breaks mid-way must
// reach fetch's reader as a network error, not as a shorter body that looks complete. The control
// API keeps its rules under MSW (no CORS, the mock's own Origin, JSON bodies capped and checked);
// the Host rule is met by construction: the handlers answer baseUrl only and no socket listens.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../src/msw.js';
import { auditHeaders, NOW } from './helpers.js';

const BASE = 'http://audit-mock.test';
const P = `${BASE}/audit-query-service/v2/export`;
const WINDOW = 'tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z';
const mock = createHandlers({
  seed: 7,
  baseUrl: BASE,
  config: { now: NOW, auditQuery: { pendingMs: 0, processingMs: 0 } },
});
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen());
afterEach(() => mock.reset());
afterAll(() => server.close());

async function completedJob(): Promise<string> {
  const res = await fetch(`${P}?${WINDOW}`, { headers: auditHeaders() });
  expect(res.status).toBe(200);
  return ((await res.json()) as { jobId: string }).jobId;
}

/** Reads a body to its end; returns the bytes read and the error the read ended with, if any. */
async function drain(res: Response): Promise<{ text: string; error: unknown }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe('createHandlers under setupServer', () => {
  it('streams the whole result of the ground truth', async () => {
    const jobId = await completedJob();
    const { text, error } = await drain(await fetch(`${P}/result/${jobId}`, { headers: auditHeaders() }));
    expect(error).toBeUndefined();
    const lines = text.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(mock.expectedEvents(jobId).map((event) => event.id));
  });

  it('turns a drop after N lines into a TypeError on read, after exactly those lines', async () => {
    const jobId = await completedJob();
    const res = await fetch(`${P}/result/${jobId}`, {
      headers: { ...auditHeaders(), 'x-mock-fault': 'drop-after-lines=5' },
    });
    expect(res.status).toBe(200);
    const { text, error } = await drain(res);
    expect(error).toBeInstanceOf(TypeError);
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('turns a body cut after N bytes into a TypeError on read', async () => {
    const jobId = await completedJob();
    const res = await fetch(`${P}/result/${jobId}`, {
      headers: { ...auditHeaders(), 'x-mock-fault': 'cut-after-bytes=100' },
    });
    const { text, error } = await drain(res);
    expect(error).toBeInstanceOf(TypeError);
    expect(new TextEncoder().encode(text).byteLength).toBe(100);
  });

  it('answers a reset by peer with a rejected fetch', async () => {
    await expect(fetch(`${P}/status/x`, { headers: { ...auditHeaders(), 'x-mock-fault': 'reset' } })).rejects.toThrow(
      TypeError,
    );
  });

  it('leaves text answers, which cannot drop, unchunked', async () => {
    const res = await fetch(`${P}/status/x`, { headers: auditHeaders() });
    expect(res.status).toBe(404);
    expect(res.headers.get('transfer-encoding')).toBeNull();
  });
});

describe('the control API under MSW', () => {
  const JSON_TYPE = { 'content-type': 'application/json' };
  const scenario = async () => ((await (await fetch(`${BASE}/__mock/scenario`)).json()) as { name: string }).name;

  it('answers under baseUrl’s host, without CORS headers', async () => {
    const res = await fetch(`${BASE}/__mock/scenario`, { headers: { origin: BASE } });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('refuses another Origin, on reads and changes', async () => {
    const origin = 'http://evil.example';
    expect((await fetch(`${BASE}/__mock/jobs`, { headers: { origin } })).status).toBe(403);
    const put = await fetch(`${BASE}/__mock/scenario`, {
      method: 'PUT',
      headers: { origin, ...JSON_TYPE },
      body: '{"name":"slow-job"}',
    });
    expect(put.status).toBe(403);
    expect(await put.json()).toMatchObject({ code: 'MOCK_CONTROL_ORIGIN_REFUSED' });
    expect(await scenario()).toBe('happy');
  });

  it('requires Content-Type: application/json on every change and checks every field', async () => {
    const plain = await fetch(`${BASE}/__mock/scenario`, { method: 'PUT', body: '{"name":"slow-job"}' });
    expect(plain.status).toBe(415);
    expect((await fetch(`${BASE}/__mock/reset`, { method: 'POST' })).status).toBe(415);
    const typed = await fetch(`${BASE}/__mock/scenario`, {
      method: 'PUT',
      headers: JSON_TYPE,
      body: '{"name":{"toString":1}}',
    });
    expect(typed.status).toBe(400);
    expect(await typed.json()).toMatchObject({ code: 'MOCK_CONTROL_BODY_INVALID', field: 'name' });
    expect(await scenario()).toBe('happy');
    const ok = await fetch(`${BASE}/__mock/scenario`, {
      method: 'PUT',
      headers: JSON_TYPE,
      body: '{"name":"slow-job"}',
    });
    expect(ok.status).toBe(200);
    expect(await scenario()).toBe('slow-job');
  });

  it('reads about the cap of a body that goes on, then answers 413', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const giveUpAfter = 8 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= giveUpAfter) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        controller.enqueue(pulled === 0 ? new TextEncoder().encode('{"faults":"') : chunk);
        pulled += chunk.length;
      },
    });
    const res = await fetch(`${BASE}/__mock/faults`, {
      method: 'PUT',
      headers: JSON_TYPE,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'MOCK_CONTROL_BODY_TOO_LARGE' });
    // MSW's interceptor takes the body from fetch ahead of the handler (a few hundred KiB here): the
    // bound is that margin, far from the 8 MiB the whole body would be.
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });
});
