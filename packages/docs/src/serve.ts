import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { DEFAULT_MOCK_URL, type SiteConfig } from './site-config.js';

/** Options of {@link serveDocs}. */
export interface ServeDocsOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 4000. */
  port?: number;
  /** Base URL of the running mock the quick starts should call; default http://127.0.0.1:4010. */
  mockUrl?: string | undefined;
  /** Directory holding the built site; default the `site/` folder beside this module (dist/site). */
  root?: string;
}

/** A running docs server. */
export interface DocsServer {
  /** Base URL, e.g. http://127.0.0.1:4000 (no trailing slash). */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found · audit-export docs</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/site.css"></head>
<body><main class="page"><h1>Page not found</h1>
<p>Nothing is published at this address. Start again from the <a href="/">documentation home</a>.</p>
</main></body></html>
`;

/** Serves the built documentation site (and its `config.json` naming the mock) over HTTP. */
export async function serveDocs(options: ServeDocsOptions = {}): Promise<DocsServer> {
  const host = options.host ?? '127.0.0.1';
  const root = normalize(options.root ?? fileURLToPath(new URL('./site/', import.meta.url))).replace(/[\\/]+$/, '');
  const config: SiteConfig = { mockUrl: (options.mockUrl ?? DEFAULT_MOCK_URL).replace(/\/+$/, '') };
  const configBody = `${JSON.stringify(config, null, 2)}\n`;
  // dev: files are looked up per request, so a rebuilt site shows at once; etag: browsers still get 304s.
  const files = sirv(root, {
    dev: true,
    etag: true,
    setHeaders: (response) => response.setHeader('x-content-type-options', 'nosniff'),
  });

  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Method not allowed');
      return;
    }
    const pathname = (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (pathname === '/config.json') return send(response, 200, 'application/json; charset=utf-8', configBody);
    // sirv would serve a directory's index without its trailing slash, breaking the page's relative links.
    if (isDirectoryWithoutSlash(root, pathname)) {
      response.writeHead(301, { location: sitePath(`${pathname}/`) });
      response.end();
      return;
    }
    files(request, response, () => send(response, 404, 'text/html; charset=utf-8', NOT_FOUND_PAGE));
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 4000, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostPart}:${address.port}`,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

/** Whether `pathname` names a folder of the site that has an index.html, addressed without its slash. */
function isDirectoryWithoutSlash(root: string, pathname: string): boolean {
  if (pathname.endsWith('/')) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  // Containment as sirv checks it, and no `..` at all: nothing outside the site is even looked at.
  if (decoded.split(/[\\/]/).includes('..')) return false;
  const index = normalize(join(root, decoded, 'index.html'));
  return index.startsWith(root + sep) && existsSync(index);
}

/**
 * `pathname` as a redirect target that stays on this site: runs of slashes become one, and a
 * backslash is percent-encoded. A browser reads a `Location` of `//host/…` (or `/\\host/…`, which it
 * treats alike) as another host; this one always starts with exactly one `/` and a path segment.
 */
function sitePath(pathname: string): string {
  return `/${pathname
    .replaceAll('\\', '%5C')
    .replace(/^\/+/, '')
    .replace(/\/{2,}/g, '/')}`;
}

/** Sends a small in-memory body (HEAD gets the headers only). */
function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
