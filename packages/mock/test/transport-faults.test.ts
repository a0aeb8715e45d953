// The transport faults on the Node server, seen from a raw TCP socket: what a client's network
// stack would see (a reset, a close with nothing, garbage then a close), and fetch failing on each.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { auditHeaders, startMock } from './helpers.js';

const P = '/audit-query-service/v2/export';
let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function server(seed = 7): Promise<MockServer> {
  const { server } = await startMock({ auditQuery: { pendingMs: 0, processingMs: 0 } }, seed);
  servers.push(server);
  return server;
}

/** Sends one raw HTTP/1.1 request; resolves with every byte received and how the socket ended. */
function rawRequest(url: string, fault: string): Promise<{ bytes: Buffer; error?: string }> {
  const { hostname, port } = new URL(url);
  const headers = Object.entries({ ...auditHeaders(), 'x-mock-fault': fault })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${P}/status/x HTTP/1.1\r\nhost: ${hostname}\r\n${headers}\r\n`);
    });
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => resolve({ bytes: Buffer.concat(chunks), ...(error ? { error } : {}) }));
  });
}

describe('transport faults on the Node server', () => {
  it('reset: the connection is reset (ECONNRESET) before any byte', async () => {
    const mock = await server();
    expect(await rawRequest(mock.url, 'reset')).toEqual({ bytes: Buffer.alloc(0), error: 'ECONNRESET' });
  });

  it('empty-response: the connection closes cleanly with nothing written', async () => {
    const mock = await server();
    expect(await rawRequest(mock.url, 'empty-response')).toEqual({ bytes: Buffer.alloc(0) });
  });

  it('random-data: seeded bytes that are no HTTP answer, then a clean close', async () => {
    const first = await rawRequest((await server(3)).url, 'random-data');
    expect(first.error).toBeUndefined();
    expect(first.bytes.length).toBeGreaterThanOrEqual(16);
    expect(first.bytes.subarray(0, 5).toString('latin1')).not.toBe('HTTP/');
    // The same seed and the same request sequence give the same bytes; another seed others.
    expect((await rawRequest((await server(3)).url, 'random-data')).bytes).toEqual(first.bytes);
    expect((await rawRequest((await server(4)).url, 'random-data')).bytes).not.toEqual(first.bytes);
  });

  it.each(['reset', 'empty-response', 'random-data'])('%s: fetch rejects with a TypeError', async (fault) => {
    const mock = await server();
    await expect(
      fetch(`${mock.url}${P}/status/x`, { headers: { ...auditHeaders(), 'x-mock-fault': fault } }),
    ).rejects.toThrow(TypeError);
  });

  it('cut-after-bytes inside the first chunk: status, headers and exactly N bytes, then a TypeError', async () => {
    const mock = await server();
    const h = auditHeaders();
    const create = await fetch(
      `${mock.url}${P}?tenantId=acme&startTime=2026-11-22T00:00:00Z&endTime=2026-11-23T00:00:00Z`,
      { headers: h },
    );
    const { jobId } = (await create.json()) as { jobId: string };
    const res = await fetch(`${mock.url}${P}/result/${jobId}`, {
      headers: { ...h, 'x-mock-fault': 'cut-after-bytes=100' },
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let read = 0;
    const error = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          read += value.byteLength;
        }
      } catch (e) {
        return e;
      }
    })();
    expect(read).toBe(100);
    expect(error).toBeInstanceOf(TypeError);
  });
});

describe('CORS on the Node server', () => {
  it('lets a browser send the scenario and fault headers to the APIs (the control API is for this machine only)', async () => {
    const mock = await server();
    const pre = await fetch(`${mock.url}/crm/v7/settings/audit_log_export`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    const allowed = (pre.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['x-mock-scenario', 'x-mock-fault', 'authorization', 'api_token']));
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
    const control = await fetch(`${mock.url}/__mock/scenario`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
    });
    expect(control.headers.get('access-control-allow-origin')).toBeNull();
  });
});
