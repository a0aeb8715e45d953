/** What every API handler gets: the engine-wide state and one request being answered. */
import type { FaultConfig, InjectedErrorStatus, MockConfig } from './config.js';
import type { RateLimiter } from './limits.js';
import type { MockRequest } from './mock-request.js';

/** Engine-wide settings and services shared by the three APIs. */
export interface MockContext {
  /** The data seed. */
  seed: number;
  /** The configuration as given (defaults are applied where each value is read). */
  config: MockConfig;
  /** The mock's clock, epoch ms. */
  clock: () => number;
  /** Rate limits, or undefined when `limits: false`. */
  limiter: RateLimiter | undefined;
  /** The mock's own base URL (for download links), no trailing slash. */
  baseUrl: () => string;
}

/** One request being answered: a handler reads `request` and sets `response`. */
export interface Exchange {
  /** The request as the host gave it (a web Request, or the Node adapter's view of one). */
  request: MockRequest;
  /** `request.method`. */
  method: string;
  /** `request.url`, parsed. */
  url: URL;
  /** Clock reading when the request arrived. */
  now: number;
  /** Faults in force for this request. */
  faults: FaultConfig;
  /** The answer, once a handler has made it. */
  response: Response | undefined;
}

/** One of the three mocked APIs. */
export interface MockApi {
  /** Whether the path belongs to this API. */
  matches(path: string): boolean;
  /** Answers a request for one of its paths (sets `ex.response`). */
  handle(ex: Exchange): Promise<void>;
  /** Answers with this API's error body (used for malformed fault headers). */
  fail(ex: Exchange, status: number, message: string): void;
  /** Answers an injected 5xx (`error-rate` / `error-status`) with this API's body for that status. */
  failInjected(ex: Exchange, status: InjectedErrorStatus, headers: Record<string, string>): void;
}
