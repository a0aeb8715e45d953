/**
 * The mock engine: a web `Request` in, a web `Response` out, for the three APIs (their paths do
 * not collide). Web standards only, so the same engine and state serve the Node server (a thin
 * adapter, `node/server.ts`), MSW handlers in Vitest or a browser tab, Deno and Bun.
 */
import { snapshot } from './audit-query/jobs.js';
import { AuditQueryApi } from './audit-query/routes.js';
import { AuditResourceApi } from './audit-resource/routes.js';
import { type MockConfig, MockConfigError, makeClock } from './config.js';
import type { Exchange, MockApi, MockContext } from './context.js';
import { ControlAccess, isControlPath } from './control/access.js';
import { handleControl } from './control/routes.js';
import { type ControlJob, MockControl } from './control/state.js';
import type { AuditEvent } from './data/catalog.js';
import { applyResponseFaults, hasResponseFaults } from './fault-transforms.js';
import { FaultHeaderError, faultProblem, injectedFailure, injectedRateLimit, latencyOf } from './faults.js';
import { auditQuery as auditQueryFacts } from './generated/spec-facts.gen.js';
import { hostEntries } from './host-entry.js';
import { corsHeaders, type MockRequest, textResponse, withBody } from './http.js';
import { RateLimiter } from './limits.js';
import { Prng } from './prng.js';
import { UnknownScenarioError } from './scenarios.js';
import type { ZohoEntry } from './zoho/entries.js';
import { ZohoApi } from './zoho/routes.js';

/** Options of {@link createMockEngine}. */
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

/** Origin used to parse request targets when a host gives only a path. */
export const PLACEHOLDER_ORIGIN = 'http://mock.invalid';

