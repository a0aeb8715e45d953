/** The engine's public types: its options, its state and what it offers. */
import type { AuditQueryApi } from './audit-query/routes.js';
import type { AuditResourceApi } from './audit-resource/routes.js';
import type { MockConfig } from './config.js';
import type { MockControl } from './control/state.js';
import type { AuditEvent } from './data/catalog.js';
import type { RateLimiter } from './limits.js';
import type { ZohoEntry } from './zoho/entries.js';
import type { ZohoApi } from './zoho/routes.js';

/** Options of `createMockEngine`. */
export interface MockEngineOptions {
  /** Data seed (default 1): the same seed gives the same events, byte for byte. */
  seed?: number;
  /** Behaviour: timings, data density, limits, faults, clock. */
  config?: MockConfig;
  /** The mock's base URL as clients see it (download links point there); a function when known only later. */
  baseUrl?: string | (() => string);
  /** Receives a line for every request the engine could not answer (an internal error). */
  onError?: (line: string) => void;
  /**
   * Host names (or URLs) under which the control API (`/__mock/*`, the control page) answers,
   * besides loopback names and `baseUrl`'s host; `createMockServer` passes its `host`. Any other
   * `Host` gets 403 (a DNS-rebinding page names its own host).
   */
  controlHosts?: readonly string[];
  /**
   * Origins whose pages may call the control API besides the request's own; the MSW handlers pass
   * the page's origin in a browser. Any other `Origin` gets 403.
   */
  controlOrigins?: readonly string[];
}

/** What the engine holds, for tests that want to look inside. */
export interface MockState {
  /** The audit query API (its `jobs` store). */
  auditQuery: AuditQueryApi;
  /** The Zoho API (its `jobs` map). */
  zoho: ZohoApi;
  /** The audit resource API. */
  auditResource: AuditResourceApi;
}

/** A mock engine: answer requests, read its ground truth, reset it. */
export interface MockEngine {
  /** Answers one request; never rejects (an internal error is a 500 "mock failure"). */
  fetch(request: Request): Promise<Response>;
  /** The engine's jobs and APIs (replaced by {@link MockEngine.reset}). */
  readonly state: MockState;
  /** The events the result of an audit query job holds (its ground truth), in order. */
  expectedEvents(jobId: string): AuditEvent[];
  /** The entries a Zoho export job holds (its ground truth), in order. */
  expectedZohoEntries(jobId: string): ZohoEntry[];
  /** Forgets every job, rate-limit count and cache: the engine answers as if just created. */
  reset(): void;
  /** The rate limiter (undefined when `limits: false`), for tests that bound its memory. */
  readonly limiter: RateLimiter | undefined;
  /** Run-time controls: scenario, faults and clock (what the control API at `/__mock/` drives). */
  readonly control: MockControl;
}
