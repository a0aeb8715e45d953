import { afterEach, describe, expect, it } from 'vitest';
import { type AuditQueryClientOptions, createAuditQueryClient } from '../src/audit-query.js';
import { AuthError, BadRequestError, NotFoundError, ServerError } from '../src/core/errors.js';
import { createZohoClient } from '../src/zoho.js';
import { fakeClock, json, startServer } from './helpers/server.js';

const secrets = { accessToken: 'tok-ACCESS-9f8e7d', apiToken: 'eyJhbGciOi.PAYLOAD-secret.SIG-secret' };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Asserts no credential value appears in the error's message, fields, JSON or string form. */
function expectNoToken(error: unknown, tokens: string[]) {
  const views = [
    JSON.stringify(error),
    String(error),
    (error as Error).message,
    JSON.stringify(Object.entries(error as object)),
  ];
  for (const view of views) for (const token of tokens) expect(view).not.toContain(token);
}

describe('errors', () => {
  it.each([
    [400, BadRequestError, 'BAD_REQUEST', 'Job with given ID is not pending'],
    [401, AuthError, 'AUTH', 'Full authentication is required'],
    [403, AuthError, 'AUTH', 'Forbidden'],
    [404, NotFoundError, 'NOT_FOUND', 'Job with id: x not found'],
    [500, ServerError, 'SERVER_ERROR', 'boom'],
  ])('maps a Spring %i body to %s with status, path, apiCode and apiMessage', async (status, type, code, message) => {
    const server = await startServer((req, res) =>
      json(res, status, {
        timestamp: '2024-10-09T15:44:40.359+00:00',
        status,
        error: 'Reason',
        message,
        path: req.url,
      }),
    );
    close = server.close;
    const client = createAuditQueryClient({ baseUrl: server.url, auth: secrets, rateLimit: false, clock: fakeClock() });
    const error = await client.cancelJob('11d39530-4ff1-4ba6-848d-c8378956fb4a').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      code,
      status,
      method: 'GET',
      path: '/v2/export/cancel/11d39530-4ff1-4ba6-848d-c8378956fb4a',
      apiCode: 'Reason',
      apiMessage: message,
      jobId: '11d39530-4ff1-4ba6-848d-c8378956fb4a',
    });
    expectNoToken(error, [secrets.accessToken, secrets.apiToken]);
  });

  it('scrubs a token the server echoes back in its message', async () => {
    const server = await startServer((req, res) =>
      json(res, 401, {
        status: 401,
        error: 'Unauthorized',
        message: `bad token ${req.headers.api_token} / ${req.headers.authorization}`,
        path: '/x',
      }),
    );
    close = server.close;
    const client = createAuditQueryClient({ baseUrl: server.url, auth: secrets, rateLimit: false, clock: fakeClock() });
    const error = await client.getJob('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).apiMessage).toContain('[redacted]');
    expectNoToken(error, [secrets.accessToken, secrets.apiToken]);
  });

  it('maps a Zoho error body to its code (OAUTH_SCOPE_MISMATCH) without the Zoho token', async () => {
    const token = '1000.zoho-secret-token.abc123';
    const server = await startServer((_req, res) =>
      json(res, 401, {
        code: 'OAUTH_SCOPE_MISMATCH',
        details: {},
        message: 'invalid oauth scope to access this URL',
        status: 'error',
      }),
    );
    close = server.close;
    const client = createZohoClient({
      baseUrl: server.url,
      auth: { accessToken: token },
      rateLimit: false,
      clock: fakeClock(),
    });
    const error = await client.listJobs().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({
      status: 401,
      apiCode: 'OAUTH_SCOPE_MISMATCH',
      path: '/crm/v7/settings/audit_log_export',
    });
    expectNoToken(error, [token]);
  });

  it.each([
    ['a blank apiToken', () => createAuditQueryClient({ ...base, auth: { accessToken: 'tok-1234', apiToken: ' ' } })],
    // A JavaScript caller may leave the option out: still the typed error, not a TypeError from reading it.
    ['no auth option at all', () => createAuditQueryClient({ ...base } as unknown as AuditQueryClientOptions)],
    ['no Zoho token', () => createZohoClient({ ...base, auth: { accessToken: '' } })],
  ])('%s is AuthError AUTH_MISSING, and nothing is sent', async (_, create) => {
    const error = await (create().getJob('x') as Promise<unknown>).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'AUTH_MISSING', status: 0 });
    expect(sent).toEqual([]);
  });
});

const sent: string[] = [];
const base = {
  baseUrl: 'http://127.0.0.1:9',
  rateLimit: false as const,
  clock: fakeClock(),
  fetch: async (request: Request) => {
    sent.push(request.url);
    return new Response('{}');
  },
};
