import { discardLate, raceAbort } from './abort.js';
import type { TokenRequest } from './auth.js';
import { type Clock, systemClock, throwIfAborted, toAbortError } from './clock.js';
import { AuditExportError, InvalidArgumentError, NetworkError } from './errors.js';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { fetchWithScopedCredentials } from './redirects.js';
import { bufferResponse, DEFAULT_MAX_RESPONSE_BYTES } from './response-limit.js';
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
  /** The HTTP status that caused it, `network` for a failed connection or a body that broke off, `auth` for a token refresh. */
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
 * "not now"). A 502/504, a reset connection or an answer whose body broke off may come after the job was
 * created, so it surfaces as an error instead of risking a second job.
 * The transport rule: an attempt ends when its answer's body has been read whole (bounded by
 * `maxResponseBytes`), so a cut or garbled body is a failed attempt like a dropped connection, retried or
 * mapped by the same rules. Only a 2xx streamed download is handed over unread: the download engine reads it.
 */
export function createTransport(config: TransportConfig): Transport {
  const clock = config.clock ?? systemClock;
  const fetchImpl = config.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retry = resolveRetryOptions(config.retry);
  const limiter = config.rateLimit === false ? undefined : new RateLimiter(config.rateLimit ?? {}, clock);
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes > 0) || !Number.isFinite(maxResponseBytes)) {
    throw new InvalidArgumentError(`maxResponseBytes must be a positive number, got ${String(maxResponseBytes)}.`);
  }
  const recentSecrets: string[] = [];
  const uncertain = new WeakSet<Response>();
  const remember = (values: readonly string[]) => {
    for (const value of values) if (!recentSecrets.includes(value)) recentSecrets.push(value);
    recentSecrets.splice(0, Math.max(0, recentSecrets.length - 16));
  };

  /**
   * One attempt: limiter, credentials, the request (redirects followed), up to the answer's headers. A failed
   * connection comes back as `{ failed }` (a value, so it cannot be confused with what a token provider or an
   * abort throws); a Response may come from another realm (a custom fetch), so it is wrapped, not tested.
   */
  async function sendOnce(
    request: Request,
    forceRefresh: boolean,
    fields: { method: string; path: string },
  ): Promise<{ response: Response } | { failed: unknown }> {
    const signal = request.signal;
    throwIfAborted(signal, fields);
    await limiter?.acquire(signal);
    const attemptRequest = request.clone();
    const plain = new Set(attemptRequest.headers.keys());
    // Raced against the signal: a token provider or a custom fetch may ignore it.
    remember(await raceAbort(config.authenticate(attemptRequest.headers, { forceRefresh, signal }), signal, fields));
    const credentials = [...attemptRequest.headers.keys()].filter((name) => !plain.has(name));
    const pending = fetchWithScopedCredentials(fetchImpl, attemptRequest, credentials);
    try {
      return { response: await raceAbort(pending, signal, fields) };
    } catch (error) {
      if (signal.aborted) {
        discardLate(pending);
        throw toAbortError(signal.reason, fields);
      }
      // A refused redirect is an answer, not a failed connection: it is not retried.
      if (error instanceof AuditExportError) throw error;
      return { failed: error };
    }
  }

  async function send(request: Request): Promise<Response> {
    const method = request.method;
    const path = new URL(request.url).pathname;
    const fields = { method, path };
    const signal = request.signal;
    const create = config.isCreate(request);
    const download = config.isDownload(request);
    let refreshed = false;
    let forceRefresh = false;
    let afterUncertain = false;
    let attempt = 0;
    /** An attempt that got no whole answer: waits before the next one, or throws the NetworkError. */
    const failedWithoutAnswer = async (error: unknown, status: number | undefined) => {
      // Only a refused connection proves nothing was sent; an answer, even a broken one, proves the opposite.
      const notSent = status === undefined && certainlyNotSent(error);
      afterUncertain ||= !notSent;
      if (attempt < retry.maxRetries && (!create || notSent)) {
        attempt++;
        const delayMs = backoffDelay(attempt - 1, retry, clock.random);
        config.onRetry?.({ method, path, retry: attempt, delayMs, reason: 'network' });
        await clock.sleep(delayMs, signal);
        return;
      }
      const what = status === undefined ? 'failed without a response' : `answered ${status}, but its body broke off`;
      throw new NetworkError(
        create && !notSent
          ? `${method} ${path} ${what}; the export job may or may not have been created, so it was not retried. List or check jobs before creating another.`
          : `${method} ${path} ${what} after ${attempt + 1} attempt(s); check the base URL and the network.`,
        { code: create && !notSent ? 'CREATE_OUTCOME_UNKNOWN' : 'NETWORK', status, method, path, cause: error },
      );
    };
    for (;;) {
      const sent = await sendOnce(request, forceRefresh, fields);
      if ('failed' in sent) {
        await failedWithoutAnswer(sent.failed, undefined);
        continue;
      }
      let response = sent.response;
      forceRefresh = false;
      if (response.status === 401 && config.canRefreshAuth && !refreshed) {
        // One free retry with fresh credentials: a 401 was rejected before any effect, even for a create.
        refreshed = true;
        forceRefresh = true;
        await response.body?.cancel().catch(() => undefined);
        config.onRetry?.({ method, path, retry: attempt + 1, delayMs: 0, reason: 'auth' });
        continue;
      }
      const wait = retryWait(response, create, attempt);
      if (wait !== undefined) {
        attempt++;
        // A 429 or a 503 with Retry-After says the request was not processed; any other 5xx may come after it was.
        afterUncertain ||= !wait.notProcessed;
        await response.body?.cancel().catch(() => undefined);
        config.onRetry?.({ method, path, retry: attempt, delayMs: wait.delayMs, reason: response.status });
        await clock.sleep(wait.delayMs, signal);
        continue;
      }
      if (!download || !response.ok) {
        try {
          response = await bufferResponse(response, maxResponseBytes, signal, fields);
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          await failedWithoutAnswer(error.cause, response.status);
          continue;
        }
      }
      if (afterUncertain) uncertain.add(response);
      return response;
    }
  }

  /** How long to wait before retrying `response`'s status, or undefined when it is the final answer. */
  function retryWait(response: Response, create: boolean, attempt: number) {
    if (!RETRYABLE_STATUSES.has(response.status) || attempt >= retry.maxRetries) return undefined;
    const now = clock.now();
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
    if (response.status === 429 && retryAfter !== undefined) limiter?.pauseUntil(now + retryAfter);
    const notProcessed = response.status === 429 || (response.status === 503 && retryAfter !== undefined);
    if ((create && !notProcessed) || (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs)) return undefined;
    return { delayMs: retryAfter ?? backoffDelay(attempt, retry, clock.random), notProcessed };
  }

  return {
    fetch: send,
    secrets: () => [...recentSecrets],
    retriedAfterUncertain: (response) => uncertain.has(response),
  };
}
