/**
 * The control API under the reserved prefix `/__mock/` (described by spec/control/mock-control.json)
 * and the control page at `GET /` for browsers. Web standards only: a `Request` in, a `Response` out.
 */
import { MockConfigError } from '../config.js';
import { FaultHeaderError } from '../faults.js';
import type { ControlBodies } from '../generated/control-bodies.gen.js';
import type { MockRequest } from '../http.js';
import { SCENARIO_NAMES, SCENARIOS, UnknownScenarioError } from '../scenarios.js';
import { type ControlAccess, isControlPath } from './access.js';
import { type BodyOperation, readControlBody } from './bodies.js';
import { controlPage } from './page.js';
import type { MockControl } from './state.js';

/** The reserved path prefix of the control API. */
export const CONTROL_PREFIX = '/__mock/';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** The control API's error body: a stable `code`, what to do about it, and the body field at fault. */
function problem(status: number, code: string, message: string, field?: string): Response {
  return json(status, field === undefined ? { code, message } : { code, message, field });
}

/** The body of GET/PUT /__mock/scenario. */
function scenarioStatus(control: MockControl): Record<string, unknown> {
  return {
    name: control.scenario,
    sees: SCENARIOS[control.scenario].sees,
    seed: control.seed,
    faults: control.faults,
    clockFactor: control.clock.factor,
    scenarios: SCENARIO_NAMES.map((name) => ({ name, sees: SCENARIOS[name].sees })),
  };
}

function clockStatus(control: MockControl): Record<string, unknown> {
  return {
    now: new Date(control.clock.now()).toISOString(),
    clockFactor: control.clock.factor,
    advancedMs: control.clock.advancedMs,
  };
}

const methodNotAllowed = (allowed: string) => {
  const response = problem(405, 'MOCK_CONTROL_METHOD', `Use ${allowed} on this path.`);
  response.headers.set('allow', allowed);
  return response;
};

/** Reads `operation`'s body by the document's rules, then answers with `act`, or the refusal. */
async function withBody<K extends BodyOperation>(
  request: MockRequest,
  operation: K,
  act: (body: ControlBodies[K]) => Response,
): Promise<Response> {
  const read = await readControlBody(request, operation);
  if (!read.ok) return problem(read.problem.status, read.problem.code, read.problem.message, read.problem.field);
  return act(read.body);
}

function putScenario(control: MockControl, { name, seed }: ControlBodies['setScenario']): Response {
  try {
    control.setScenario(name, seed);
  } catch (error) {
    if (error instanceof UnknownScenarioError) return problem(400, error.code, error.message, 'name');
    throw error;
  }
  return json(200, scenarioStatus(control));
}

function putFaults(control: MockControl, { faults }: ControlBodies['setFaults']): Response {
  try {
    control.setFaults(faults);
  } catch (error) {
    if (error instanceof FaultHeaderError || error instanceof MockConfigError)
      return problem(400, 'MOCK_FAULT_HEADER_INVALID', error.message, 'faults');
    throw error;
  }
  return json(200, { faults: control.faults });
}

function postClock(control: MockControl, { advanceMs, clockFactor }: ControlBodies['advanceClock']): Response {
  // The document bounds both (a day at most per call, a factor in (0, 10000]).
  if (clockFactor !== undefined) control.clock.setFactor(clockFactor);
  if (advanceMs !== undefined) control.clock.advance(advanceMs);
  return json(200, clockStatus(control));
}

function controlPageResponse(): Response {
  return new Response(controlPage(), {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The page's one script is inline: nothing else may run or load.
      'content-security-policy':
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
    },
  });
}

/**
 * Answers a control request, or undefined when `request` is not one (an API path, or `GET /`
 * from a client that does not ask for HTML). `access` decides who may: this machine only.
 */
export async function handleControl(
  request: MockRequest,
  control: MockControl,
  url: URL,
  access: ControlAccess,
): Promise<Response | undefined> {
  const path = url.pathname;
  const method = request.method;
  const page = path === '/' && method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  // `/` is the control page's only for a browser's GET; anything else there is the APIs' (a 404).
  if (!page && (path === '/' || !isControlPath(path))) return undefined;
  const refused = access.refusal(request, url);
  if (refused) return problem(403, refused.code, refused.message);
  if (page) return controlPageResponse();
  const route = path.slice(CONTROL_PREFIX.length);
  switch (route) {
    case 'scenario':
      if (method === 'GET') return json(200, scenarioStatus(control));
      if (method === 'PUT') return withBody(request, 'setScenario', (body) => putScenario(control, body));
      return methodNotAllowed('GET, PUT');
    case 'faults':
      if (method === 'GET') return json(200, { faults: control.faults });
      if (method === 'PUT') return withBody(request, 'setFaults', (body) => putFaults(control, body));
      return methodNotAllowed('GET, PUT');
    case 'reset':
      if (method !== 'POST') return methodNotAllowed('POST');
      return withBody(request, 'resetMock', () => {
        control.reset();
        return json(200, scenarioStatus(control));
      });
    case 'clock':
      if (method === 'GET') return json(200, clockStatus(control));
      if (method === 'POST') return withBody(request, 'advanceClock', (body) => postClock(control, body));
      return methodNotAllowed('GET, POST');
    case 'jobs':
      if (method !== 'GET') return methodNotAllowed('GET');
      return json(200, { jobs: control.jobs() });
    default:
      return problem(
        404,
        'MOCK_CONTROL_NOT_FOUND',
        `No control route ${path}; try /__mock/scenario, /__mock/faults, /__mock/clock, /__mock/jobs or /__mock/reset.`,
      );
  }
}
