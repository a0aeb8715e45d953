import { describe, expect, it } from 'vitest';
import { AbortError } from '../src/core/errors.js';
import { RateLimiter } from '../src/core/rate-limiter.js';
import { fakeClock } from './helpers/server.js';

/** The largest number of grants inside any window of `windowMs`. */
function busiestWindow(grantedAt: number[], windowMs = 1000): number {
  return Math.max(...grantedAt.map((start) => grantedAt.filter((t) => t >= start && t < start + windowMs).length));
}

describe('RateLimiter', () => {
  it('lets 10 requests through at once, then the 11th a second after the first (10 requests/s)', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({}, clock);
    const grantedAt: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire();
      grantedAt.push(clock.time());
    }
    expect(grantedAt).toEqual([...Array(10).fill(0), 1000, 1000]);
  });

  it('never grants more than the configured rate in any one-second window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerWindow: 5 }, clock);
    const grantedAt: number[] = [];
    for (let i = 0; i < 40; i++) {
      await limiter.acquire();
      grantedAt.push(clock.time());
      if (i % 7 === 0) await clock.sleep(130);
    }
    expect(busiestWindow(grantedAt)).toBe(5);
  });

  it('holds every request until a Retry-After pause has passed', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({}, clock);
    limiter.pauseUntil(2500);
    await limiter.acquire();
    expect(clock.time()).toBe(2500);
  });

  it('rejects a waiting acquire with AbortError when its signal fires, and keeps serving others', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerWindow: 1 }, clock);
    await limiter.acquire();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toBeInstanceOf(AbortError);
    await limiter.acquire();
    expect(clock.time()).toBe(1000);
  });

  it('refuses a rate below one request per window', () => {
    expect(() => new RateLimiter({ requestsPerWindow: 0 })).toThrow(RangeError);
  });

  it('counts requests over the window it is given', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerWindow: 3, windowMs: 500 }, clock);
    const grantedAt: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      grantedAt.push(clock.time());
    }
    expect(grantedAt).toEqual([0, 0, 0, 500, 500, 500, 1000]);
  });

  it('still honours the deprecated requestsPerSecond', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 2 }, clock);
    const grantedAt: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.acquire();
      grantedAt.push(clock.time());
    }
    expect(grantedAt).toEqual([0, 0, 1000]);
  });
});
