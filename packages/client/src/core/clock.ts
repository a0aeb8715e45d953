import { AbortError, type AuditExportErrorFields } from './errors.js';

/** Time and randomness behind every wait, injectable so tests never depend on the wall clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1) used for jitter. */
  random(): number;
}

/**
 * Turns an AbortSignal's reason into this package's AbortError, whatever the reason (a click on Cancel or an
 * `AbortSignal.timeout()`): the caller chose to stop, so one class covers both, and `cause` tells them apart.
 */
export function toAbortError(reason: unknown, fields: Omit<AuditExportErrorFields, 'code'> = {}): AbortError {
  if (reason instanceof AbortError) return reason;
  const timedOut =
    typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
  const message = timedOut
    ? 'The operation was aborted: the AbortSignal given to the client timed out.'
    : 'The operation was aborted by the caller’s AbortSignal.';
  return new AbortError(message, { ...fields, cause: reason });
}

/** Throws the matching AbortError when `signal` has already fired. */
export function throwIfAborted(
  signal: AbortSignal | undefined,
  fields: Omit<AuditExportErrorFields, 'code'> = {},
): void {
  if (signal?.aborted) throw toAbortError(signal.reason, fields);
}

/** The real clock: Date.now, setTimeout and Math.random. */
export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(toAbortError(signal.reason));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(toAbortError(signal?.reason));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
