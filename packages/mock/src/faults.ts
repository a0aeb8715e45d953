/** Faults on demand: from the config, and per request from the `x-mock-fault` header. */
import type { FaultConfig, InjectedErrorStatus } from './config.js';

/** The request header that turns faults on for one request. */
export const FAULT_HEADER = 'x-mock-fault';

/** The statuses `error-status` / `errorStatus` may choose for an injected failure. */
export const INJECTED_ERROR_STATUSES: readonly InjectedErrorStatus[] = [500, 502, 503, 504];

const USAGE =
  'Use e.g. "latency=200;error-rate=0.5;error-status=503;retry-after=2;drop-after-lines=100;fail-job" (latency in ms, error-rate in 0..1, error-status one of 500, 502, 503, 504, retry-after whole seconds with error-status=503, drop-after-lines a positive integer).';

/** A malformed `x-mock-fault` header. */
export class FaultHeaderError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_FAULT_HEADER_INVALID';
  /** The offending part of the header. */
  readonly part: string;

  constructor(part: string, reason = `Invalid ${FAULT_HEADER} part "${part}".`) {
    super(`${reason} ${USAGE}`);
    this.name = 'FaultHeaderError';
    this.part = part;
  }
}

function isInjectedStatus(value: number): value is InjectedErrorStatus {
  return (INJECTED_ERROR_STATUSES as readonly number[]).includes(value);
}

/** Parses `latency=200;error-rate=0.5;error-status=503;retry-after=2;drop-after-lines=100;fail-job` into a {@link FaultConfig}. */
export function parseFaultHeader(header: string): FaultConfig {
  const faults: FaultConfig = {};
  for (const raw of header.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const [key = '', value] = part.split('=').map((x) => x.trim());
    // Number('') is 0: an empty value must not pass as one.
    const num = value ? Number(value) : Number.NaN;
    if (key === 'fail-job' && value === undefined) faults.failJob = true;
    else if (key === 'latency' && Number.isFinite(num) && num >= 0) faults.latencyMs = num;
    else if (key === 'error-rate' && Number.isFinite(num) && num >= 0 && num <= 1) faults.errorRate = num;
    else if (key === 'error-status' && isInjectedStatus(num)) faults.errorStatus = num;
    else if (key === 'retry-after' && Number.isInteger(num) && num >= 0) faults.retryAfterSeconds = num;
    else if (key === 'drop-after-lines' && Number.isInteger(num) && num > 0) faults.dropAfterLines = num;
    else throw new FaultHeaderError(part);
  }
  return faults;
}

/**
 * Why a set of faults cannot apply, or undefined when it can: `retryAfterSeconds` goes with a 503
 * only (the status whose Retry-After clients may honour), and `errorStatus` must be one of
 * {@link INJECTED_ERROR_STATUSES} (a config file is not type-checked).
 */
export function faultProblem(faults: FaultConfig): string | undefined {
  if (faults.errorStatus !== undefined && !isInjectedStatus(faults.errorStatus))
    return `errorStatus ${String(faults.errorStatus)} is not one of ${INJECTED_ERROR_STATUSES.join(', ')}.`;
  if (faults.retryAfterSeconds !== undefined && faults.errorStatus !== 503)
    return `retry-after (retryAfterSeconds) needs error-status=503 (errorStatus: 503), got ${String(faults.errorStatus ?? 500)}.`;
  return undefined;
}

/** The faults for one request: the header's values override the config's. */
export function resolveFaults(config: FaultConfig | undefined, header: string | string[] | undefined): FaultConfig {
  const fromHeader = typeof header === 'string' ? parseFaultHeader(header) : {};
  const faults = { ...config, ...fromHeader };
  const problem = typeof header === 'string' ? faultProblem(faults) : undefined;
  if (problem) throw new FaultHeaderError(header as string, `Invalid ${FAULT_HEADER} "${header}": ${problem}`);
  return faults;
}

/** An injected failure to answer: its status and any headers. */
export interface InjectedFailure {
  status: InjectedErrorStatus;
  headers: Record<string, string>;
}

/**
 * Whether this request fails, and how. `errorStatus` alone means every request fails (as
 * `error-rate=1`); with `errorRate` it is the status of the failures drawn at that rate.
 * `draw` is the seeded random source (0..1), called once per request with a rate above 0, so the
 * sequence of failures for a seed is the same as before `errorStatus` existed.
 */
export function injectedFailure(faults: FaultConfig, draw: () => number): InjectedFailure | undefined {
  const rate = faults.errorRate ?? (faults.errorStatus === undefined ? 0 : 1);
  if (rate <= 0 || draw() >= rate) return undefined;
  const status = faults.errorStatus ?? 500;
  const headers: Record<string, string> =
    status === 503 && faults.retryAfterSeconds !== undefined ? { 'retry-after': String(faults.retryAfterSeconds) } : {};
  return { status, headers };
}
