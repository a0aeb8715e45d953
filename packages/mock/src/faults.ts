/**
 * Faults on demand: from the config, the active scenario, the control API, and per request from
 * the `x-mock-fault` header or the `__fault` query parameter (one syntax for all of them).
 */
import type { FaultConfig, InjectedErrorStatus } from './config.js';

/** The request header that turns faults on for one request. */
export const FAULT_HEADER = 'x-mock-fault';
/** The query parameter that does the same from a browser address bar or an `<img src>`. */
export const FAULT_PARAM = '__fault';

/**
 * A `fetch` for a client under test that sends `fault` (the {@link FAULT_HEADER} syntax, e.g.
 * `drop-after-lines=3`) on the requests `when` picks, counted from 0, and passes every request on to `send`.
 */
export function faultyFetch(
  fault: string,
  when: (request: Request, index: number) => boolean,
  send: (request: Request) => Promise<Response> = (request) => fetch(request),
): (request: Request) => Promise<Response> {
  let index = 0;
  return (request) => {
    if (when(request, index++)) request.headers.set(FAULT_HEADER, fault);
    return send(request);
  };
}

/** The statuses `error-status` / `errorStatus` may choose for an injected failure. */
export const INJECTED_ERROR_STATUSES: readonly InjectedErrorStatus[] = [500, 502, 503, 504];

/** Longest delay any fault may ask for (10 minutes): beyond that a test is hung, not slow. */
export const MAX_FAULT_MS = 600_000;
/** Most pieces a dribbled body may be cut into. */
const MAX_CHUNKS = 100_000;
/** Largest count (lines, bytes, seconds) a fault takes: beyond it the fault would never fire. */
const MAX_COUNT = 2 ** 40;

const USAGE =
  'Use e.g. "latency=200;error-rate=0.5;error-status=503;retry-after=2;drop-after-lines=100;fail-job" ' +
  '(latency in ms up to 600000, or uniform:MIN:MAX, or lognormal:MEDIAN:SIGMA; error-rate in 0..1; error-status one of ' +
  '500, 502, 503, 504; retry-after whole seconds with error-status=503; drop-after-lines and cut-after-bytes positive ' +
  'integers; dribble=CHUNKS:MS; rate-limit in 0..1; flags empty-response, malformed-chunk, random-data, reset, fail-job).';

/** A malformed `x-mock-fault` header (or `__fault` parameter, or control API fault). */
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

/** A finite number in [min, max]; NaN otherwise (so a caller's range test fails). */
function inRange(text: string | undefined, min: number, max: number, integer = false): number {
  // Number('') is 0: an empty value must not pass as one.
  const n = text ? Number(text) : Number.NaN;
  return Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n)) ? n : Number.NaN;
}

/** `latency=` in its three forms: `200`, `uniform:100:500`, `lognormal:200:0.5`. */
function parseLatency(value: string | undefined, faults: FaultConfig): boolean {
  const [kind, a, b] = (value ?? '').split(':');
  if (a === undefined) {
    faults.latencyMs = inRange(kind, 0, MAX_FAULT_MS);
    return !Number.isNaN(faults.latencyMs);
  }
  const x = inRange(a, 0, MAX_FAULT_MS);
  if (kind === 'uniform') {
    const y = inRange(b, 0, MAX_FAULT_MS);
    faults.latencyUniformMs = [x, y];
    return x <= y;
  }
  if (kind === 'lognormal') {
    const sigma = inRange(b, 0, 10);
    faults.latencyLogNormal = { medianMs: x, sigma };
    return !Number.isNaN(x) && !Number.isNaN(sigma);
  }
  return false;
}

/** Reads one `key=value` (or flag) part into `faults`; false when it is not a valid part. */
function parsePart(key: string, value: string | undefined, faults: FaultConfig): boolean {
  const flag = value === undefined;
  const flags: Record<string, keyof FaultConfig> = {
    'fail-job': 'failJob',
    'empty-response': 'emptyResponse',
    'malformed-chunk': 'malformedChunk',
    'random-data': 'randomData',
    reset: 'resetByPeer',
  };
  const field = flags[key];
  if (field) {
    if (flag) Object.assign(faults, { [field]: true });
    return flag;
  }
  switch (key) {
    case 'latency':
      return parseLatency(value, faults);
    case 'error-rate':
      faults.errorRate = inRange(value, 0, 1);
      return !Number.isNaN(faults.errorRate);
    case 'rate-limit':
      faults.rateLimitRate = inRange(value, 0, 1);
      return !Number.isNaN(faults.rateLimitRate);
    case 'error-status': {
      const n = inRange(value, 0, 999, true);
      if (!isInjectedStatus(n)) return false;
      faults.errorStatus = n;
      return true;
    }
    case 'retry-after':
      faults.retryAfterSeconds = inRange(value, 0, 86_400, true);
      return !Number.isNaN(faults.retryAfterSeconds);
    case 'drop-after-lines':
      faults.dropAfterLines = inRange(value, 1, MAX_COUNT, true);
      return !Number.isNaN(faults.dropAfterLines);
    case 'cut-after-bytes':
      faults.cutAfterBytes = inRange(value, 0, MAX_COUNT, true);
      return !Number.isNaN(faults.cutAfterBytes);
    case 'dribble': {
      const [chunks, overMs] = (value ?? '').split(':');
      faults.dribble = { chunks: inRange(chunks, 1, MAX_CHUNKS, true), overMs: inRange(overMs, 0, MAX_FAULT_MS) };
      return !Number.isNaN(faults.dribble.chunks) && !Number.isNaN(faults.dribble.overMs);
    }
    default:
      return false;
  }
}

