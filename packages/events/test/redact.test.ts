import { describe, expect, it } from 'vitest';
import { excerptOf, redactSecrets } from '../src/index.js';

describe('redactSecrets', () => {
  it.each([
    ['a JWT', 'token eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIzMDEifQ.ls8jn4JTgwYVbD9yC5CQ end', 'eyJ0eXAi'],
    ['a bearer token', 'Authorization: Bearer ab35805bf5d8a964b3634fa71143be', 'ab35805b'],
    ['a Zoho OAuth token', 'Zoho-oauthtoken 1000.abc123.def456', '1000.abc'],
    ['a secret-named JSON member', '{"api_token":"short-but-secret"}', 'short-but-secret'],
    ['a long hex run', 'sid c72bfdb1f8e316adb69e763eaf67589f end', 'c72bfdb1'],
    ['a long base64 run', 'blob QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w end', 'QUJDREVG'],
  ])('hides %s', (_, text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).toContain('[REDACTED');
    expect(redacted).not.toContain(secret);
  });

  it('hides a JWT whose dots are percent-encoded (%2E)', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9%2EeyJzdWIiOiIzMDEifQ%2els8jn4JTgwYVbD9yC5CQ';
    const redacted = redactSecrets(`token=${jwt}&x=1`);
    expect(redacted).toContain('[REDACTED:jwt]');
    expect(redacted).not.toContain('eyJzdWIi');
  });

  it('hides a long base64 run whose + and / are percent-encoded', () => {
    const blob = 'QUJDREVGR0hJSktMTU5P%2BFFSU1RVVldYWVph%2FmNkZWZnaGlqa2xtbm9w%3D';
    expect(redactSecrets(`blob ${blob} end`)).not.toContain('QUJDREVG');
  });

  it('leaves UUIDs, timestamps and names readable', () => {
    const text =
      '{"eventId":"6c66d9fb-ca17-4cac-bd96-f6f025dea9d5","timestamp":"2024-09-26T12:34:15.884Z","name":"cmd-center-command"}';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('excerptOf', () => {
  it('cuts long lines and escapes control characters', () => {
    expect(excerptOf('word '.repeat(100))).toHaveLength(161);
    expect(excerptOf('a\u0000b')).toBe('a\\u0000b');
  });

  it('redacts before cutting: a token the scan window would cut in half is dropped, not half shown', () => {
    // A JWT starting 30 characters before the 4096-character scan window ends: cut there, no pattern knows it.
    const jwt = `eyJ${'A'.repeat(60)}.eyJzdWIiOiIzMDEifQ.c2lnbmF0dXJl`;
    const line = `${'a '.repeat(2033)}${jwt}`;
    const excerpt = excerptOf(line, 10_000);
    expect(excerpt).not.toContain('eyJAAAA');
    expect(excerpt.startsWith('a a a')).toBe(true);
  });
});
