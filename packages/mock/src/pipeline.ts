/**
 * The engine's request pipeline: a list of steps, each of which answers the request or passes it
 * on; the first answer then meets the response and socket faults in force. Web standards only.
 */
import type { FaultConfig } from './config.js';
import type { Exchange, MockApi } from './context.js';
import { type ControlAccess, isControlPath } from './control/access.js';
import { handleControl } from './control/routes.js';
import type { MockControl } from './control/state.js';
import type { Draw } from './fault-kinds.js';
import { applyResponseFaults, type FaultedAnswer, hasResponseFaults, requestEffects } from './fault-layers.js';
import { FaultHeaderError } from './faults.js';
import { type MockRequest, textResponse } from './http.js';
import { UnknownScenarioError } from './scenarios.js';

/** What the steps use of the engine. */
export interface PipelineEnv {
  control: MockControl;
  access: ControlAccess;
  /** The APIs in force (replaced on reset). */
  apis(): readonly MockApi[];
  clock(): number;
  /** The seeded source of the faults' draws. */
  draw: Draw;
  /** Whether the APIs answer CORS preflights. */
  cors: boolean;
}

/** One request on its way: the exchange the API will see, and the API once routed. */
interface Flow {
  ex: Exchange;
  api: MockApi | undefined;
}

/** A step: the answer, or undefined to pass the request on. */
type Step = (flow: Flow, env: PipelineEnv) => Response | undefined | Promise<Response | undefined>;

/** Preflights are answered for the APIs only: the control API is for this machine, not for other origins. */
const answerPreflight: Step = ({ ex }, env) =>
  env.cors && ex.method === 'OPTIONS' && !isControlPath(ex.url.pathname)
    ? new Response(null, { status: 204 })
    : undefined;

const answerControl: Step = ({ ex }, env) => handleControl(ex.request, env.control, ex.url, env.access);

/** Finds the API that serves the path; a 404 naming the three when none does. */
const routeToApi: Step = (flow, env) => {
  const path = flow.ex.url.pathname;
  flow.api = env.apis().find((api) => api.matches(path));
  if (flow.api) return undefined;
  return textResponse(
    404,
    { 'content-type': 'application/json' },
    JSON.stringify({
      error: 'Not Found',
      message: `No mocked API serves ${path}. Try /audit-query-service/v2/export, /crm/v7/settings/audit_log_export or /audit.`,
    }),
  );
};

/**
 * The scenario and faults in force (config < control API < scenario < x-mock-fault header <
 * __fault parameter) and the request the API sees; a bad selection is the API's own 400.
 */
const planSelection: Step = (flow, env) => {
  const { ex } = flow;
  try {
    const plan = env.control.plan(ex.request, ex.url);
    ex.faults = plan.faults;
    if (plan.request !== ex.request) {
      ex.request = plan.request;
      ex.url = new URL(plan.request.url);
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof FaultHeaderError || error instanceof UnknownScenarioError)) throw error;
    ex.faults = {};
    return answerWith(flow, (api) => api.fail(ex, 400, error.message));
  }
};

/** Whether no fault is in force: most requests, which then skip the fault walkers. */
function none(faults: FaultConfig): boolean {
  for (const _ in faults) return false;
  return true;
}

/** The request-layer faults: a delay, or an answer (an injected 5xx or 429) in the API's place. */
const injectRequestFaults: Step = (flow, env) => (none(flow.ex.faults) ? undefined : requestFaults(flow, env));

async function requestFaults(flow: Flow, env: PipelineEnv): Promise<Response | undefined> {
  for (const effect of requestEffects(flow.ex.faults, env.draw)) {
    if ('delayMs' in effect) await new Promise((resolve) => setTimeout(resolve, effect.delayMs));
    else return answerWith(flow, (api) => effect.answer(api, flow.ex));
  }
  return undefined;
}

const answerApi: Step = (flow) => answerWith(flow, (api, ex) => api.handle(ex));

/** The steps, in order. */
const STEPS: readonly Step[] = [
  answerPreflight,
  answerControl,
  routeToApi,
  planSelection,
  injectRequestFaults,
  answerApi,
];

/** Lets the routed API answer (it sets `ex.response`) and returns that answer. */
async function answerWith(flow: Flow, act: (api: MockApi, ex: Exchange) => void | Promise<void>): Promise<Response> {
  const { ex, api } = flow;
  if (!api) throw new Error(`no API routed for ${ex.method} ${ex.url.pathname}`);
  await act(api, ex);
  if (!ex.response) throw new Error(`no answer for ${ex.method} ${ex.url.pathname}`);
  return ex.response;
}

/** Runs `request` through the steps; rejects only on a defect (the host answers that 500). */
export async function runPipeline(request: MockRequest, url: URL, env: PipelineEnv): Promise<FaultedAnswer> {
  const faults: FaultConfig = {};
  const flow: Flow = {
    ex: { request, method: request.method, url, now: env.clock(), faults, response: undefined },
    api: undefined,
  };
  for (const step of STEPS) {
    const next = step(flow, env);
    // Most steps answer synchronously: awaiting only promises saves a tick per step.
    const response = next instanceof Promise ? await next : next;
    if (!response) continue;
    const applied = flow.ex.faults;
    return none(applied) || !hasResponseFaults(applied)
      ? { response }
      : applyResponseFaults(response, applied, env.draw);
  }
  throw new Error(`no step answered ${request.method} ${url.pathname}`);
}
