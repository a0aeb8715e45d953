/**
 * The fault kinds' bounds and how their values read and are checked: one place for each limit,
 * used by the header parser, the checks of `config.faults` and the control API alike.
 */
import type { InjectedErrorStatus, LatencyFault } from './config.js';
import { MAX_FAULT_MS } from './fault-transforms.js';

export { MAX_FAULT_MS };

/** The statuses `error-status` / `error.status` may choose for an injected failure. */
export const INJECTED_ERROR_STATUSES: readonly InjectedErrorStatus[] = [500, 502, 503, 504];
/** Most pieces a dribbled body may be cut into. */
const MAX_CHUNKS = 100_000;
/** Largest count (lines, bytes) a fault takes: beyond it the fault would never fire. */
const MAX_COUNT = 2 ** 40;

/** A numeric bound: its test, and how messages and the usage text state it. */
export interface Bound {
  text: string;
  test(n: unknown): boolean;
}

/** A bound of numbers in [min, max], whole ones when `integer`. */
export function range(min: number, max: number, integer = false, text = `${min}..${max}`): Bound {
  return {
    text,
    test: (n) =>
      typeof n === 'number' && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)),
  };
}

/** A delay in ms. */
export const MS = range(0, MAX_FAULT_MS);
/** A share of requests. */
export const SHARE = range(0, 1);
/** A log-normal latency's sigma. */
export const SIGMA = range(0, 10);
/** How many pieces a dribbled body comes in. */
export const CHUNKS = range(1, MAX_CHUNKS, true, `whole 1..${MAX_CHUNKS}`);
/** A `Retry-After` in seconds (a day at most). */
export const SECONDS = range(0, 86_400, true, 'whole seconds 0..86400');
/** Lines of a result before a drop. */
export const LINES = range(1, MAX_COUNT, true, 'a positive integer');
/** Bytes of a body before a cut. */
export const BYTES = range(0, MAX_COUNT, true, 'a non-negative integer');
/** An injected failure's status. */
export const STATUS: Bound = {
  text: `one of ${INJECTED_ERROR_STATUSES.join(', ')}`,
  test: (n) => (INJECTED_ERROR_STATUSES as readonly unknown[]).includes(n),
};

/** `path must be <bound>, got <value>.`, or undefined when `value` meets `bound`. */
export function need(path: string, value: unknown, bound: Bound): string | undefined {
  return bound.test(value) ? undefined : `${path} must be ${bound.text}, got ${JSON.stringify(value) ?? 'nothing'}.`;
}

/** The first problem of several checks. */
export const first = (...problems: (string | undefined)[]) => problems.find((p) => p !== undefined);

/** A header number; NaN for an empty text (Number('') is 0), so its bound fails. */
export const num = (text: string | undefined) => (text ? Number(text) : Number.NaN);

/** Whether a config value is a plain object. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A boolean kind's check. */
export const checkFlag = (path: string) => (value: unknown) =>
  typeof value === 'boolean' ? undefined : `${path} must be true or false, got ${JSON.stringify(value)}.`;

/** Why a `latency` value is out of bounds or of the wrong form. */
export function checkLatency(value: unknown): string | undefined {
  if (!isObject(value)) return `latency must be an object with kind "fixed", "uniform" or "lognormal".`;
  switch (value.kind) {
    case 'fixed':
      return need('latency.ms', value.ms, MS);
    case 'uniform':
      return first(
        need('latency.minMs', value.minMs, MS),
        need('latency.maxMs', value.maxMs, MS),
        (value.minMs as number) <= (value.maxMs as number) ? undefined : 'latency.minMs must not exceed latency.maxMs.',
      );
    case 'lognormal':
      return first(need('latency.medianMs', value.medianMs, MS), need('latency.sigma', value.sigma, SIGMA));
    default:
      return `latency.kind must be "fixed", "uniform" or "lognormal", got ${JSON.stringify(value.kind)}.`;
  }
}

/** Why an `error` value is out of bounds or of the wrong type. */
export function checkError(value: unknown): string | undefined {
  if (!isObject(value)) return 'error must be an object with rate, status and/or retryAfterSeconds.';
  return first(
    value.rate === undefined ? undefined : need('error.rate (error-rate)', value.rate, SHARE),
    value.status === undefined ? undefined : need('error.status (error-status)', value.status, STATUS),
    value.retryAfterSeconds === undefined
      ? undefined
      : need('error.retryAfterSeconds (retry-after)', value.retryAfterSeconds, SECONDS),
  );
}

/** The latency a `latency=` text gives: `200`, `uniform:100:500` or `lognormal:200:0.5`. */
export function readLatency(form: LatencyFault['kind'], text: string | undefined): LatencyFault | undefined {
  const [name, a, b, ...rest] = (text ?? '').split(':');
  if (form === 'fixed') return a === undefined ? { kind: 'fixed', ms: num(name) } : undefined;
  if (name !== form || b === undefined || rest.length > 0) return undefined;
  return form === 'uniform'
    ? { kind: 'uniform', minMs: num(a), maxMs: num(b) }
    : { kind: 'lognormal', medianMs: num(a), sigma: num(b) };
}
