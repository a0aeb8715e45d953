/** Rate limits per token: requests per second (sliding window) and per UTC day. */
import { DAY_MS } from './time.js';

/** Where a request stands against the limits. */
export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

interface Usage {
  recent: number[];
  dayCount: number;
}

/** Tokens counted before idle ones are forgotten (a flood of distinct tokens must not grow memory without bound). */
export const LIMITER_MAX_TOKENS = 10_000;

/**
 * Counts requests per key (an access token) and says when one is over a limit. Counts of past
 * days go when the day turns; beyond {@link LIMITER_MAX_TOKENS} tokens, those idle for a second
 * (oldest first) are forgotten, and if that is not enough the oldest go regardless. A forgotten
 * token starts its day's count afresh: leniency for a flood of one-off tokens, never for a busy one.
 */
export class RateLimiter {
  private readonly usage = new Map<string, Usage>();
  private day = Number.NaN;

  constructor(
    private readonly perSecond: number,
    private readonly perDay: number,
    private readonly maxTokens = LIMITER_MAX_TOKENS,
  ) {}

  /** How many tokens are counted now (bounded by `maxTokens`). */
  get size(): number {
    return this.usage.size;
  }

  /** Records a request at `now` unless it is over a limit (rejected requests are not counted). */
  take(key: string, now: number): LimitVerdict {
    const day = Math.floor(now / DAY_MS);
    // Every count belongs to one UTC day: a new day forgets them all.
    if (day !== this.day) {
      this.usage.clear();
      this.day = day;
    }
    let u = this.usage.get(key);
    if (!u) {
      if (this.usage.size >= this.maxTokens) this.prune(now);
      u = { recent: [], dayCount: 0 };
      this.usage.set(key, u);
    }
    if (u.dayCount >= this.perDay) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil(((day + 1) * DAY_MS - now) / 1000)),
        message: `Daily quota of ${this.perDay} requests exceeded`,
      };
    }
    while (u.recent.length > 0 && (u.recent[0] as number) <= now - 1000) u.recent.shift();
    if (u.recent.length >= this.perSecond) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil(((u.recent[0] as number) + 1000 - now) / 1000)),
        message: `Rate limit of ${this.perSecond} requests per second exceeded`,
      };
    }
    u.recent.push(now);
    u.dayCount++;
    return { ok: true };
  }

  /** Frees room for new tokens: idle ones first (oldest first), then the oldest, down to half the cap. */
  private prune(now: number): void {
    const target = this.maxTokens >> 1;
    for (const [key, u] of this.usage) {
      if (this.usage.size <= target) return;
      const last = u.recent[u.recent.length - 1];
      if (last === undefined || last <= now - 1000) this.usage.delete(key);
    }
    for (const key of this.usage.keys()) {
      if (this.usage.size <= target) return;
      this.usage.delete(key);
    }
  }
}
