import { type Clock, systemClock } from './clock.js';

/** Client-side rate limit; the audit query API documents 10 requests per second. */
export interface RateLimitOptions {
  /** Requests allowed in any window of `windowMs` (default 10, the documented limit). */
  requestsPerWindow?: number;
  /** The window length in ms (default 1000). */
  windowMs?: number;
  /** @deprecated Use `requestsPerWindow`: the count applies to `windowMs`, not always to a second. */
  requestsPerSecond?: number;
}

/**
 * A FIFO sliding-window limiter: `acquire()` resolves when the next request may go out so that no window of
 * `windowMs` ever holds more than `requestsPerWindow` requests. (A token bucket with a burst of N would let
 * 2N - 1 requests into one second, which a server counting per second answers with 429.)
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  // Grant times of the last `limit` requests, oldest first.
  readonly #grants: number[] = [];
  #pausedUntil = 0;
  // Waiters queue on one promise chain so slots are handed out in call order.
  #queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimitOptions = {}, clock: Clock = systemClock) {
    this.#limit = options.requestsPerWindow ?? options.requestsPerSecond ?? 10;
    this.#windowMs = options.windowMs ?? 1000;
    if (!(this.#limit >= 1) || !(this.#windowMs > 0)) {
      throw new RangeError('rateLimit.requestsPerWindow must be >= 1 and rateLimit.windowMs > 0.');
    }
    this.#clock = clock;
  }

  /** Waits for a slot (in call order); rejects with AbortError when `signal` fires first. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request until `epochMs` (used when the server answers 429 with Retry-After). */
  pauseUntil(epochMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, epochMs);
  }

  async #take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      const oldest = this.#grants.length < this.#limit ? undefined : this.#grants[0];
      const readyAt = Math.max(this.#pausedUntil, oldest === undefined ? 0 : oldest + this.#windowMs);
      if (now >= readyAt) {
        this.#grants.push(now);
        if (this.#grants.length > this.#limit) this.#grants.shift();
        return;
      }
      await this.#clock.sleep(readyAt - now, signal);
    }
  }
}
