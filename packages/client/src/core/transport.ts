import { discardLate, raceAbort } from './abort.js';
import type { TokenRequest } from './auth.js';
import { type Clock, systemClock, throwIfAborted, toAbortError } from './clock.js';
import { AuditExportError, InvalidArgumentError, NetworkError } from './errors.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { fetchWithScopedCredentials } from './redirects.js';
import { DEFAULT_MAX_RESPONSE_BYTES, limitResponseBody } from './response-limit.js';
import {
  backoffDelay,
  certainlyNotSent,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryOptions,
  resolveRetryOptions,
} from './retry.js';

/** What `onRetry` is told before each retry wait. */
export interface RetryEvent {
  method: string;
  path: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  /** The HTTP status that caused it, or `network` for a failed connection, or `auth` for a token refresh. */
  reason: number | 'network' | 'auth';
}

/** Options shared by every client: how requests are sent, limited and retried. */
export interface TransportOptions {
  /** A fetch implementation (default `globalThis.fetch`); called with a `Request`, like openapi-fetch does. */
  fetch?: (request: Request) => Promise<Response>;
  /** Client-side sliding-window limit (default 10 requests in any 1 s); `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Retries with backoff (default 3 retries); `false` turns them off. */
  retry?: RetryOptions | false;
  /** Called before every retry wait (for logging; never carries credentials). */
  onRetry?: (event: RetryEvent) => void;
  /** Time source for waits and jitter (tests inject one). */
  clock?: Clock;
  /**
   * Most bytes read from an answer that is not a streamed download (a status, a list, an error body):
   * past it the call fails with `RESPONSE_TOO_LARGE` (default 64 MiB).
   */
  maxResponseBytes?: number;
}

/** What an API client adds: how to authenticate and which requests create something. */
export interface TransportConfig extends TransportOptions {
  /** Sets the credential headers on `headers`; returns the secret values used, for redaction. */
  authenticate(headers: Headers, request: TokenRequest): Promise<readonly string[]>;
  /** True when credentials come from a provider that can refresh them after a 401. */
  canRefreshAuth: boolean;
  /** True for requests that create a job: they are not retried once they may have reached the server. */
  isCreate(request: Request): boolean;
  /** True for the streamed downloads, which count and limit their bytes themselves. */
  isDownload(request: Request): boolean;
}

/** The fetch middleware: limiter, auth, retries. HTTP error statuses come back as responses, not exceptions. */
export interface Transport {
  fetch(request: Request): Promise<Response>;
  /** Credential values seen recently, so errors can scrub anything the server echoed. */
  secrets(): readonly string[];
  /**
   * True when `response` answers a retry whose earlier attempt may have reached the server (a 5xx, a
   * dropped connection): a "not pending / not found" then may be the earlier attempt's own success.
   */
  retriedAfterUncertain(response: Response): boolean;
}

/**
 * Builds the resilient fetch.
 * Decision on creates (GET /v2/export creates a job, Zoho POST too): a create is retried only when the request
 * certainly did not take effect — a refused connection, a 429, or a 503 carrying Retry-After (the server said
 * "not now"). A 502/504 or a reset connection may come after the job was created, so it surfaces as an error
 * instead of risking a second job.
 */
