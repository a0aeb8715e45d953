import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuditQueryClient } from '../src/audit-query.js';
import { createAuditResourceClient } from '../src/audit-resource.js';
import { AuditExportError, AuthError, InvalidArgumentError } from '../src/core/errors.js';
import { base64Forms, redactHeld } from '../src/core/redactor.js';
import { fakeClock, json, type SeenRequest, startServer } from './helpers/server.js';

// Secrets in every error path: whatever a server, a token provider or a fetch echoes back, no form of a
// credential the client holds may show in the error a caller sees, however the caller prints it.

const SEED = 160_005;
const JOB = '11d39530-4ff1-4ba6-848d-c8378956fb4a';
const API_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJjb21wYW55IjoiYWNtZSJ9.c2lnbmF0dXJl';

type Handler = (req: SeenRequest, res: ServerResponse, index: number) => void;
let handler: Handler = (_req, res) => json(res, 500, {});
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer((req, res, index) => handler(req, res, index));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

/** Every way a caller may print an error. */
function views(error: unknown): string[] {
  const e = error as Error;
  return [
    e.message,
    String(e.stack),
    String(e),
    JSON.stringify(e),
    inspect(e, { depth: Number.POSITIVE_INFINITY }),
    inspect(e, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
}

/** Every spelling of `token` that must not appear: raw, percent-encoded (all or dots only), base64 and base64url. */
function forms(token: string): string[] {
  const all = [...new TextEncoder().encode(token)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);
  const b64 = btoa(token).replace(/=+$/, '');
  return [
    token,
    all.join(''),
    all.join('').toLowerCase(),
    encodeURIComponent(token).replace(/\./g, '%2E'),
    b64,
    b64.replace(/\+/g, '-').replace(/\//g, '_'),
  ].filter((form) => form.length >= 8);
}

function expectNoForm(error: unknown, token: string, echoed: string) {
  expect(error).toBeInstanceOf(AuditExportError);
  for (const view of views(error)) {
    for (const form of [echoed, ...forms(token)]) {
      if (view.includes(form)) throw new Error(`a form of the token (${form}) shows in:\n${view}`);
    }
    // Nor a piece of it: a cut excerpt or an engine's JSON.parse message may quote part of a token.
    for (let i = 0; token.length >= 16 && i + 12 <= token.length; i++) {
      const piece = token.slice(i, i + 12);
      if (view.includes(piece)) throw new Error(`a piece of the token (${piece}) shows in:\n${view}`);
    }
  }
}

function auditQuery(auth: Parameters<typeof createAuditQueryClient>[0]['auth'], extra = {}) {
  return createAuditQueryClient({
    baseUrl: server.url,
    auth,
    rateLimit: false,
    retry: false,
    clock: fakeClock(),
    ...extra,
  });
}

const details = { id: 1, jobId: JOB, params: '{}', status: 'COMPLETED', createdAt: '2024-10-12T03:07:15Z' };

describe('regressions: each secrets defect', () => {
  it('redacts before cutting a long error text: a token across the 500th character does not half-survive', async () => {
    const token = 'c0ffee00c0ffee00c0ffee00c0ffee';
    handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`${'x'.repeat(490)}${token} and more`);
    };
    const error = await auditQuery({ accessToken: token, apiToken: API_TOKEN })
      .getJob(JOB)
      .catch((e: unknown) => e);
    expect((error as AuditExportError).apiMessage).toContain('[redacted]');
    for (const view of views(error)) expect(view).not.toContain(token.slice(0, 10));
  });

  it('scrubs a bare 30-hex access token echoed in a malformed result line (ExportIncompleteError)', async () => {
    const token = 'ab35805bf5d8a964b3634fa71143be';
    handler = (req, res) => {
      if (req.url.includes('/status/')) return json(res, 200, details);
      res.writeHead(200, { 'content-type': 'application/jsonl' });
      res.end(`{oops ${token}\n`);
    };
    const client = auditQuery({ accessToken: token, apiToken: API_TOKEN });
    const error = await (async () => {
      for await (const _ of client.exportEvents({ jobId: JOB, downloadRetries: 0 })) {
        // no event is expected
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ jobId: JOB });
    expectNoForm(error, token, token);
  });

  it('scrubs a percent-encoded token (%2E for dots) the server echoes', async () => {
    const echoed = encodeURIComponent(API_TOKEN).replace(/\./g, '%2E');
    handler = (_req, res) => json(res, 401, { status: 401, error: 'Unauthorized', message: `bad token ${echoed}` });
    const error = await auditQuery({ accessToken: 'tok-ACCESS-9f8e7d', apiToken: API_TOKEN })
      .getJob(JOB)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expectNoForm(error, API_TOKEN, echoed);
  });

  it('hides what a failing token provider threw: no token through `cause` in util.inspect, String or stack', async () => {
    const held = 'tok-held-0123456789';
    let calls = 0;
    handler = (_req, res) => json(res, 401, { status: 401, error: 'Unauthorized', message: 'expired' });
    const provider = ({ forceRefresh }: { forceRefresh: boolean }) => {
      calls++;
      if (!forceRefresh) return { accessToken: held, apiToken: API_TOKEN };
      throw new Error(`refresh failed for ${held}; new token was ${API_TOKEN}`, {
        cause: new Error(`token endpoint said {"access_token":"${held}"}`),
      });
    };
    const error = await auditQuery(provider)
      .getJob(JOB)
      .catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(error).toMatchObject({ code: 'AUTH_PROVIDER_FAILED' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expectNoForm(error, held, held);
    expectNoForm(error, API_TOKEN, API_TOKEN);
  });

  it('leaves the caller’s own error object untouched when it scrubs a copy', async () => {
    const thrown = new Error('provider down: tok-held-0123456789');
    handler = (_req, res) => json(res, 200, details);
    const error = await auditQuery(() => {
      throw thrown;
    })
      .getJob(JOB)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH_PROVIDER_FAILED' });
    expect(thrown.message).toBe('provider down: tok-held-0123456789');
  });

  it('encodes a non-Latin-1 Basic user and password as UTF-8 (RFC 7617) instead of throwing', async () => {
    handler = (_req, res) => json(res, 200, { audit: [] });
    const client = createAuditResourceClient({
      baseUrl: server.url,
      auth: { username: 'zoë', password: 'пароль✓🔑' },
      rateLimit: false,
    });
    await expect(client.listAudits()).resolves.toEqual([]);
    const expected = Buffer.from('zoë:пароль✓🔑', 'utf8').toString('base64');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${expected}`);
  });

  it('refuses a Basic username containing ":" with a typed error', async () => {
    const client = createAuditResourceClient({ baseUrl: server.url, auth: { username: 'a:b', password: 'pw' } });
    await expect(client.listAudits()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('scrubs the Basic header (base64 of user:password) and the password when echoed', async () => {
    const password = 'pässwörd-secret-42';
    handler = (req, res) =>
      json(res, 403, { status: 403, error: 'Forbidden', message: `${req.headers.authorization}` });
    const client = createAuditResourceClient({
      baseUrl: server.url,
      auth: { username: 'ops', password },
      rateLimit: false,
    });
    const error = await client.listAudits().catch((e: unknown) => e);
    const basic = Buffer.from(`ops:${password}`, 'utf8').toString('base64');
    expectNoForm(error, password, basic);
  });
});

describe('redactHeld', () => {
  it('finds base64 spellings of a secret at every byte alignment inside a longer base64 text', () => {
    const secret = 'tok-7f1d9a0b2c';
    for (const prefix of ['', 'a', 'ab', 'abc:']) {
      const text = `header ${btoa(`${prefix}${secret}:tail`)} end`;
      const clean = redactHeld(text, [secret]);
      expect(clean).toContain('[redacted]');
      expect(base64Forms(secret).some((form) => clean.includes(form))).toBe(false);
    }
  });

  it('matches percent-encoded characters in either hex case, and double encoding', () => {
    const secret = 'a.b/c+d=e~long';
    for (const form of ['a%2Eb%2Fc%2Bd%3De~long', 'a%2eb%2fc%2bd%3de%7Elong', 'a%252Eb%252Fc+d=e~long']) {
      expect(redactHeld(`x ${form} y`, [secret])).toBe('x [redacted] y');
    }
  });
});

const hex = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${min},${max}}$`));
const b64url = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
const tokens = fc.oneof(
  hex(30, 30),
  fc.tuple(b64url(8, 40), b64url(8, 60), b64url(8, 40)).map(([h, p, s]) => `eyJ${h}.${p}.${s}`),
  fc.tuple(hex(32, 32), hex(32, 32)).map(([a, b]) => `1000.${a}.${b}`),
  fc.stringMatching(/^[A-Za-z0-9._~+/-]{8,64}$/),
);
/** How the server echoes the token. */
const encodings: Record<string, (token: string) => string> = {
  exact: (t) => t,
  percentDots: (t) => encodeURIComponent(t).replace(/\./g, '%2E'),
  percentAll: (t) => [...new TextEncoder().encode(t)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  base64: (t) => btoa(t),
  base64url: (t) => btoa(t).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
  basic: (t) => btoa(`user:${t}`),
};
type Path = 'text-short' | 'text-long' | 'json' | 'jsonl' | 'provider' | 'fetch';

/** Runs one error path with `token` held and `echoed` sent back; resolves to the error the caller sees. */
async function errorOf(path: Path, token: string, echoed: string, filler: number): Promise<unknown> {
  const auth = { accessToken: token, apiToken: API_TOKEN };
  const fail = (e: unknown) => e;
  switch (path) {
    case 'text-short':
    case 'text-long':
      handler = (_req, res) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(path === 'text-short' ? `no: ${echoed}` : `${'x'.repeat(filler)}${echoed}${'y'.repeat(filler)}`);
      };
      return auditQuery(auth).getJob(JOB).catch(fail);
    case 'json':
      handler = (_req, res) =>
        json(res, 400, { status: 400, error: `E ${echoed}`, message: `${'m'.repeat(filler)} ${echoed}` });
      return auditQuery(auth).cancelJob(JOB).catch(fail);
    case 'jsonl':
      handler = (req, res) => {
        if (req.url.includes('/status/')) return json(res, 200, details);
        res.writeHead(200, { 'content-type': 'application/jsonl' });
        res.end(`{"bad" ${'z'.repeat(filler % 300)} ${echoed}\n`);
      };
      return (async () => {
        for await (const _ of auditQuery(auth).exportEvents({ jobId: JOB, downloadRetries: 0 })) {
          // no event is expected
        }
      })().catch(fail);
    case 'provider':
      handler = (_req, res) => json(res, 401, {});
      return auditQuery(({ forceRefresh }) => {
        if (!forceRefresh) return auth;
        throw new TypeError(`cannot refresh ${echoed}`, { cause: { body: `{"t":"${echoed}"}` } });
      })
        .getJob(JOB)
        .catch(fail);
    case 'fetch':
      return auditQuery(auth, {
        fetch: async () => {
          throw new TypeError(`fetch failed at ${echoed}`, { cause: new Error(`socket said ${echoed}`) });
        },
      })
        .getJob(JOB)
        .catch(fail);
  }
}

describe('property: no held token in any error path', () => {
  it('keeps every form of a held token out of message, stack, String, JSON and util.inspect', async () => {
    await fc.assert(
      fc.asyncProperty(
        tokens,
        fc.constantFrom(...Object.keys(encodings)),
        fc.constantFrom<Path>('text-short', 'text-long', 'json', 'jsonl', 'provider', 'fetch'),
        fc.integer({ min: 0, max: 1200 }),
        async (token, encoding, path, filler) => {
          const echoed = (encodings[encoding] ?? String)(token);
          const error = await errorOf(path, token, echoed, filler);
          expectNoForm(error, token, echoed);
        },
      ),
      { seed: SEED, numRuns: 120, verbose: 1 },
    );
  });
});
