/** The stateful mock as the contract suite runs it: seeded, fixed clock start, jobs that finish in under a second. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockServer, type MockServer } from '@audit-export/mock';

/** The mock's clock starts here (then ticks in real time); credentials are minted for it. */
export const MOCK_NOW = Date.parse('2026-11-24T12:00:00Z');

/** A mock clock that moves only when told: job states then follow the requests, not the machine's load. */
export class SteppedClock {
  constructor(public ms: number = MOCK_NOW) {}
  /** The mock's `config.now`. */
  readonly now = (): number => this.ms;
  /** Moves the clock forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** How long a job stays PENDING / Scheduled, in mock time: long enough that a stepped clock never races it. */
export const PENDING_MS = 5_000;

/**
 * Starts the mock on a free loopback port. With a {@link SteppedClock}, jobs stay pending for
 * {@link PENDING_MS} of mock time and finish 1 s later; without one (Respect, which polls in real
 * time) the clock is real and jobs finish in ~1.3 s, pending for the first second.
 */
export function startContractMock(clock?: SteppedClock): Promise<MockServer> {
  const pendingMs = clock ? PENDING_MS : 1_000;
  const processingMs = clock ? 1_000 : 300;
  return createMockServer({
    host: '127.0.0.1',
    port: 0,
    seed: 7,
    config: {
      now: clock ? clock.now : MOCK_NOW,
      auditQuery: { pendingMs, processingMs, eventsPerHour: 6 },
      zoho: { scheduledMs: pendingMs, progressMs: processingMs, entriesPerHour: 2 },
    },
  });
}

/** A loopback HTTP proxy that rewrites response bodies: how the mutation check makes the mock drift. */
export interface RewritingProxy {
  readonly url: string;
  close(): Promise<void>;
}

/** Forwards every request to `upstream` and passes each response body through `rewrite` (bodies are buffered). */
export async function startRewritingProxy(
  upstream: string,
  rewrite: (body: string, contentType: string) => string,
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
      const out = /json|text|csv|xml/.test(type) ? Buffer.from(rewrite(raw.toString('utf8'), type)) : raw;
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