export function createTransport(config: TransportConfig): Transport {
  const clock = config.clock ?? systemClock;
  const fetchImpl = config.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retry = resolveRetryOptions(config.retry);
  const limiter = config.rateLimit === false ? undefined : new RateLimiter(config.rateLimit ?? {}, clock);
  const recentSecrets: string[] = [];
  const uncertain = new WeakSet<Response>();
  const remember = (values: readonly string[]) => {
    for (const value of values) if (!recentSecrets.includes(value)) recentSecrets.push(value);
    recentSecrets.splice(0, Math.max(0, recentSecrets.length - 16));
  };

  async function send(request: Request): Promise<Response> {
    const method = request.method;
    const path = new URL(request.url).pathname;
    const signal = request.signal;
    const create = config.isCreate(request);
    let refreshed = false;
    let forceRefresh = false;
    let afterUncertain = false;
    for (let attempt = 0; ; ) {
      throwIfAborted(signal, { method, path });
      await limiter?.acquire(signal);
      const attemptRequest = request.clone();
      const plain = new Set(attemptRequest.headers.keys());
      // Raced against the signal: a token provider or a custom fetch may ignore it.
      remember(
        await raceAbort(config.authenticate(attemptRequest.headers, { forceRefresh, signal }), signal, {
          method,
          path,
        }),
      );
      const credentials = [...attemptRequest.headers.keys()].filter((name) => !plain.has(name));
      let response: Response;
      const pending = fetchWithScopedCredentials(fetchImpl, attemptRequest, credentials);
      try {
        response = await raceAbort(pending, signal, { method, path });
      } catch (error) {
        if (signal.aborted) {
          discardLate(pending);
          throw toAbortError(signal.reason, { method, path });
        }
        // A refused redirect is an answer, not a failed connection: it is not retried.
        if (error instanceof AuditExportError) throw error;
        const notSent = certainlyNotSent(error);
        afterUncertain ||= !notSent;
        if (attempt < retry.maxRetries && (!create || notSent)) {
          attempt++;
          const delayMs = backoffDelay(attempt - 1, retry, clock.random);
          config.onRetry?.({ method, path, retry: attempt, delayMs, reason: 'network' });
          await clock.sleep(delayMs, signal);
          continue;
        }
        throw new NetworkError(
          create && !notSent
            ? `${method} ${path} failed without a response; the export job may or may not have been created, so it was not retried. List or check jobs before creating another.`
            : `${method} ${path} failed without a response after ${attempt + 1} attempt(s); check the base URL and the network.`,
          { code: create && !notSent ? 'CREATE_OUTCOME_UNKNOWN' : 'NETWORK', method, path, cause: error },
        );
      }
      forceRefresh = false;
      if (response.status === 401 && config.canRefreshAuth && !refreshed) {
        // One free retry with fresh credentials: a 401 was rejected before any effect, even for a create.
        refreshed = true;
        forceRefresh = true;
        await response.body?.cancel().catch(() => undefined);
        config.onRetry?.({ method, path, retry: attempt + 1, delayMs: 0, reason: 'auth' });
        continue;
      }
      if (afterUncertain) uncertain.add(response);
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= retry.maxRetries) return response;
      const now = clock.now();
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
      if (response.status === 429 && retryAfter !== undefined) limiter?.pauseUntil(now + retryAfter);
      const safe = !create || response.status === 429 || (response.status === 503 && retryAfter !== undefined);
      if (!safe || (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs)) return response;
      attempt++;
      // A 429 or a 503 with Retry-After says the request was not processed; any other 5xx may come after it was.
      afterUncertain ||= response.status !== 429 && !(response.status === 503 && retryAfter !== undefined);
      const delayMs = retryAfter ?? backoffDelay(attempt - 1, retry, clock.random);
      await response.body?.cancel().catch(() => undefined);
      config.onRetry?.({ method, path, retry: attempt, delayMs, reason: response.status });
      await clock.sleep(delayMs, signal);
    }
  }

  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes > 0) || !Number.isFinite(maxResponseBytes)) {
    throw new InvalidArgumentError(`maxResponseBytes must be a positive number, got ${String(maxResponseBytes)}.`);
  }
  return {
    async fetch(request) {
      const response = await send(request);
      if (config.isDownload(request)) return response;
      const limited = limitResponseBody(response, maxResponseBytes, {
        method: request.method,
        path: new URL(request.url).pathname,
      });
      if (uncertain.has(response)) uncertain.add(limited);
      return limited;
    },
    secrets: () => [...recentSecrets],
    retriedAfterUncertain: (response) => uncertain.has(response),
  };
}
