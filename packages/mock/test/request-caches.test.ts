import { describe, expect, it } from 'vitest';
import { Authenticator, DECODED_MAX } from '../src/audit-query/auth.js';
import { CreateQueryParser, PARSED_MAX, parseCreateQuery } from '../src/audit-query/create-query.js';
import { mintDevToken } from '../src/index.js';
import { NOW } from './helpers.js';

function request(headers: Record<string, string>): Headers {
  return new Headers(headers);
}

describe('Authenticator', () => {
  it('judges expiry on every request, even for credentials it has already decoded', () => {
    const auth = new Authenticator();
    const { headers } = mintDevToken({ tenant: 'acme', now: NOW, expiresIn: 60 });
    expect(auth.authenticate(request(headers), NOW).ok).toBe(true);
    expect(auth.authenticate(request(headers), NOW + 59_000).ok).toBe(true);
    expect(auth.authenticate(request(headers), NOW + 60_000)).toMatchObject({ ok: false, status: 401 });
    expect(auth.size).toBe(1);
  });

  it('gives the same answers as a fresh decode, in the order the checks apply', () => {
    const auth = new Authenticator();
    const good = mintDevToken({ tenant: 'acme', now: NOW }).headers;
    const noRole = mintDevToken({ tenant: 'acme', now: NOW, auditRole: false }).headers;
    const expiredNoRole = mintDevToken({ tenant: 'acme', now: NOW - 7_200_000, auditRole: false }).headers;
    const cases: Array<[Record<string, string>, unknown]> = [
      [{ api_token: good.api_token }, { ok: false, status: 401 }],
      [{ authorization: good.authorization }, { ok: false, status: 401 }],
      [
        { ...good, api_token: 'not-a-jwt' },
        { ok: false, status: 401 },
      ],
      [noRole, { ok: false, status: 403 }],
      [expiredNoRole, { ok: false, status: 401, reason: 'api_token expired' }],
      [good, { ok: true, caller: { company: 'acme' } }],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [headers, expected] of cases) {
        expect(auth.authenticate(request(headers), NOW)).toMatchObject(expected as object);
        expect(new Authenticator().authenticate(request(headers), NOW)).toEqual(
          auth.authenticate(request(headers), NOW),
        );
      }
    }
  });

  it(`keeps at most ${DECODED_MAX} decoded credentials`, () => {
    const auth = new Authenticator();
    const { idToken } = mintDevToken({ tenant: 'acme', now: NOW });
    for (let i = 0; i < DECODED_MAX + 10; i++) {
      expect(auth.authenticate(request({ authorization: `Bearer t${i}`, api_token: idToken }), NOW).ok).toBe(true);
    }
    expect(auth.size).toBeLessThanOrEqual(DECODED_MAX);
  });
});

describe('CreateQueryParser', () => {
  const url = (q: string) => new URL(`http://mock.invalid/audit-query-service/v2/export?${q}`);

  it('gives the outcome parseCreateQuery gives, and shares frozen filters', () => {
    const parser = new CreateQueryParser();
    for (const q of [
      'tenantId=acme&startTime=2026-11-01T00:00:00Z&endTime=2026-11-02T00:00:00Z&f.attrName=a,b&f.attrVal=1,2',
      'tenantId=acme&startTime=2026-11-02T00:00:00Z&endTime=2026-11-01T00:00:00Z',
      'tenantId=acme&startTime=yesterday&endTime=2026-11-01T00:00:00Z',
      'startTime=2026-11-01T00:00:00Z',
    ]) {
      const first = parser.parse(url(q));
      expect(first).toEqual(parseCreateQuery(url(q).searchParams));
      expect(parser.parse(url(q))).toBe(first);
      if (first.ok) {
        expect(Object.isFrozen(first.filters)).toBe(true);
        expect(Object.isFrozen(first.filters.attributes)).toBe(true);
      }
    }
  });

  it(`keeps at most ${PARSED_MAX} query strings`, () => {
    const parser = new CreateQueryParser();
    for (let i = 0; i < PARSED_MAX + 10; i++) parser.parse(url(`tenantId=t${i}`));
    expect(parser.size).toBeLessThanOrEqual(PARSED_MAX);
  });
});
