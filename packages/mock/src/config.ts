/** The mock's configuration: every knob and its default (a file is read by `node/config-file.ts`). */
import type { auditQuery as facts } from './generated/spec-facts.gen.js';

/** A state a created or resumed job may start in: what the spec's `x-transitions` let both operations answer. */
export type AuditQueryInitialState = (typeof facts.transitions.createExportJob.to)[number] &
  (typeof facts.transitions.resumeExportJob.to)[number];

/** The 5xx statuses an injected failure may carry. */
export type InjectedErrorStatus = 500 | 502 | 503 | 504;

/** A delay before answering: fixed, or drawn (seeded) from a distribution. */
export type LatencyFault =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; medianMs: number; sigma: number };

/** Injected 5xx answers: how often, with which status, and a `Retry-After` for a 503. */
export interface ErrorFault {
  /** Share of requests (0..1) that fail; without it, every request fails once `status` is set. */
  rate?: number;
  /** Status of the failures (default 500). */
  status?: InjectedErrorStatus;
  /** `Retry-After` seconds sent with a 503 (only with `status: 503`). */
  retryAfterSeconds?: number;
}

/** What happens to the connection instead of an answer. */
export type ConnectionFault = 'reset' | 'empty-response' | 'random-data';

/**
 * Faults the mock injects (from `config.faults`, the control API, a scenario, or per request from
 * the `x-mock-fault` header), one field per kind. `src/fault-kinds.ts` holds each kind's header
 * syntax, bounds and effect; the README's fault table lists them.
 */
export interface FaultConfig {
  /** Delay before answering. */
  latency?: LatencyFault;
  /** Injected 5xx answers in each API's own error body. */
  error?: ErrorFault;
  /** Share of requests (0..1) answered 429 with a seeded `Retry-After` of 1 to 5 seconds. */
  rateLimit?: number;
  /** Jobs created or resumed by the request end FAILED instead of COMPLETED / Finished. */
  failJob?: boolean;
  /** Destroy the connection after this many JSON Lines (or CSV rows) of a result. */
  dropAfterLines?: number;
  /** The body dribbled out in `chunks` pieces spread over `overMs` ms (a slow stream). */
  dribble?: { chunks: number; overMs: number };
  /** The body is cut after this many bytes and the connection closes. */
  cutAfterBytes?: number;
  /** The status and headers, then garbage bytes, then the connection closes mid-body. */
  malformedChunk?: boolean;
  /** The connection is reset, closed with no answer, or sent random bytes, instead of an answer. */
  connection?: ConnectionFault;
}

/**
 * The flat fault fields of earlier versions, still accepted in `config.faults` (a config file
 * written for them keeps working); each maps onto one {@link FaultConfig} kind.
 * @deprecated Use {@link FaultConfig}.
 */
export interface LegacyFaultConfig {
  /** @deprecated `latency: { kind: 'fixed', ms }`. */
  latencyMs?: number;
  /** @deprecated `latency: { kind: 'uniform', minMs, maxMs }`. */
  latencyUniformMs?: [number, number];
  /** @deprecated `latency: { kind: 'lognormal', medianMs, sigma }`. */
  latencyLogNormal?: { medianMs: number; sigma: number };
  /** @deprecated `error: { rate }`. */
  errorRate?: number;
  /** @deprecated `error: { status }`. */
  errorStatus?: InjectedErrorStatus;
  /** @deprecated `error: { retryAfterSeconds }`. */
  retryAfterSeconds?: number;
  /** @deprecated `rateLimit`. */
  rateLimitRate?: number;
  /** @deprecated `connection: 'empty-response'`. */
  emptyResponse?: boolean;
  /** @deprecated `connection: 'random-data'`. */
  randomData?: boolean;
  /** @deprecated `connection: 'reset'`. */
  resetByPeer?: boolean;
  failJob?: boolean;
  dropAfterLines?: number;
  dribble?: { chunks: number; overMs: number };
  cutAfterBytes?: number;
  malformedChunk?: boolean;
}

