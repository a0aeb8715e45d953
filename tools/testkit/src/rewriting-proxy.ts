/** A loopback HTTP proxy that rewrites response bodies: how a test makes a server drift from its contract. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** A running rewriting proxy. */
export interface RewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Forwards every request to `upstream` and passes each text response body (JSON, text, CSV, XML) through
 * `rewrite`, which also gets the request's path and query (bodies are buffered).
 */
export async function startRewritingProxy(
  upstream: string,
  rewrite: (body: string, contentType: string, path: string) => string,
): Promise<RewritingProxy> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers.set(k, v);
      const body = chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${upstream}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        body: body ?? null,
      });
      const type = answer.headers.get('content-type') ?? '';
      const raw = Buffer.from(await answer.arrayBuffer());
      const out = /json|text|csv|xml/.test(type)
        ? Buffer.from(rewrite(raw.toString('utf8'), type, req.url ?? '/'))
        : raw;
      answer.headers.forEach((value, key) => {
        if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding', 'keep-alive'].includes(key))
          res.setHeader(key, value);
      });
      res.setHeader('content-length', out.length);
      res.writeHead(answer.status).end(out);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`rewriting proxy: ${(error as Error).message}`);
    });
  });
  return listenOnLoopback(server);
}
