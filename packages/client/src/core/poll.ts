import { type Clock, systemClock, throwIfAborted } from './clock.js';
import { TimeoutError, UnknownJobStatusError } from './errors.js';

/** How job status is polled: exponential backoff with jitter between `minDelayMs` and `maxDelayMs`. */
export interface PollingOptions {
  /** First wait, and the floor of every wait (default 1 000 ms). */
  minDelayMs?: number;
  /** Ceiling of every wait (default 30 000 ms). */
  maxDelayMs?: number;
  /** Growth per poll (default 2). */
  factor?: number;
  /** Give up with TimeoutError after this long (default 3 600 000 ms = 1 h; `Infinity` waits forever). */
  maxWaitTimeMs?: number;
}

/** The delay before poll number `attempt` (0-based): equal jitter in [ceiling/2, ceiling], never under the floor. */
export function pollDelay(attempt: number, options: PollingOptions, random: () => number): number {
  const min = options.minDelayMs ?? 1_000;
  const max = Math.max(min, options.maxDelayMs ?? 30_000);
  const ceiling = Math.min(max, min * (options.factor ?? 2) ** attempt);
  return Math.max(min, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

/** Arguments of pollUntil. */
export interface PollArguments<T> {
  check: () => Promise<T>;
  isDone: (value: T) => boolean;
  /** What counts as the value's status, for `onStatus`. */
  statusOf?: ((value: T) => string) | undefined;
  /** Called with the first value and with every value whose status differs from the one before. */
  onStatus?: ((value: T) => void) | undefined;
  /**
   * Whether this client knows a status. An unknown one (a newer server's) is polled like any active
   * state; when the wait runs out in it, the error is an UnknownJobStatusError naming it.
   */
  isKnownStatus?: ((status: string) => boolean) | undefined;
  options?: PollingOptions | undefined;
  clock?: Clock | undefined;
  signal?: AbortSignal | undefined;
  jobId?: string | undefined;
}

/** Calls `check` until `isDone` says so, sleeping with backoff between calls; TimeoutError after `maxWaitTimeMs`. */
export async function pollUntil<T>(args: PollArguments<T>): Promise<T> {
  const clock = args.clock ?? systemClock;
  const options = args.options ?? {};
  const maxWait = options.maxWaitTimeMs ?? 3_600_000;
  const started = clock.now();
  let status: string | undefined;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(args.signal, { jobId: args.jobId });
    const value = await args.check();
    const current = args.statusOf?.(value);
    if (attempt === 0 || current !== status) {
      status = current;
      args.onStatus?.(value);
    }
    if (args.isDone(value)) return value;
    const delay = pollDelay(attempt, options, clock.random);
    const elapsed = clock.now() - started;
    if (elapsed + delay > maxWait) {
      if (current !== undefined && args.isKnownStatus?.(current) === false) {
        throw new UnknownJobStatusError(
          `Job ${args.jobId ?? ''} stayed in status "${current}", which this version of the client does not know, for ${maxWait} ms (polling.maxWaitTimeMs). A newer server may have added it: upgrade the client, or raise the limit if the job is only slow.`,
          { jobStatus: current, ...(args.jobId === undefined ? {} : { jobId: args.jobId }) },
        );
      }
      throw new TimeoutError(
        `Job ${args.jobId ?? ''} did not finish within ${maxWait} ms (polling.maxWaitTimeMs); it may still complete: wait for it again or raise the limit.`,
        args.jobId === undefined ? {} : { jobId: args.jobId },
      );
    }
    await clock.sleep(delay, args.signal);
  }
}
