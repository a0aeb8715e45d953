// The MSW handlers in Node (setupServer): the same engine, and a body that breaks mid-way must
// reach fetch's reader as a network error, not as a shorter body that looks complete.
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
