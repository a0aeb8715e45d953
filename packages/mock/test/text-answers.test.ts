// The engine answers plain Responses: a text answer carries its body and declares its length in
// bytes, which is how hosts tell a whole answer from a stream (one write in Node, MSW's framing).
import { describe, expect, it } from 'vitest';
import { createMockEngine } from '../src/engine.js';
import { textResponse } from '../src/http.js';
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
});
