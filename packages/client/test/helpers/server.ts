import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/core/clock.js';
import { toAbortError } from '../../src/core/clock.js';

/** A request the scripted server received. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on 127.0.0.1 whose answers a test scripts; `close()` stops it. */
export async function startServer(handler: (req: SeenRequest, res: ServerResponse, index: number) => void) {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      handler(seen, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A clock whose sleeps return at once and advance virtual time; `sleeps` records every wait asked for. */
export function fakeClock(random = 0.5): Clock & { sleeps: number[]; time: () => number } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    time: () => now,
    now: () => now,
    random: () => random,
    async sleep(ms, signal) {
      if (signal?.aborted) throw toAbortError(signal.reason);
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
  };
}