/** Parses `latency=200;error-rate=0.5;error-status=503;retry-after=2;drop-after-lines=100;fail-job` into a {@link FaultConfig}. */
export function parseFaultHeader(header: string): FaultConfig {
  const faults: FaultConfig = {};
  for (const raw of header.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim();
    const value = at < 0 ? undefined : part.slice(at + 1).trim();
    if (!parsePart(key, value, faults)) throw new FaultHeaderError(part);
  }
  return faults;
}

/** Why a numeric fault field is out of range, or undefined. */
function rangeProblem(faults: FaultConfig): string | undefined {
  const ms = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n >= 0 && n <= MAX_FAULT_MS);
  const count = (n: number | undefined, min: number) =>
    n === undefined || (Number.isInteger(n) && n >= min && n <= MAX_COUNT);
  const share = (n: number | undefined) => n === undefined || (Number.isFinite(n) && n >= 0 && n <= 1);
  const uniform = faults.latencyUniformMs;
  const logNormal = faults.latencyLogNormal;
  const dribble = faults.dribble;
  if (!ms(faults.latencyMs)) return `latencyMs must be 0..${MAX_FAULT_MS} ms.`;
  if (uniform && !(ms(uniform[0]) && ms(uniform[1]) && uniform[0] <= uniform[1]))
    return `latencyUniformMs must be [min, max] with 0 <= min <= max <= ${MAX_FAULT_MS}.`;
  if (
    logNormal &&
    !(ms(logNormal.medianMs) && Number.isFinite(logNormal.sigma) && logNormal.sigma >= 0 && logNormal.sigma <= 10)
  )
    return `latencyLogNormal needs medianMs 0..${MAX_FAULT_MS} and sigma 0..10.`;
  if (dribble && !(count(dribble.chunks, 1) && dribble.chunks <= MAX_CHUNKS && ms(dribble.overMs)))
    return `dribble needs chunks 1..${MAX_CHUNKS} and overMs 0..${MAX_FAULT_MS}.`;
  if (!share(faults.errorRate) || !share(faults.rateLimitRate)) return 'errorRate and rateLimitRate must be 0..1.';
  if (!count(faults.dropAfterLines, 1)) return 'dropAfterLines must be a positive integer.';
  if (!count(faults.cutAfterBytes, 0)) return 'cutAfterBytes must be a non-negative integer.';
  if (!count(faults.retryAfterSeconds, 0) || (faults.retryAfterSeconds ?? 0) > 86_400)
    return 'retryAfterSeconds must be 0..86400.';
  return undefined;
}

/**
 * Why a set of faults cannot apply, or undefined when it can: values in range (a config file is
 * not type-checked), `retryAfterSeconds` with a 503 only (the status whose Retry-After clients may
 * honour), and `errorStatus` one of {@link INJECTED_ERROR_STATUSES}.
 */
export function faultProblem(faults: FaultConfig): string | undefined {
  if (faults.errorStatus !== undefined && !isInjectedStatus(faults.errorStatus))
    return `errorStatus ${String(faults.errorStatus)} is not one of ${INJECTED_ERROR_STATUSES.join(', ')}.`;
  if (faults.retryAfterSeconds !== undefined && faults.errorStatus !== 503)
    return `retry-after (retryAfterSeconds) needs error-status=503 (errorStatus: 503), got ${String(faults.errorStatus ?? 500)}.`;
  return rangeProblem(faults);
}

/**
 * The faults for one request: later layers override earlier ones. `header` is the `x-mock-fault`
 * header, `param` the `__fault` query parameter (the parameter wins over the header).
 */
export function resolveFaults(
  config: FaultConfig | undefined,
  header: string | string[] | null | undefined,
  param?: string | null,
): FaultConfig {
  const given = [header, param].filter((x): x is string => typeof x === 'string');
  const faults: FaultConfig = { ...config };
  for (const text of given) Object.assign(faults, parseFaultHeader(text));
  const problem = given.length > 0 ? faultProblem(faults) : undefined;
  if (problem) {
    const text = given.join(';');
    throw new FaultHeaderError(text, `Invalid ${FAULT_HEADER} "${text}": ${problem}`);
  }
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

/**
 * The `Retry-After` seconds (1..5, seeded) of an injected 429 for this request, or undefined when
 * `rateLimitRate` does not strike. Draws only with a rate above 0.
 */
export function injectedRateLimit(faults: FaultConfig, draw: () => number): number | undefined {
  const rate = faults.rateLimitRate ?? 0;
  if (rate <= 0 || draw() >= rate) return undefined;
  return 1 + Math.floor(draw() * 5);
}

/** The delay before answering, in ms: fixed, or drawn from the configured distribution (seeded). */
export function latencyOf(faults: FaultConfig, draw: () => number): number {
  const uniform = faults.latencyUniformMs;
  if (uniform) return uniform[0] + draw() * (uniform[1] - uniform[0]);
  const logNormal = faults.latencyLogNormal;
  if (logNormal) {
    // Box-Muller from two seeded uniforms; 1 - u keeps log() away from 0.
    const z = Math.sqrt(-2 * Math.log(1 - draw())) * Math.cos(2 * Math.PI * draw());
    return Math.min(MAX_FAULT_MS, logNormal.medianMs * Math.exp(logNormal.sigma * z));
  }
  return faults.latencyMs ?? 0;
}
