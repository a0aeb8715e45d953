import { describe, expect, it } from 'vitest';
import { pollDelay } from '../src/core/poll.js';
import { backoffDelay, certainlyNotSent, parseRetryAfter, resolveRetryOptions } from '../src/core/retry.js';

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '3', 0, 3000],
    ['fractional seconds', '0.5', 0, 500],
    ['an HTTP date', 'Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'), 5000],
    ['a date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'), 0],
    ['nothing', null, 0, undefined],
    ['garbage', 'soon', 0, undefined],
  ])('reads %s', (_name, value, now, want) => {
    expect(parseRetryAfter(value, now)).toBe(want);
  });
});

describe('backoffDelay', () => {
  const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });
  it('draws full jitter below an exponentially growing ceiling', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 0.999))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(2, options, () => 0)).toBe(0);
  });
  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(20, options, () => 0.999)).toBeLessThan(1000);
  });
});

describe('pollDelay', () => {
  it('starts at the 1 s floor and grows to the 30 s ceiling by default', () => {
    const delays = Array.from({ length: 8 }, (_, attempt) => pollDelay(attempt, {}, () => 1));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it('jitters between half the ceiling and the ceiling, never under the floor', () => {
    expect(pollDelay(3, {}, () => 0)).toBe(4000);
    expect(pollDelay(0, {}, () => 0)).toBe(1000);
  });
});

describe('certainlyNotSent', () => {
  it('knows a refused connection never reached the server', () => {
    expect(certainlyNotSent(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
  });
  it('assumes a reset or an unknown failure may have reached it', () => {
    expect(certainlyNotSent(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe(false);
    expect(certainlyNotSent(new TypeError('Failed to fetch'))).toBe(false);
  });
});
