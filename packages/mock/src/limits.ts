/** Rate limits per token: requests per second (sliding window) and per UTC day. */
import { DAY_MS } from './time.js';

/** Where a request stands against the limits. */
export type LimitVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

interface Usage {
  recent: number[];
  day: number;
  dayCount: number;
}

/** Counts requests per key (an access token) and says when one is over a limit. */
export class RateLimiter {
  private readonly usage = new Map<string, Usage>();

  constructor(
    private readonly perSecond: number,
    private readonly perDay: number,
  ) {}

  /** Records a request at `now` unless it is over a limit (rejected requests are not counted). */
  take(key: string, now: number): LimitVerdict {
    const day = Math.floor(now / DAY_MS);
    let u = this.usage.get(key);
    if (!u) {
      u = { recent: [], day, dayCount: 0 };
      this.usage.set(key, u);
    }
    if (u.day !== day) {
      u.day = day;
      u.dayCount = 0;
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
}
