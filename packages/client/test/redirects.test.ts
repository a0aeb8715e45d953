import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditQueryClient } from '../src/audit-query.js';
import { createAuditResourceClient } from '../src/audit-resource.js';
import { HttpError } from '../src/core/errors.js';
import { createZohoClient, criteria } from '../src/zoho.js';
import { fakeClock, json, type SeenRequest, startServer } from './helpers/server.js';

// fetch drops `Authorization` when a redirect leaves the origin and forwards every other header. The
// clients follow redirects themselves: within the origin with the credentials, anywhere else with none
// of them (the audit query's `api_token`, the audit resource's session cookie, `Authorization`). Two real
// servers on 127.0.0.1, on two ports, are two origins; `localhost` on the first port is a third.

const ACCESS = 'access-7d0c9a1b2f3e4d5c6b7a8f9e0d1c2b3a';
const API_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIzMDEifQ.id-token-secret-42';
const ZOHO = '1000.4e7d0c9a1b2f3e4d5c6b7a8f9e0d1c2b.9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const SESSION = 'session-0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const SECRETS = [ACCESS, API_TOKEN, ZOHO, SESSION, 'john:pw-secret', Buffer.from('john:pw-secret').toString('base64')];
const JOB = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';

type Redirect = (req: SeenRequest, res: ServerResponse, index: number) => void;
let api: Awaited<ReturnType<typeof startServer>>;
let other: Awaited<ReturnType<typeof startServer>>;
/** How the API server answers request `index`; once it returns false, it answers as the API. */
let redirect: Redirect | undefined;

/** The answer each API gives to the calls below. */
function answer(req: SeenRequest, res: ServerResponse) {
  if (req.url.includes('/v2/export/status/')) return json(res, 200, { jobId: JOB, status: 'PENDING' });
  if (req.url.includes('/audit_log_export')) {
    return json(res, 201, {
      audit_log_export: [
        { code: 'SCHEDULED', details: { id: '2276164000001008007' }, message: 'scheduled', status: 'success' },
      ],
    });
  }
  return json(res, 200, []);
}

beforeEach(async () => {
  redirect = undefined;
  other = await startServer((req, res) => answer(req, res));
  api = await startServer((req, res, index) => (redirect ? redirect(req, res, index) : answer(req, res)));
});
afterEach(async () => {
  await Promise.all([api.close(), other.close()]);
});

const to = (res: ServerResponse, status: number, location: string) => res.writeHead(status, { location }).end();
const options = { rateLimit: false, retry: false, clock: fakeClock() } as const;

/** The three clients' calls, each with the credentials it sends. */
const calls = {
  'audit query (Bearer + api_token)': () =>
    createAuditQueryClient({ baseUrl: api.url, auth: { accessToken: ACCESS, apiToken: API_TOKEN }, ...options }).getJob(
      JOB,
    ),
  'Zoho (a POST with a body)': () =>
    createZohoClient({ baseUrl: api.url, auth: { accessToken: ZOHO }, ...options }).createExport(
      criteria.auditedTimeBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z')),
    ),
  'audit resource (Basic)': () =>
    createAuditResourceClient({
      baseUrl: api.url,
      auth: { username: 'john', password: 'pw-secret' },
      ...options,
    }).listAudits(),
  'audit resource (session cookie)': () =>
    createAuditResourceClient({ baseUrl: api.url, auth: { sessionId: SESSION }, ...options }).listAudits(),
};

/** True when no header of `req` carries any credential. */
const bare = (req: SeenRequest) =>
  !('authorization' in req.headers || 'api_token' in req.headers || 'cookie' in req.headers) &&
  !SECRETS.some((secret) => JSON.stringify(req.headers).includes(secret));

describe.each(Object.entries(calls))('redirects of the %s client', (_name, call) => {
  it('follows one within the origin with the credentials (and the body of a 307)', async () => {
    redirect = (req, res, index) => (index === 0 ? to(res, 307, `/moved${req.url}`) : answer(req, res));
    await call();
    const [first, second] = api.requests;
    expect(second?.url).toBe(`/moved${first?.url}`);
    expect(second?.method).toBe(first?.method);
    expect(second?.body).toBe(first?.body);
    expect(bare(second as SeenRequest)).toBe(false);
    expect(second?.headers.authorization ?? second?.headers.cookie).toBe(
      first?.headers.authorization ?? first?.headers.cookie,
    );
  });

  it('sends no credential to another origin (port), then or after', async () => {
    redirect = (req, res) => to(res, 302, `${other.url}/elsewhere${req.url}`);
    await call();
    expect(other.requests).toHaveLength(1);
    expect(other.requests.every(bare)).toBe(true);
  });

  it('counts another host name on the same port as another origin', async () => {
    redirect = (req, res, index) =>
      index === 0 ? to(res, 308, `${api.url.replace('127.0.0.1', 'localhost')}${req.url}`) : answer(req, res);
    await call();
    expect(api.requests).toHaveLength(2);
    expect(bare(api.requests[1] as SeenRequest)).toBe(true);
  });

  it('does not give the credentials back when a chain returns to the origin', async () => {
    redirect = (req, res, index) =>
      index === 0
        ? to(res, 307, `${other.url}/bounce?back=${encodeURIComponent(api.url + req.url)}`)
        : answer(req, res);
    other.close();
    other = await startServer((req, res) =>
      req.url.startsWith('/bounce')
        ? to(res, 307, new URL(req.url, other.url).searchParams.get('back') ?? '')
        : answer(req, res),
    );
    await call();
    expect(api.requests).toHaveLength(2);
    expect(bare(api.requests[1] as SeenRequest)).toBe(true);
    expect(other.requests.every(bare)).toBe(true);
  });

  it('stops after 5 redirects with a typed error, not a loop', async () => {
    redirect = (req, res) => to(res, 302, req.url);
    const error = await call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 302 });
    expect(api.requests).toHaveLength(6);
  });
});

describe('a 303 after a POST', () => {
  it('goes on as a GET without the body, as fetch does', async () => {
    redirect = (req, res, index) => (index === 0 ? to(res, 303, `/created${req.url}`) : answer(req, res));
    await calls['Zoho (a POST with a body)']().catch(() => undefined);
    expect(api.requests[1]).toMatchObject({ method: 'GET', body: '' });
    expect(api.requests[1]?.headers['content-type']).toBeUndefined();
  });
});
