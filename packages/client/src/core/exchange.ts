import { discardLate, raceAbort } from './abort.js';
import type { TokenRequest } from './auth.js';
import { type Clock, throwIfAborted, toAbortError } from './clock.js';
import { AuditExportError, NetworkError } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';
import { fetchWithScopedCredentials } from './redirects.js';
import { bufferResponse } from './response-limit.js';
import {
  backoffDelay,
  certainlyNotSent,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type ResolvedRetryOptions,
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

/** What every request of one transport shares: its settings, limiter and the credentials it sent. */
export interface ExchangeParts {
  clock: Clock;
  fetch: (request: Request) => Promise<Response>;
  retry: ResolvedRetryOptions;
  limiter: RateLimiter | undefined;
  maxResponseBytes: number;
  canRefreshAuth: boolean;
  authenticate(headers: Headers, request: TokenRequest): Promise<readonly string[]>;
  onRetry: ((event: RetryEvent) => void) | undefined;
  /** Keeps the credential values an attempt sent, for redaction. */
  remember(values: readonly string[]): void;
}

/** How a request is treated: a create is never retried once it may have reached the server; a download is not read. */
export interface ExchangeKind {
  create: boolean;
  download: boolean;
}

/**
 * One request through its attempts, up to its final answer: credentials (refreshed once after a 401), the
 * retries its status or a dropped connection allow, and the whole body read inside the attempt (but for a 2xx
 * download), so a body that breaks off is one more failed attempt. `afterUncertain` says whether an attempt
 * before the answer may have reached the server.
 */
export class Exchange {
  private readonly fields: { method: string; path: string };
  private readonly signal: AbortSignal;
  private attempt = 0;
  private refreshed = false;
  private forceRefresh = false;
  /** True once an attempt may have had an effect without its answer being the final one (a 5xx, a dropped connection). */
  afterUncertain = false;

  constructor(
    private readonly parts: ExchangeParts,
    private readonly request: Request,
    private readonly kind: ExchangeKind,
  ) {
    this.fields = { method: request.method, path: new URL(request.url).pathname };
    this.signal = request.signal;
  }

  /** Sends the request until an answer is final; throws the NetworkError of the last failed attempt. */
  async send(): Promise<Response> {
    for (;;) {
      const sent = await this.sendOnce();
      if ('failed' in sent) {
        await this.failedWithoutAnswer(sent.failed, undefined);
        continue;
      }
      const answer = await this.settle(sent.response);
      if (answer) return answer;
    }
  }

  /** The final answer `response` makes, or undefined after preparing the next attempt. */
  private async settle(response: Response): Promise<Response | undefined> {
    const { method, path } = this.fields;
    this.forceRefresh = false;
    if (response.status === 401 && this.parts.canRefreshAuth && !this.refreshed) {
      // One free retry with fresh credentials: a 401 was rejected before any effect, even for a create.
      this.refreshed = true;
      this.forceRefresh = true;
      await response.body?.cancel().catch(() => undefined);
      this.parts.onRetry?.({ method, path, retry: this.attempt + 1, delayMs: 0, reason: 'auth' });
      return undefined;
    }
    const wait = this.retryWait(response);
    if (wait !== undefined) {
      this.attempt++;
      // A 429 or a 503 with Retry-After says the request was not processed; any other 5xx may come after it was.
      this.afterUncertain ||= !wait.notProcessed;
      await response.body?.cancel().catch(() => undefined);
      this.parts.onRetry?.({ method, path, retry: this.attempt, delayMs: wait.delayMs, reason: response.status });
      await this.parts.clock.sleep(wait.delayMs, this.signal);
      return undefined;
    }
    if (this.kind.download && response.ok) return response;
    try {
      return await bufferResponse(response, this.parts.maxResponseBytes, this.signal, this.fields);
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      await this.failedWithoutAnswer(error.cause, response.status);
      return undefined;
    }
  }

  /**
   * One attempt: limiter, credentials, the request (redirects followed), up to the answer's headers. A failed
   * connection comes back as `{ failed }` (a value, so it cannot be confused with what a token provider or an
   * abort throws); a Response may come from another realm (a custom fetch), so it is wrapped, not tested.
   */
  private async sendOnce(): Promise<{ response: Response } | { failed: unknown }> {
    const { signal, fields, parts } = this;
    throwIfAborted(signal, fields);
    await parts.limiter?.acquire(signal);
    const attemptRequest = this.request.clone();
    const plain = new Set(attemptRequest.headers.keys());
    // Raced against the signal: a token provider or a custom fetch may ignore it.
    const request: TokenRequest = { forceRefresh: this.forceRefresh, signal };
    parts.remember(await raceAbort(parts.authenticate(attemptRequest.headers, request), signal, fields));
    const credentials = [...attemptRequest.headers.keys()].filter((name) => !plain.has(name));
    // `signal` is the exchange's own Request's, which this exchange keeps alive (see fetchWithScopedCredentials).
    const pending = fetchWithScopedCredentials(parts.fetch, attemptRequest, credentials, signal);
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

  /** An attempt that got no whole answer: waits before the next one, or throws the NetworkError. */
  private async failedWithoutAnswer(error: unknown, status: number | undefined): Promise<void> {
    const { method, path } = this.fields;
    const { retry, clock } = this.parts;
    const create = this.kind.create;
    // Only a refused connection proves nothing was sent; an answer, even a broken one, proves the opposite.
    const notSent = status === undefined && certainlyNotSent(error);
    this.afterUncertain ||= !notSent;
    if (this.attempt < retry.maxRetries && (!create || notSent)) {
      this.attempt++;
      const delayMs = backoffDelay(this.attempt - 1, retry, clock.random);
      this.parts.onRetry?.({ method, path, retry: this.attempt, delayMs, reason: 'network' });
      await clock.sleep(delayMs, this.signal);
      return;
    }
    const what = status === undefined ? 'failed without a response' : `answered ${status}, but its body broke off`;
    throw new NetworkError(
      create && !notSent
        ? `${method} ${path} ${what}; the export job may or may not have been created, so it was not retried. List or check jobs before creating another.`
        : `${method} ${path} ${what} after ${this.attempt + 1} attempt(s); check the base URL and the network.`,
      { code: create && !notSent ? 'CREATE_OUTCOME_UNKNOWN' : 'NETWORK', status, method, path, cause: error },
    );
  }

  /** How long to wait before retrying `response`'s status, or undefined when it is the final answer. */
  private retryWait(response: Response): { delayMs: number; notProcessed: boolean } | undefined {
    const { retry, clock, limiter } = this.parts;
    if (!RETRYABLE_STATUSES.has(response.status) || this.attempt >= retry.maxRetries) return undefined;
    const now = clock.now();
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now);
    if (response.status === 429 && retryAfter !== undefined) limiter?.pauseUntil(now + retryAfter);
    const notProcessed = response.status === 429 || (response.status === 503 && retryAfter !== undefined);
    if ((this.kind.create && !notProcessed) || (retryAfter !== undefined && retryAfter > retry.maxRetryAfterMs)) {
      return undefined;
    }
    return { delayMs: retryAfter ?? backoffDelay(this.attempt, retry, clock.random), notProcessed };
  }
}
