/**
 * `@audit-export/mock/msw`: MSW request handlers for the three APIs, backed by the same engine
 * and state as the Node server, for `setupServer` (Vitest, Jest), `setupWorker` (a browser tab,
 * Storybook) and anything else MSW intercepts. Web standards only.
 */
import { http, type RequestHandler } from 'msw';
import type { MockConfig } from './config.js';
import { MockConfigError } from './config.js';
import { CONTROL_PREFIX } from './control/routes.js';
import { createMockEngine, type MockEngine } from './engine.js';

// A page that mocks with MSW also needs credentials the engine accepts; these mint them with web APIs only.
export {
  type DevCredentials,
  type DevTokenOptions,
  mintDevToken,
  mintZohoToken,
  type ZohoTokenOptions,
} from './tokens.js';

/** Options of {@link createHandlers}. */
export interface MockHandlersOptions {
  /** Data seed (default 1): the same seed gives the same events, byte for byte. */
  seed?: number;
  /** Behaviour: timings, data density, limits, faults, clock (as for the Node server). */
  config?: MockConfig;
  /**
   * Origin (and optional path prefix) the mocked APIs answer under, no trailing slash, e.g.
   * `https://audit.example.test`. Default in a browser: the page's origin.
   */
  baseUrl?: string;
  /** Receives a line for every request the engine could not answer (an internal error). */
  onError?: (line: string) => void;
}

/** The handlers plus the engine's ground truth and reset. */
export interface MockHandlers {
  /** Pass to `setupServer(...handlers)` / `setupWorker(...handlers)`. */
  handlers: RequestHandler[];
  /** The base URL the handlers answer under. */
  baseUrl: string;
  /** The engine behind the handlers (its `state`, `control`, `fetch`). */
  engine: MockEngine;
  /** The events the result of an audit query job holds (its ground truth), in order. */
  expectedEvents: MockEngine['expectedEvents'];
  /** The entries a Zoho export job holds (its ground truth), in order. */
  expectedZohoEntries: MockEngine['expectedZohoEntries'];
  /** Forgets every job, rate-limit count and scenario: call it between tests (e.g. in `afterEach`). */
  reset(): void;
}

/**
 * A streamed answer marked `transfer-encoding: chunked`, so that a drop mid-body is seen as one.
 * MSW's Node interceptor writes the mocked Response through `ServerResponse` onto a mock socket
 * with no HTTP version: a body without a length is then delimited by the connection's close, and
 * when the body stream errors it destroys the socket, which the client's HTTP parser takes as the
 * body's normal end (a shorter, "complete" body). With chunked framing the same close arrives
 * before the last chunk and `fetch`'s reader fails with a TypeError, as on a reset connection.
 * In a browser the header is inert (the service worker hands the body over as a stream).
 */
function framed(response: Response): Response {
  // An answer of declared length (a text answer, known whole) cannot drop: it keeps the framing MSW gives it.
  if (!response.body || response.type === 'error' || response.headers.has('content-length')) return response;
  response.headers.set('transfer-encoding', 'chunked');
  return response;
}

/** MSW handlers answering the audit query, Zoho and audit resource APIs (and the control API) under `baseUrl`. */
export function createHandlers(options: MockHandlersOptions = {}): MockHandlers {
  const pageOrigin = (globalThis as { location?: Location }).location?.origin;
  const baseUrl = (options.baseUrl ?? pageOrigin)?.replace(/\/+$/, '');
  if (!baseUrl)
    throw new MockConfigError(
      'createHandlers needs baseUrl (e.g. "https://audit.example.test") outside a browser page: the URL your client calls.',
    );
  const prefix = new URL(baseUrl);
  const basePath = prefix.pathname.replace(/\/+$/, '');
  // The control API answers baseUrl's host (no socket listens, so no DNS name can be rebound onto it)
  // and, in a browser, the page's origin: a worker only sees its own pages' requests.
  const engine = createMockEngine({
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.config === undefined ? {} : { config: options.config }),
    baseUrl,
    ...(pageOrigin ? { controlOrigins: [pageOrigin] } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  // Only the mocked APIs' paths under baseUrl: anything else (the app's own files) is left to MSW.
  const served = ({ request }: { request: Request }): boolean => {
    const url = new URL(request.url);
    if (url.origin !== prefix.origin || !url.pathname.startsWith(basePath)) return false;
    const path = url.pathname.slice(basePath.length) || '/';
    return (
      path.startsWith(CONTROL_PREFIX) ||
      path === CONTROL_PREFIX.slice(0, -1) ||
      Object.values(engine.state).some((api) => api.matches(path))
    );
  };
  const handler = http.all(served, async ({ request }) => {
    if (!basePath) return framed(await engine.fetch(request));
    // The engine routes on the path alone: strip the prefix the app's base URL adds.
    const url = new URL(request.url);
    url.pathname = url.pathname.slice(basePath.length) || '/';
    return framed(await engine.fetch(new Request(url, request)));
  });
  return {
    handlers: [handler],
    baseUrl,
    engine,
    expectedEvents: (jobId) => engine.expectedEvents(jobId),
    expectedZohoEntries: (jobId) => engine.expectedZohoEntries(jobId),
    reset: () => engine.reset(),
  };
}
