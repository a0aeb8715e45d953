import { afterEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../src/index.js';
import { get, startMock } from './helpers.js';

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const basic = { authorization: `Basic ${Buffer.from('edcAuditJohn:secret').toString('base64')}` };

describe('GET /audit', () => {
  it('answers JSON by default and XML when Accept asks for it, with the same records', async () => {
    ({ server } = await startMock());
    const json = JSON.parse((await get(`${server.url}/audit?startDate=11/20/2026&stopDate=11/21/2026`, basic)).text);
    expect(json.audit.length).toBeGreaterThan(10);
    const xml = await get(`${server.url}/audit?startDate=11/20/2026&stopDate=11/21/2026`, {
      ...basic,
      accept: 'application/xml',
    });
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(xml.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<auditResult>')).toBe(true);
    expect(xml.text.match(/<audit>/g)?.length).toBe(json.audit.length);
  });

  it('applies action, resultCode, userName and the inclusive date range', async () => {
    ({ server } = await startMock());
    const r = JSON.parse(
      (await get(`${server.url}/audit?action=LOGIN&resultCode=FALSE&startDate=11/01/2026&stopDate=11/10/2026`, basic))
        .text,
    );
    expect(r.audit.length).toBeGreaterThan(0);
    for (const a of r.audit) {
      expect(a).toMatchObject({ eventType: 'LOGIN', eventResultCode: 'FALSE' });
      expect(a.occurredOn).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 1));
      expect(a.occurredOn).toBeLessThan(Date.UTC(2026, 10, 11));
    }
    const u = JSON.parse((await get(`${server.url}/audit?userName=edcAuditJohn`, basic)).text);
    expect(u.audit.every((a: { username: string }) => a.username === 'edcAuditJohn')).toBe(true);
  });

  it('answers 400 for a bad filter and 401 without a connected user', async () => {
    ({ server } = await startMock());
    const bad = await get(`${server.url}/audit?startDate=2026-11-01`, basic);
    expect([bad.status, bad.text]).toEqual([
      400,
      'startDate must be in the format mm/dd/yyyy (e.g. 12/01/2015), got "2026-11-01"',
    ]);
    expect((await get(`${server.url}/audit?action=READ`, basic)).status).toBe(400);
    const anon = await get(`${server.url}/audit`);
    expect([anon.status, anon.text, anon.headers.get('www-authenticate')]).toEqual([
      401,
      'Unauthorized',
      'Basic realm="audit"',
    ]);
    expect((await get(`${server.url}/audit`, { cookie: 'JSESSIONID=abc' })).status).toBe(200);
  });
});
