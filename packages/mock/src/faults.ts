/**
 * Faults on demand: from the config, the active scenario, the control API, and per request from
 * the `x-mock-fault` header or the `__fault` query parameter (one syntax for all of them, read by
 * the table in `fault-kinds.ts`).
 */
import type { FaultConfig, LegacyFaultConfig } from './config.js';
import { FAULT_KIND_NAMES, FAULT_KINDS, type FaultKindName, type FaultPart, kindOf } from './fault-kinds.js';
import { readLegacyFaults } from './fault-legacy.js';
import { FAULT_USAGE } from './fault-usage.js';

export { INJECTED_ERROR_STATUSES, MAX_FAULT_MS } from './fault-bounds.js';

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

/** A malformed `x-mock-fault` header (or `__fault` parameter, or control API fault). */
export class FaultHeaderError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_FAULT_HEADER_INVALID';
  /** The offending part of the header. */
  readonly part: string;

  constructor(part: string, reason = `Invalid ${FAULT_HEADER} part "${part}".`) {
    super(`${reason} ${FAULT_USAGE}`);
    this.name = 'FaultHeaderError';
    this.part = part;
  }
}

const KEYS = new Set(FAULT_KIND_NAMES as string[]);

/** `later` laid over `earlier`, kind by kind: a kind's value replaces the earlier one, or merges with it (`error`). */
export function layerFaults(earlier: FaultConfig, later: FaultConfig): FaultConfig {
  const out: Record<string, unknown> = { ...earlier };
  for (const name of FAULT_KIND_NAMES) {
    const value = later[name];
    if (value === undefined) continue;
    const before = out[name];
    const merge = kindOf(name).merge;
    out[name] = merge && before !== undefined ? merge(before, value) : value;
  }
  return out as FaultConfig;
}

/** The kind a header part names, and the value its text gives; undefined when no part reads it. */
function readPart(key: string, text: string | undefined): { name: FaultKindName; value: unknown } | undefined {
  for (const name of FAULT_KIND_NAMES) {
    for (const part of FAULT_KINDS[name].parts as readonly FaultPart<unknown>[]) {
      if (part.key !== key) continue;
      const value = part.read(text);
      if (value !== undefined) return { name, value };
    }
  }
  return undefined;
}

/** Parses `latency=200;error-status=503;retry-after=2;drop-after-lines=100;fail-job` into a {@link FaultConfig}. */
export function parseFaultHeader(header: string): FaultConfig {
  let faults: FaultConfig = {};
  for (const raw of header.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const at = part.indexOf('=');
    const key = (at < 0 ? part : part.slice(0, at)).trim();
    const read = readPart(key, at < 0 ? undefined : part.slice(at + 1).trim());
    if (!read) throw new FaultHeaderError(part);
    const problem = kindOf(read.name).check(read.value);
    if (problem) throw new FaultHeaderError(part, `Invalid ${FAULT_HEADER} part "${part}": ${problem}`);
    faults = layerFaults(faults, { [read.name]: read.value });
  }
  return faults;
}

/**
 * Why a set of faults cannot apply, or undefined when it can: known kinds only, each value of its
 * type and within its bounds (a config file is not type-checked), and each kind's rule across its
 * fields (`retry-after` with a 503 only, the status whose Retry-After clients may honour).
 */
export function faultProblem(faults: FaultConfig): string | undefined {
  for (const key of Object.keys(faults)) {
    if (!KEYS.has(key)) return `unknown fault kind "${key}"; one of ${FAULT_KIND_NAMES.join(', ')}.`;
  }
  for (const name of FAULT_KIND_NAMES) {
    const value = faults[name];
    if (value === undefined) continue;
    const kind = kindOf(name);
    const problem = kind.check(value) ?? kind.rule?.(value);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * `config.faults` as kinds: the flat fields of earlier versions are read into their kinds (a kind
 * given both ways keeps the new form). Throws a `TypeError` when it is no object.
 */
export function configFaults(given: FaultConfig | LegacyFaultConfig | undefined): FaultConfig {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    throw new TypeError(`must be an object of fault kinds (${FAULT_KIND_NAMES.join(', ')})`);
  return readLegacyFaults(given as Record<string, unknown>);
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
  let faults: FaultConfig = { ...config };
  for (const text of given) faults = layerFaults(faults, parseFaultHeader(text));
  const problem = given.length > 0 ? faultProblem(faults) : undefined;
  if (problem) {
    const text = given.join(';');
    throw new FaultHeaderError(text, `Invalid ${FAULT_HEADER} "${text}": ${problem}`);
  }
  return faults;
}
