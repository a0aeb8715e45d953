import { createServer } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** A page the server answers, by exact request path: its content type and body, or a redirect. */
export type Page = readonly [contentType: string, body: string | Uint8Array] | { redirect: string; status?: number };

/** A running page server: its origin, every path asked for (in order), and `close`. */
export interface PageServer {
  readonly origin: string;
  readonly requested: readonly string[];
  close(): Promise<void>;
}

/**
 * Serves fixed pages on 127.0.0.1 (a secure context, so service workers may register) for browser tests:
 * a path not in `pages` is a 404. Pages may be added to the map after start.
 */
export async function servePages(pages: Record<string, Page>): Promise<PageServer> {
  const requested: string[] = [];
  const server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const page = pages[request.url ?? ''];
    if (page && 'redirect' in page) {
      response.writeHead(page.status ?? 307, { location: page.redirect }).end();
      return;
    }
    response.writeHead(page ? 200 : 404, { 'content-type': page?.[0] ?? 'text/plain' });
    response.end(page?.[1] ?? 'not found');
  });
  const { url, close } = await listenOnLoopback(server);
  return { origin: url, requested, close };
}
