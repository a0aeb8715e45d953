import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MOCK_URL, type SiteConfig } from './site-config.js';
import { contentTypeFor, resolveRequestPath } from './static-files.js';

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
<link rel="stylesheet" href="/assets/site.css"></head>
<body><main class="page"><h1>Page not found</h1>
<p>Nothing is published at this address. Start again from the <a href="/">documentation home</a>.</p>
</main></body></html>
`;

/** Serves the built documentation site (and its `config.json` naming the mock) over HTTP. */
export async function serveDocs(options: ServeDocsOptions = {}): Promise<DocsServer> {
  const host = options.host ?? '127.0.0.1';
  const root = options.root ?? fileURLToPath(new URL('./site/', import.meta.url));
  const config: SiteConfig = { mockUrl: (options.mockUrl ?? DEFAULT_MOCK_URL).replace(/\/+$/, '') };
  const configBody = `${JSON.stringify(config, null, 2)}\n`;

  const server = createServer((request, response) => {
    handle(request, response, root, configBody).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal error');
    });
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

/** Answers one request: config.json from memory, files from `root`, a 404 page otherwise. */
async function handle(request: IncomingMessage, response: ServerResponse, root: string, configBody: string) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('Method not allowed');
    return;
  }
  const pathname = (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  if (pathname === '/config.json') {
    send(response, request, 200, 'application/json; charset=utf-8', configBody);
    return;
  }
  const resolved = resolveRequestPath(root, pathname);
  const file = resolved === undefined ? undefined : await findFile(resolved);
  if (file === undefined) {
    send(response, request, 404, 'text/html; charset=utf-8', NOT_FOUND_PAGE);
    return;
  }
  // A directory addressed without its trailing slash would break the page's relative links.
  if (file.isIndexOfDirectory && !pathname.endsWith('/')) {
    response.writeHead(301, { location: `${pathname}/` });
    response.end();
    return;
  }
  // no-cache + ETag: browsers revalidate (a rebuilt site shows at once) but get 304s for unchanged files.
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers = {
    'content-type': contentTypeFor(file.path),
    'cache-control': 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': file.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file.path).pipe(response);
}

interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  isIndexOfDirectory: boolean;
}

/** The file to send for a resolved path: itself, or its index.html when it is a directory. */
async function findFile(path: string): Promise<FoundFile | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) return { path, size: info.size, mtimeMs: info.mtimeMs, isIndexOfDirectory: false };
  if (!info?.isDirectory()) return undefined;
  const index = join(path, 'index.html');
  const indexInfo = await stat(index).catch(() => undefined);
  return indexInfo?.isFile()
    ? { path: index, size: indexInfo.size, mtimeMs: indexInfo.mtimeMs, isIndexOfDirectory: true }
    : undefined;
}

/** Sends a small in-memory body. */
function send(response: ServerResponse, request: IncomingMessage, status: number, type: string, body: string) {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