/** Everything that can be configured; every field is optional. */
export interface MockConfig {
  /** Clock: a fixed start (ISO string or epoch ms, then ticking in real time) or a function returning epoch ms. */
  now?: string | number | (() => number);
  auditQuery?: {
    /** How long a new or resumed job stays PENDING (ms, default 200). */
    pendingMs?: number;
    /** How long it then stays PROCESSING before COMPLETED or FAILED (ms, default 800). */
    processingMs?: number;
    /** Average generated events per hour per tenant (default 30). */
    eventsPerHour?: number;
    /**
     * `limit` recorded in a job's params and applied to its result: at most this many events,
     * the earliest first (default: the server's default, `ExportParams.limit` in the spec, 10000).
     */
    resultLimit?: number;
    /**
     * The status a create or resume answers: `PENDING` (the default) or `PROCESSING`, as the seed's
     * samples do (the job then skips PENDING). The spec's `x-transitions` list what is allowed.
     */
    initialState?: AuditQueryInitialState;
    /**
     * The tenant ids each company (the api_token's `company` claim) may query. Default: the seed's,
     * `{ "secengdentest": ["123302", "tenant-364"] }`; a map given here replaces it. A company not
     * listed has one tenant id, its own name (what `token --tenant <id>` mints).
     */
    tenants?: Record<string, readonly string[]>;
    /** Role ids that count as the Medallia Audit Role, besides its name (default: the spec's `x-required-role-ids`). */
    auditRoleIds?: string[];
  };
  zoho?: {
    /** How long a job stays Scheduled (ms, default 200). */
    scheduledMs?: number;
    /** How long it then stays in Progress (ms, default 800). */
    progressMs?: number;
    /** Average entries per hour (default 30: three years, the default range, give ~790,000). */
    entriesPerHour?: number;
    /** Download links expire this long after a job finishes (ms, default 7 days). */
    linkTtlMs?: number;
    /** Base URL put in `download_links` (default: the mock's own URL), e.g. an https:// proxy in front of it. */
    downloadBaseUrl?: string;
    /**
     * Most entries an export holds, the earliest by audited time (default: the spec's `x-max-entries`,
     * 1,000,000; decision Z9). A smaller one lets tests cut exports without a million entries.
     */
    resultLimit?: number;
  };
  auditResource?: {
    /** Average audit records per day per account (default 40). */
    recordsPerDay?: number;
  };
  /** Rate limits per token; `false` turns them off. Defaults come from the spec's `x-rate-limit`. */
  limits?: false | { perSecond?: number; perDay?: number };
  /** Faults applied to every request (a request's `x-mock-fault` header adds to them); the flat fields of earlier versions are still read. */
  faults?: FaultConfig | LegacyFaultConfig;
  /** The scenario in force at start (default `happy`); see the README's Scenarios. */
  scenario?: string;
  /** How much faster than real time the mock's clock runs (default 1; 60 makes a 10-minute job take 10 s). */
  clockFactor?: number;
  /** Send CORS headers and answer preflights (default true). */
  cors?: boolean;
}

/** A configuration error with a `code` the CLI prints as one line. */
export class MockConfigError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_CONFIG_INVALID';
  /** The file the configuration came from, when there was one. */
  readonly file: string | undefined;

  constructor(message: string, file?: string) {
    super(message);
    this.name = 'MockConfigError';
    this.file = file;
  }
}

/** Turns `config.now` into a clock function. */
export function makeClock(now: MockConfig['now']): () => number {
  if (typeof now === 'function') return now;
  if (now === undefined) return Date.now;
  const start = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(start))
    throw new MockConfigError(`config.now must be an ISO date or epoch ms, got ${String(now)}`);
  const origin = Date.now();
  return () => start + (Date.now() - origin);
}
