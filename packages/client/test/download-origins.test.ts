import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../src/core/errors.js';
import { specValues } from '../src/generated/zoho.gen.js';
import { zohoDownloadOrigins } from '../src/zoho/download-origins.js';
import { createZohoClient } from '../src/zoho.js';
import { fakeClock, json, startServer } from './helpers/server.js';

// The token goes with every download request, so a download link must name a host that is Zoho's by
// documentation (exact match, https) or the caller's own choice. A real server on 127.0.0.1 plays every
// host: the test's fetch sends any URL there, so "no request arrived" proves the token never left.

const TOKEN = '1000.4e7d0c9a1b2f3e4d5c6b7a8f9e0d1c2b.9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
const PATH = '/v2/crm/15515278/auditlog/111111000000066005/AuditLog_001.zip';
let server: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
  server = await startServer((_req, res) => json(res, 404, { code: 'INVALID_URL_PATTERN', message: 'no such file' }));
});
afterEach(async () => {
  await server.close();
});

/** A Zoho client whose fetch delivers every request, whatever its host, to the loopback server. */
function client(downloadOrigins?: string[], baseUrl = 'https://www.zohoapis.com') {
  const loopback = new URL(server.url);
  return createZohoClient({
    baseUrl,
    auth: { accessToken: TOKEN },
    rateLimit: false,
    retry: false,
    clock: fakeClock(),
    ...(downloadOrigins ? { downloadOrigins } : {}),
    fetch: (request) => {
      const url = new URL(request.url);
      url.protocol = 'http:';
      url.host = loopback.host;
      return globalThis.fetch(new Request(url, request));
    },
  });
}

async function firstError(iterable: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of iterable) return undefined;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('download hosts', () => {
  it("derives Zoho's documented download origins from the spec's download operation (https only)", () => {
    const hosts = specValues.operationServers.downloadAuditLogExportFile[0]?.variables['download-domain'] ?? [];
    expect(zohoDownloadOrigins).toEqual(hosts.map((host) => `https://${host}`));
    expect(zohoDownloadOrigins).toContain('https://download.zoho.com');
    expect(zohoDownloadOrigins).toContain('https://download.zoho.eu');
  });

  it.each([
    ['a look-alike with a foreign suffix', `https://download.zoho.evil.example${PATH}`],
    ['a documented host as a prefix of another domain', `https://download.zoho.com.evil.example${PATH}`],
    ['a documented host as user info', `https://download.zoho.com@evil.example${PATH}`],
    ['user info before a documented host', `https://user:pw@download.zoho.com${PATH}`],
    ['plain http to a documented host', `http://download.zoho.com${PATH}`],
    ['a documented host on another port', `https://download.zoho.com:8443${PATH}`],
    ['a subdomain of a documented host', `https://cdn.download.zoho.com${PATH}`],
    ['a host that merely ends like one', `https://xdownload.zoho.com${PATH}`],
    ['a hyphen instead of a dot', `https://download-zoho.com${PATH}`],
    ['a shorter top-level domain', `https://download.zoho.co${PATH}`],
    ['a trailing dot', `https://download.zoho.com.${PATH}`],
    ['a Cyrillic homograph', `https://download.zоho.com${PATH}`],
    ['a percent-encoded dot in the host', `https://download.zoho.com%2eevil.example${PATH}`],
    ['the documented host in the path only', `https://evil.example/download.zoho.com${PATH}`],
    ['an undocumented Zoho-like data center', `https://download.zoho.evil${PATH}`],
  ])('refuses %s before any request, with a typed error', async (_, link) => {
    const error = await firstError(client().download(link));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: 'UNTRUSTED_DOWNLOAD_ORIGIN' });
    expect(String(error)).not.toContain(TOKEN);
    expect(server.requests).toHaveLength(0);
  });

  it.each(zohoDownloadOrigins.map((origin) => [origin]))(
    'sends the token to the documented download origin %s',
    async (origin) => {
      const error = await firstError(client().download(`${origin}${PATH}`));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers.authorization).toBe(`Zoho-oauthtoken ${TOKEN}`);
    },
  );

  it('accepts an upper-case or default-port spelling of a documented host (same origin)', async () => {
    await firstError(client().download(`https://DOWNLOAD.ZOHO.EU:443${PATH}`));
    expect(server.requests).toHaveLength(1);
  });

  it('accepts exactly the origins given in downloadOrigins, and the API origin', async () => {
    const own = client(['https://files.example.net:8443']);
    await firstError(own.download(`https://files.example.net:8443${PATH}`));
    await firstError(own.download(`https://www.zohoapis.com${PATH}`));
    expect(server.requests).toHaveLength(2);
    const refused = await firstError(own.download(`https://files.example.net${PATH}`));
    expect(refused).toMatchObject({ code: 'UNTRUSTED_DOWNLOAD_ORIGIN' });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['plain http to a remote host', 'http://files.example.net'],
    ['no scheme', 'download.zoho.evil'],
    ['a path', 'https://files.example.net/files'],
    ['user info', 'https://u:p@files.example.net'],
    ['a wildcard', 'https://*.zoho.com'],
  ])('rejects a downloadOrigins entry with %s when the client is created', (_, entry) => {
    expect(() => client([entry])).toThrow(InvalidArgumentError);
  });

  it('allows plain http only for a loopback origin named in downloadOrigins', async () => {
    const own = createZohoClient({
      baseUrl: 'https://www.zohoapis.com',
      auth: { accessToken: TOKEN },
      rateLimit: false,
      retry: false,
      downloadOrigins: [server.url],
    });
    const error = await firstError(own.download(`${server.url}${PATH}`));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(server.requests[0]?.headers.authorization).toBe(`Zoho-oauthtoken ${TOKEN}`);
  });

  it('does not carry the token across a redirect to another origin', async () => {
    const other = await startServer((_req, res) => json(res, 404, {}));
    try {
      const trusted = await startServer((_req, res) => {
        res.writeHead(302, { location: `${other.url}${PATH}` });
        res.end();
      });
      try {
        const own = createZohoClient({
          baseUrl: trusted.url,
          auth: { accessToken: TOKEN },
          rateLimit: false,
          retry: false,
        });
        await firstError(own.download(`${trusted.url}${PATH}`));
        expect(trusted.requests[0]?.headers.authorization).toBe(`Zoho-oauthtoken ${TOKEN}`);
        expect(other.requests).toHaveLength(1);
        expect(other.requests[0]?.headers.authorization).toBeUndefined();
      } finally {
        await trusted.close();
      }
    } finally {
      await other.close();
    }
  });
});
