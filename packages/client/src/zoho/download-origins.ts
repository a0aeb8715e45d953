import { InvalidArgumentError } from '../core/errors.js';
import { specValues } from '../generated/zoho.gen.js';

// The token goes with every download request, so a link is followed only to a host that is Zoho's
// by documentation or the caller's own say: exact origins, never a prefix or suffix match.

/** Hosts a plain-http `downloadOrigins` entry may name: a local stand-in, never a remote host. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Expands a server URL template with every allowed value of its variables (`https://{download-domain}`). */
function expand(url: string, variables: Readonly<Record<string, readonly string[]>>): string[] {
  let urls = [url];
  for (const [name, values] of Object.entries(variables)) {
    urls = urls.flatMap((template) => values.map((value) => template.split(`{${name}}`).join(value)));
  }
  return urls;
}

/** Zoho's documented download origins (https, one per data center), read from the spec's download operation. */
export const zohoDownloadOrigins: readonly string[] = specValues.operationServers.downloadAuditLogExportFile
  .flatMap((server) => expand(server.url, server.variables))
  .map((url) => new URL(url).origin)
  .filter((origin) => origin.startsWith('https://'));

/** Parses one `downloadOrigins` entry: an https origin, or http on a loopback host (tests, a local mock). */
function parseOrigin(entry: string): string {
  let url: URL | undefined;
  try {
    url = new URL(entry);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.has(url.hostname));
  // A host name proper (letters, digits, dots, hyphens; IDNs arrive as punycode) or an IPv6 literal: no wildcards.
  const plainHost = url !== undefined && /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname);
  if (
    !url ||
    !secure ||
    !plainHost ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== ''
  ) {
    throw new InvalidArgumentError(
      `downloadOrigins entry ${JSON.stringify(entry)} is not an origin: use "https://host[:port]" (plain http only for 127.0.0.1, localhost or [::1]).`,
    );
  }
  return url.origin;
}

/**
 * Returns the check applied to every download link before any request: its origin must equal the API's
 * (`baseUrl`), one of Zoho's documented download origins, or one of `downloadOrigins`. Throws
 * InvalidArgumentError (`UNTRUSTED_DOWNLOAD_ORIGIN`) otherwise, and for a link carrying user info.
 */
export function downloadOriginCheck(baseUrl: string, downloadOrigins: readonly string[] = []): (url: URL) => void {
  const trusted = new Set([new URL(baseUrl).origin, ...zohoDownloadOrigins, ...downloadOrigins.map(parseOrigin)]);
  return (url) => {
    if (url.username === '' && url.password === '' && trusted.has(url.origin)) return;
    throw new InvalidArgumentError(
      `Refusing to send the Zoho token to ${url.origin}: it is not the API's origin nor one of Zoho's documented download hosts (${zohoDownloadOrigins.join(', ')}). Add it to the client's downloadOrigins if it is a Zoho download host.`,
      { code: 'UNTRUSTED_DOWNLOAD_ORIGIN' },
    );
  };
}
