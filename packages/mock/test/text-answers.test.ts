// The engine answers plain Responses: a text answer carries its body and declares its length in
// bytes, which is how hosts tell a whole answer from a stream (one write in Node, MSW's framing).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMockEngine } from '../src/engine.js';
import { textResponse } from '../src/http.js';
import { writeResponse } from '../src/node/adapter.js';
import { auditHeaders, NOW } from './helpers.js';

describe('text answers', () => {
  it.each([
    ['/audit-query-service/v2/export/status/x', auditHeaders()],
    ['/crm/v7/settings/audit_log_export', {}],
    ['/audit?action=LOGIN', { authorization: `Basic ${btoa('john:pw')}`, accept: 'application/xml' }],
    ['/nowhere', {}],
  ])('%s: the body is there, its length declared', async (path, headers) => {
    const engine = createMockEngine({ seed: 7, config: { now: NOW } });
    const res = await engine.fetch(new Request(`http://mock.test${path}`, { headers }));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength));
  });

  it('counts bytes, not characters, in a non-ASCII answer', async () => {
    const res = textResponse(200, { 'content-type': 'text/plain' }, 'é€😀');
    expect([res.headers.get('content-length'), await res.text()]).toEqual(['9', 'é€😀']);
  });

  it.each([
    ['every byte value', Uint8Array.from({ length: 256 }, (_, i) => i)],
    ['UTF-8 text', new TextEncoder().encode('{"name":"é€😀"}')],
  ])('go out of the Node adapter byte for byte in one write: %s', async (_name, bytes) => {
    const server = createServer((_req, res) => {
      const body = new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
      void writeResponse(body, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    } finally {
      server.close();
    }
  });
});
