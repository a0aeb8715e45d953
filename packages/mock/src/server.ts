/**
 * The mock server: one Node `http` server for the three APIs (their paths do not collide).
 * Node's built-in server is enough: routing is a handful of regular expressions, and owning the
 * response lets the mock stream with backpressure and cut a connection mid-stream on purpose,
 * which framework abstractions would get in the way of. It also keeps startup near-instant.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditQueryApi } from './audit-query/routes.js';
import { AuditResourceApi } from './audit-resource/routes.js';
import { type MockConfig, MockConfigError, makeClock } from './config.js';
import type { Exchange, MockApi, MockContext } from './context.js';
import type { AuditEvent } from './data/catalog.js';
import { FAULT_HEADER, FaultHeaderError, faultProblem, injectedFailure, resolveFaults } from './faults.js';
import { auditQuery as auditQueryFacts } from './generated/spec-facts.gen.js';
import { corsHeaders, redactUrl, sendJson } from './http.js';
import { RateLimiter } from './limits.js';
import { Prng } from './prng.js';
import type { ZohoEntry } from './zoho/entries.js';
import { ZohoApi } from './zoho/routes.js';

/** Parsed request URLs kept per server. */
const URL_CACHE_MAX = 1024;

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

/** What the server holds, for tests that want to look inside. */
export interface MockState {
  /** The audit query API (its `jobs` store). */
  auditQuery: AuditQueryApi;
  /** The Zoho API (its `jobs` map). */
  zoho: ZohoApi;
  /** The audit resource API. */
  auditResource: AuditResourceApi;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  url: string;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
  /** The server's jobs and APIs. */
  state: MockState;
  /** The events the result of an audit query job holds (its ground truth), in order. */
  expectedEvents(jobId: string): AuditEvent[];
  /** The entries a Zoho export job holds (its ground truth), in order. */
  expectedZohoEntries(jobId: string): ZohoEntry[];
}

/** Starts the mock and resolves once it listens. */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const config = options.config ?? {};
  const seed = options.seed ?? 1;
  const limits = config.limits;
  const faultError = config.faults && faultProblem(config.faults);
  if (faultError) throw new MockConfigError(`config.faults: ${faultError}`);
  let url = '';
  const ctx: MockContext = {
    seed,
    config,
    clock: makeClock(config.now),
    limiter:
      limits === false
        ? undefined
        : new RateLimiter(
            limits?.perSecond ?? auditQueryFacts.rateLimit.requestsPerSecond,
            limits?.perDay ?? auditQueryFacts.rateLimit.requestsPerDay,
          ),
    baseUrl: () => url,
  };
  const state: MockState = {
    auditQuery: new AuditQueryApi(ctx),
    zoho: new ZohoApi(ctx),
    auditResource: new AuditResourceApi(ctx),
  };
  const apis: MockApi[] = [state.auditQuery, state.zoho, state.auditResource];
  const log = options.log === true ? (line: string) => console.log(line) : options.log || undefined;
  const errorRng = new Prng(`${seed}/faults`);
  const defaultCors = Object.entries(corsHeaders({ headers: {} } as IncomingMessage));
  // Clients repeat URLs (polling a status, load tests), so parsed URLs are kept in a bounded map.
  // The same URL object then serves several requests: handlers only ever read `ex.url`.
  const urls = new Map<string, URL>();
  function parseUrl(raw: string): URL {
    let url = urls.get(raw);
    if (!url) {
      url = new URL(raw, 'http://mock.invalid');
      if (urls.size >= URL_CACHE_MAX) urls.clear();
      urls.set(raw, url);
    }
    return url;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (log) {
      const started = performance.now();
      // Only method, redacted URL and status: headers (where the tokens are) are never logged.
      res.on('close', () => {
        const ms = (performance.now() - started).toFixed(1);
        log(`${req.method} ${redactUrl(req.url ?? '/')} ${res.headersSent ? res.statusCode : '---'} ${ms}ms`);
      });
    }
    if (config.cors !== false) {
      // Most requests carry neither header the CORS answer echoes: their headers are computed once.
      const cors =
        req.headers.origin === undefined && req.headers['access-control-request-headers'] === undefined
          ? defaultCors
          : Object.entries(corsHeaders(req));
      for (const [k, v] of cors) res.setHeader(k, v);
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    const parsed = parseUrl(req.url ?? '/');
    const api = apis.find((a) => a.matches(parsed.pathname));
    const ex: Exchange = { req, res, url: parsed, now: ctx.clock(), faults: {} };
    if (!api) {
      sendJson(res, 404, {
        error: 'Not Found',
        message: `No mocked API serves ${parsed.pathname}. Try /audit-query-service/v2/export, /crm/v7/settings/audit_log_export or /audit.`,
      });
      return;
    }
    try {
      const header = req.headers[FAULT_HEADER];
      if (header !== undefined || config.faults) ex.faults = resolveFaults(config.faults, header);
    } catch (error) {
      if (!(error instanceof FaultHeaderError)) throw error;
      api.fail(ex, 400, error.message);
      return;
    }
    if (ex.faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, ex.faults.latencyMs));
    const failure = injectedFailure(ex.faults, () => errorRng.float());
    if (failure) {
      api.failInjected(ex, failure.status, failure.headers);
      return;
    }
    await api.handle(ex);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log?.(`mock error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, { error: 'Internal Server Error', message: 'mock failure, see its log' });
      else res.destroy();
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
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    expectedEvents(jobId) {
      const job = state.auditQuery.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedEvents: no audit query job ${jobId} on this mock`);
      return [...state.auditQuery.events(job)];
    },
    expectedZohoEntries(jobId) {
      const job = state.zoho.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedZohoEntries: no Zoho job ${jobId} on this mock`);
      return [...state.zoho.entries(job)];
    },
  };
}
