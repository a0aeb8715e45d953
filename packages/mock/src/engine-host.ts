/**
 * The engine and its entry for hosts: `createMockEngine` hands out `engine` (a web `Request` in, a
 * plain `Response` out); the Node server also takes `answer` (its parsed URL in, the answer without
 * CORS, or the socket fault to act out) and `cors` (the headers it adds itself). Not a public
 * subpath: it is the same pipeline, only entered without re-parsing what the host parsed.
 */
import { snapshot } from './audit-query/jobs.js';
import { AuditQueryApi } from './audit-query/routes.js';
import { AuditResourceApi } from './audit-resource/routes.js';
import { type MockConfig, MockConfigError, makeClock } from './config.js';
import type { MockApi, MockContext } from './context.js';
import { ControlAccess, isControlPath } from './control/access.js';
import { type ControlJob, MockControl } from './control/state.js';
import type { MockEngine, MockEngineOptions, MockState } from './engine-types.js';
import type { FaultedAnswer } from './fault-layers.js';
import { configFaults, faultProblem } from './faults.js';
import { auditQuery as auditQueryFacts } from './generated/spec-facts.gen.js';
import { corsHeaders, type MockRequest, textResponse } from './http.js';
import { RateLimiter } from './limits.js';
import { type PipelineEnv, runPipeline } from './pipeline.js';
import { Prng } from './prng.js';
import { ZohoApi } from './zoho/routes.js';

/** Origin used to parse request targets when a host gives only a path. */
export const PLACEHOLDER_ORIGIN = 'http://mock.invalid';

/** The engine, and its entry for a host that parses URLs, acts on sockets and adds CORS itself. */
export interface EngineHost {
  engine: MockEngine;
  /** Answers one request (never rejects): the Response without CORS headers, or the socket fault to act out. */
  answer(request: MockRequest, url: URL): Promise<FaultedAnswer>;
  /** The CORS headers for a request's answer, or undefined when none are sent (`cors: false`, the control API). */
  cors(request: MockRequest, url: URL): Readonly<Record<string, string>> | undefined;
}

/** `config` with its faults read into kinds (earlier versions' flat fields too) and checked. */
function checkedConfig(config: MockConfig): MockConfig {
  let faults: ReturnType<typeof configFaults>;
  try {
    faults = configFaults(config.faults);
  } catch (error) {
    throw new MockConfigError(`config.faults ${(error as Error).message}`);
  }
  const problem = faultProblem(faults);
  if (problem) throw new MockConfigError(`config.faults: ${problem}`);
  return { ...config, faults };
}

/** The three APIs, their rate limiter and the faults' seeded draws: what a reset makes anew. */
class ApiSet {
  state!: MockState;
  list: readonly MockApi[] = [];
  private rng!: Prng;

  constructor(
    readonly ctx: MockContext,
    private readonly limits: MockConfig['limits'],
  ) {
    this.reset();
  }

  /** The next draw of the faults' seeded source. */
  readonly draw = (): number => this.rng.float();

  /** Forgets every job, rate-limit count and draw. */
  reset(): void {
    const limits = this.limits;
    const facts = auditQueryFacts.rateLimit;
    this.ctx.limiter =
      limits === false
        ? undefined
        : new RateLimiter(limits?.perSecond ?? facts.requestsPerSecond, limits?.perDay ?? facts.requestsPerDay);
    const ctx = this.ctx;
    this.state = {
      auditQuery: new AuditQueryApi(ctx),
      zoho: new ZohoApi(ctx),
      auditResource: new AuditResourceApi(ctx),
    };
    this.list = [this.state.auditQuery, this.state.zoho, this.state.auditResource];
    this.rng = new Prng(`${ctx.seed}/faults`);
  }

  /** The live jobs of both job APIs, as the control API lists them. */
  jobs(now: number): ControlJob[] {
    const { auditQuery, zoho } = this.state;
    return [
      ...auditQuery.jobs.list().map((job) => ({
        api: 'audit-query' as const,
        jobId: job.jobId,
        state: snapshot(job, now).state as string,
        createdAt: new Date(job.createdAt).toISOString(),
      })),
      ...[...zoho.jobs.values()].map((job) => ({
        api: 'zoho' as const,
        jobId: job.id,
        state: String(zoho.view(job, now).status),
        createdAt: new Date(job.createdAt).toISOString(),
      })),
    ];
  }
}

/** The public engine object over the APIs, the control and the pipeline's entries. */
function engineOf(apis: ApiSet, control: MockControl, host: Omit<EngineHost, 'engine'>): MockEngine {
  return {
    async fetch(request) {
      const url = new URL(request.url);
      const answer = await host.answer(request, url);
      // A socket fault is a network error to fetch and MSW; it has no headers to add to.
      if (answer.socket) return Response.error();
      const headers = host.cors(request, url);
      if (headers) for (const name in headers) answer.response.headers.set(name, headers[name] as string);
      return answer.response;
    },
    get state() {
      return apis.state;
    },
    get limiter() {
      return apis.ctx.limiter;
    },
    reset: () => control.reset(),
    control,
    expectedEvents(jobId) {
      const job = apis.state.auditQuery.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedEvents: no audit query job ${jobId} on this mock`);
      return [...apis.state.auditQuery.events(job)];
    },
    expectedZohoEntries(jobId) {
      const job = apis.state.zoho.jobs.get(jobId);
      if (!job) throw new RangeError(`expectedZohoEntries: no Zoho job ${jobId} on this mock`);
      return [...apis.state.zoho.entries(job)];
    },
  };
}

/** Creates an engine and its host entry; throws {@link MockConfigError} for a configuration it cannot run. */
export function createEngineHost(options: MockEngineOptions = {}): EngineHost {
  const config = checkedConfig(options.config ?? {});
  const seed = options.seed ?? 1;
  const base = options.baseUrl;
  const access = new ControlAccess(
    [...(typeof base === 'string' ? [base] : []), ...(options.controlHosts ?? [])],
    options.controlOrigins,
  );
  // The control owns the clock (clockFactor, jumps) and the config in force (the scenario's overlay).
  const control: MockControl = new MockControl(config, seed, makeClock(config.now), {
    jobs: () => apis.jobs(control.clock.now()),
    resetApis: () => apis.reset(),
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
  const apis = new ApiSet(ctx, config.limits);
  const cors = config.cors !== false;
  const env: PipelineEnv = { control, access, apis: () => apis.list, clock: ctx.clock, draw: apis.draw, cors };
  // Most requests carry neither header the CORS answer echoes: their headers are computed once.
  const defaultCors = corsHeaders(null, null);
  const host: Omit<EngineHost, 'engine'> = {
    async answer(request, url) {
      try {
        return await runPipeline(request, url, env);
      } catch (error) {
        options.onError?.(`mock error: ${(error as Error).stack ?? String(error)}`);
        const body = JSON.stringify({ error: 'Internal Server Error', message: 'mock failure, see its log' });
        return { response: textResponse(500, { 'content-type': 'application/json' }, body) };
      }
    },
    cors(request, url) {
      if (!cors || isControlPath(url.pathname)) return undefined;
      const origin = request.headers.get('origin');
      const asked = request.headers.get('access-control-request-headers');
      return origin === null && asked === null ? defaultCors : corsHeaders(origin, asked);
    },
  };
  return { engine: engineOf(apis, control, host), ...host };
}