/** Creates an engine; throws {@link MockConfigError} for a configuration it cannot run. */
export function createMockEngine(options: MockEngineOptions = {}): MockEngine {
  const config = options.config ?? {};
  const seed = options.seed ?? 1;
  const faultError = config.faults && faultProblem(config.faults);
  if (faultError) throw new MockConfigError(`config.faults: ${faultError}`);
  const base = options.baseUrl;
  const access = new ControlAccess(
    [...(typeof base === 'string' ? [base] : []), ...(options.controlHosts ?? [])],
    options.controlOrigins,
  );
  // The control owns the clock (clockFactor, jumps) and the config in force (the scenario's overlay).
  const control: MockControl = new MockControl(config, seed, makeClock(config.now), {
    jobs: (): ControlJob[] => {
      const now: number = control.clock.now();
      return [
        ...state.auditQuery.jobs.list().map((job) => ({
          api: 'audit-query' as const,
          jobId: job.jobId,
          state: snapshot(job, now).state as string,
          createdAt: new Date(job.createdAt).toISOString(),
        })),
        ...[...state.zoho.jobs.values()].map((job) => ({
          api: 'zoho' as const,
          jobId: job.id,
          state: String(state.zoho.view(job, now).status),
          createdAt: new Date(job.createdAt).toISOString(),
        })),
      ];
    },
    resetApis: () => init(),
  });
  const ctx: MockContext = {
    seed,
    get config() {
      return control.config;
    },
    clock: control.clock.now,
    limiter: undefined,
    baseUrl: typeof base === 'function' ? base : () => base ?? PLACEHOLDER_ORIGIN,
  };
  let state!: MockState;
  let apis: MockApi[] = [];
  let errorRng!: Prng;
  function init(): void {
    const limits = config.limits;
    ctx.limiter =
      limits === false
        ? undefined
        : new RateLimiter(
            limits?.perSecond ?? auditQueryFacts.rateLimit.requestsPerSecond,
            limits?.perDay ?? auditQueryFacts.rateLimit.requestsPerDay,
          );
    state = { auditQuery: new AuditQueryApi(ctx), zoho: new ZohoApi(ctx), auditResource: new AuditResourceApi(ctx) };
    apis = [state.auditQuery, state.zoho, state.auditResource];
    errorRng = new Prng(`${seed}/faults`);
  }
  init();
  // Most requests carry neither header the CORS answer echoes: their headers are computed once.
  const defaultCors = corsHeaders(null, null);

  async function answer(incoming: MockRequest, parsed: URL): Promise<Response> {
    let request = incoming;
    let url = parsed;
    const controlled = await handleControl(request, control, url, access);
    if (controlled) return controlled;
    const api = apis.find((a) => a.matches(url.pathname));
    if (!api) {
      return textResponse(
        404,
        { 'content-type': 'application/json' },
        JSON.stringify({
          error: 'Not Found',
          message: `No mocked API serves ${url.pathname}. Try /audit-query-service/v2/export, /crm/v7/settings/audit_log_export or /audit.`,
        }),
      );
    }
    // Scenario and faults: config < control API < scenario < x-mock-fault header < __fault parameter.
    let faultError: FaultHeaderError | UnknownScenarioError | undefined;
    let faults = {};
    try {
      const plan = control.plan(request, url);
      faults = plan.faults;
      if (plan.request !== request) {
        request = plan.request;
        url = new URL(request.url);
      }
    } catch (error) {
      if (!(error instanceof FaultHeaderError || error instanceof UnknownScenarioError)) throw error;
      faultError = error;
    }
    const ex: Exchange = { request, method: request.method, url, now: ctx.clock(), faults, response: undefined };
    const draw = () => errorRng.float();
    if (faultError) api.fail(ex, 400, faultError.message);
    else {
      const delay = latencyOf(ex.faults, draw);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const failure = injectedFailure(ex.faults, draw);
      const retryAfter = failure ? undefined : injectedRateLimit(ex.faults, draw);
      if (failure) api.failInjected(ex, failure.status, failure.headers);
      else if (retryAfter !== undefined) {
        api.fail(ex, 429, 'Too many requests (injected by the mock: rate-limit)');
        ex.response?.headers.set('retry-after', String(retryAfter));
      } else await api.handle(ex);
    }
    if (!ex.response) throw new Error(`no answer for ${request.method} ${url.pathname}`);
    // A bare text answer (see textHostRequests) gets its body back before a fault transforms it.
    return hasResponseFaults(ex.faults) ? applyResponseFaults(withBody(ex.response), ex.faults, draw) : ex.response;
  }

  const cors = config.cors !== false;

  /** The answer before CORS: both entries (fetch, the Node adapter's) run the same code. */
  async function respond(request: MockRequest, url: URL): Promise<Response> {
    // Preflights are answered for the APIs only: the control API is for this machine, not for other origins.
    if (cors && request.method === 'OPTIONS' && !isControlPath(url.pathname))
      return new Response(null, { status: 204 });
    try {
      return await answer(request, url);
    } catch (error) {
      options.onError?.(`mock error: ${(error as Error).stack ?? String(error)}`);
      return textResponse(
        500,
        { 'content-type': 'application/json' },
        JSON.stringify({ error: 'Internal Server Error', message: 'mock failure, see its log' }),
      );
    }
  }

  function corsOf(request: MockRequest, url: URL): Readonly<Record<string, string>> | undefined {
    if (!cors || isControlPath(url.pathname)) return undefined;
    const origin = request.headers.get('origin');
    const asked = request.headers.get('access-control-request-headers');
    return origin === null && asked === null ? defaultCors : corsHeaders(origin, asked);
  }

  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const response = await respond(request, url);
    const headers = corsOf(request, url);
    // A network error (a transport fault) has no headers to add to.
    if (!headers || response.type === 'error') return response;
    for (const name in headers) response.headers.set(name, headers[name] as string);
    return response;
  }

  const engine: MockEngine = {
    fetch,
    get state() {
      return state;
    },
    get limiter() {
      return ctx.limiter;
    },
    reset: () => control.reset(),
    control,
    expectedEvents(jobId) {
      const job = state.auditQuery.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedEvents: no audit query job ${jobId} on this mock`);
      return [...state.auditQuery.events(job)];
    },
    expectedZohoEntries(jobId) {
      const job = state.zoho.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedZohoEntries: no Zoho job ${jobId} on this mock`);
      return [...state.zoho.entries(job)];
    },
  };
  hostEntries.set(engine, { answer: respond, cors: corsOf });
  return engine;
}
