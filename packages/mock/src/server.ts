/**
 * The mock server: Node's `http` server over the fetch engine ({@link createMockEngine}), through
 * the adapter in `node/adapter.ts`. Node's built-in server keeps startup near-instant and lets an
 * errored body stream become a destroyed socket (the mid-stream drop clients must survive).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockConfig } from './config.js';
import { createEngineHost } from './engine-host.js';
import type { MockEngine, MockState } from './engine-types.js';
import type { FaultedAnswer } from './fault-layers.js';
import { redactUrl, textResponse } from './http.js';
import { NodeRequest, writeResponse, writeSocketFault } from './node/adapter.js';

export type { MockState } from './engine-types.js';

/** Options of {@link createMockServer}. */
export interface MockServerOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free port). */
  port?: number;
  /** Data seed (default 1): the same seed gives the same events, byte for byte. */
  seed?: number;
  /** Behaviour: timings, data density, limits, faults, clock. */
  config?: MockConfig;
  /** Request logs: `true` prints to stdout, a function receives each line. Tokens are never logged. */
  log?: boolean | ((line: string) => void);
}

/** A running mock server. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
  /** The server's jobs and APIs. */
  readonly state: MockState;
  /** The engine behind the server (answer requests without HTTP, reset state). */
  engine: MockEngine;
  /** The events the result of an audit query job holds (its ground truth), in order. */
  expectedEvents: MockEngine['expectedEvents'];
  /** The entries a Zoho export job holds (its ground truth), in order. */
  expectedZohoEntries: MockEngine['expectedZohoEntries'];
}

/** A target or method a web Request cannot carry: the mock's own 400, never a 500. */
function badRequest(message: string): Response {
  return textResponse(400, { 'content-type': 'application/json' }, JSON.stringify({ error: 'Bad Request', message }));
}

/** Starts the mock and resolves once it listens. */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  let url = '';
  const log = options.log === true ? (line: string) => console.log(line) : options.log || undefined;
  // The host entry takes the adapter's parsed URL, and leaves CORS and socket faults to it.
  const entry = createEngineHost({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.config === undefined ? {} : { config: options.config }),
    baseUrl: () => url,
    // The control API also answers under the host the server was told to listen on (not 0.0.0.0 / ::).
    controlHosts: [options.host ?? '127.0.0.1'],
    ...(log ? { onError: log } : {}),
  });
  const engine = entry.engine;

  const server = createServer((req, res) => {
    if (log) {
      const started = performance.now();
      // Only method, redacted URL and status: headers (where the tokens are) are never logged.
      res.on('close', () => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${redactUrl(req.url ?? '/')} ${res.headersSent ? res.statusCode : '---'} ${ms}ms`);
      });
    }
    let request: NodeRequest | undefined;
    try {
      request = new NodeRequest(req, url);
    } catch {
      // A bad absolute-form target, or a method fetch forbids (TRACE): nothing the APIs can route.
      req.resume();
    }
    const answer = request
      ? entry.answer(request, request.parsedUrl)
      : Promise.resolve<FaultedAnswer>({
          response: badRequest(`The request target ${JSON.stringify(req.url)} is not a URL the mock can route.`),
        });
    answer
      .then(({ response, socket }) => {
        if (socket) return writeSocketFault(socket, res);
        const cors = request ? entry.cors(request, request.parsedUrl) : undefined;
        // A body not read to its end (refused unread, or past a size cap) is not drained to keep the
        // connection: it may never end. The connection closes once the answer is written.
        const extra = req.complete ? cors : { ...cors, connection: 'close' };
        return writeResponse(response, res, extra);
      })
      .catch((error: unknown) => {
        log?.(`mock error: ${(error as Error).stack ?? String(error)}`);
        res.destroy();
      });
  });
  // Keep-alive connections must not hold close() up.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    get state() {
      return engine.state;
    },
    engine,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    expectedEvents: (jobId) => engine.expectedEvents(jobId),
    expectedZohoEntries: (jobId) => engine.expectedZohoEntries(jobId),
  };
}
