import type { TokenRequest } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { InvalidArgumentError } from './errors.js';
import { Exchange, type RetryEvent } from './exchange.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './response-limit.js';
import { type RetryOptions, resolveRetryOptions } from './retry.js';

export type { RetryEvent } from './exchange.js';

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
 * "not now"). A 502/504, a reset connection or an answer whose body broke off may come after the job was
 * created, so it surfaces as an error instead of risking a second job.
 * The transport rule: an attempt ends when its answer's body has been read whole (bounded by
 * `maxResponseBytes`), so a cut or garbled body is a failed attempt like a dropped connection, retried or
 * mapped by the same rules. Only a 2xx streamed download is handed over unread: the download engine reads it.
 */
export function createTransport(config: TransportConfig): Transport {
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes > 0) || !Number.isFinite(maxResponseBytes)) {
    throw new InvalidArgumentError(`maxResponseBytes must be a positive number, got ${String(maxResponseBytes)}.`);
  }
  const clock = config.clock ?? systemClock;
  const recentSecrets: string[] = [];
  const uncertain = new WeakSet<Response>();
  const parts = {
    clock,
    fetch: config.fetch ?? ((request: Request) => globalThis.fetch(request)),
    retry: resolveRetryOptions(config.retry),
    limiter: config.rateLimit === false ? undefined : new RateLimiter(config.rateLimit ?? {}, clock),
    maxResponseBytes,
    canRefreshAuth: config.canRefreshAuth,
    authenticate: config.authenticate,
    onRetry: config.onRetry,
    remember(values: readonly string[]) {
      for (const value of values) if (!recentSecrets.includes(value)) recentSecrets.push(value);
      recentSecrets.splice(0, Math.max(0, recentSecrets.length - 16));
    },
  };
  return {
    async fetch(request) {
      const kind = { create: config.isCreate(request), download: config.isDownload(request) };
      const exchange = new Exchange(parts, request, kind);
      const response = await exchange.send();
      if (exchange.afterUncertain) uncertain.add(response);
      return response;
    },
    secrets: () => [...recentSecrets],
    retriedAfterUncertain: (response) => uncertain.has(response),
  };
}
