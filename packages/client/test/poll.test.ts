import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/clock.js';
import { TimeoutError } from '../src/core/errors.js';
import { pollDelay, pollUntil } from '../src/core/poll.js';

/** A clock whose sleeps only move its own time forward, recording each delay. */
function steppedClock() {
  let now = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps };
}

describe('pollUntil', () => {
  it('reports the first status and every change, not each repeat', async () => {
    const answers = ['PENDING', 'PENDING', 'PROCESSING', 'PROCESSING', 'COMPLETED'];
    const seen: string[] = [];
    const { clock } = steppedClock();
    const result = await pollUntil({
      clock,
      check: async () => answers.shift() ?? 'COMPLETED',
      statusOf: (status) => status,
      onStatus: (status) => seen.push(status),
      isDone: (status) => status === 'COMPLETED',
    });
    expect(result).toBe('COMPLETED');
    expect(seen).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
  });

  it('backs off exponentially between checks, within the bounds', async () => {
    const { clock, sleeps } = steppedClock();
    let calls = 0;
    await pollUntil({
      clock,
      options: { minDelayMs: 100, maxDelayMs: 1000 },
      check: async () => ++calls,
      isDone: (count) => count === 6,
    });
    expect(sleeps).toEqual(
      [0, 1, 2, 3, 4].map((attempt) => pollDelay(attempt, { minDelayMs: 100, maxDelayMs: 1000 }, clock.random)),
    );
    expect(sleeps.every((ms) => ms >= 100 && ms <= 1000)).toBe(true);
    expect(sleeps[4]).toBeGreaterThan(sleeps[0] ?? 0);
  });

  it('gives up with a TimeoutError naming the job after maxWaitTimeMs', async () => {
    const { clock } = steppedClock();
    await expect(
      pollUntil({
        clock,
        jobId: 'job-1',
        options: { minDelayMs: 100, maxDelayMs: 100, maxWaitTimeMs: 1000 },
        check: async () => 'PENDING',
        isDone: () => false,
      }),
    ).rejects.toMatchObject({ name: TimeoutError.name, jobId: 'job-1' });
  });
});
