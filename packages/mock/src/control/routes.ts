/**
 * The control API under the reserved prefix `/__mock/` (described by spec/control/mock-control.yaml)
 * and the control page at `GET /` for browsers. Web standards only: a `Request` in, a `Response` out.
 */
import { MockConfigError } from '../config.js';
import { FaultHeaderError, MAX_FAULT_MS } from '../faults.js';
import type { MockRequest } from '../http.js';
import { SCENARIO_NAMES, SCENARIOS, UnknownScenarioError } from '../scenarios.js';
import { MockClock } from './clock.js';
import { controlPage } from './page.js';
import type { MockControl } from './state.js';

/** The reserved path prefix of the control API. */
export const CONTROL_PREFIX = '/__mock/';

/** Largest control request body read (they are a few bytes of JSON). */
const MAX_BODY = 16 * 1024;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** The control API's error body: a stable `code` and what to do about it. */
function problem(status: number, code: string, message: string): Response {
  return json(status, { code, message });
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

/** Reads a JSON object body; a Response (400) when it is not one. */
async function readObject(request: MockRequest): Promise<Record<string, unknown> | Response> {
  const text = await request.text();
  if (text.length > MAX_BODY)
    return problem(413, 'MOCK_CONTROL_BODY_TOO_LARGE', `Control bodies are at most ${MAX_BODY} bytes.`);
  try {
    const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  return problem(400, 'MOCK_CONTROL_BODY_INVALID', 'The body must be a JSON object, e.g. {"name":"slow-job"}.');
}

const methodNotAllowed = (allowed: string) => {
  const response = problem(405, 'MOCK_CONTROL_METHOD', `Use ${allowed} on this path.`);
  response.headers.set('allow', allowed);
  return response;
};

async function putScenario(request: MockRequest, control: MockControl): Promise<Response> {
  const body = await readObject(request);
  if (body instanceof Response) return body;
  const { name, seed } = body;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && (seed as number) >= 0))
    return problem(
      400,
      'MOCK_CONTROL_BODY_INVALID',
      `seed must be a non-negative integer, got ${JSON.stringify(seed)}.`,
    );
  try {
    control.setScenario(String(name), seed as number | undefined);
  } catch (error) {
    if (error instanceof UnknownScenarioError) return problem(400, error.code, error.message);
    throw error;
  }
  return json(200, scenarioStatus(control));
}

async function putFaults(request: MockRequest, control: MockControl): Promise<Response> {
  const body = await readObject(request);
  if (body instanceof Response) return body;
  if (typeof body.faults !== 'string')
    return problem(400, 'MOCK_CONTROL_BODY_INVALID', 'faults must be a string in the x-mock-fault syntax ("" clears).');
  try {
    control.setFaults(body.faults);
  } catch (error) {
    if (error instanceof FaultHeaderError || error instanceof MockConfigError)
      return problem(400, 'MOCK_FAULT_HEADER_INVALID', error.message);
    throw error;
  }
  return json(200, { faults: control.faults });
}

async function postClock(request: MockRequest, control: MockControl): Promise<Response> {
  const body = await readObject(request);
  if (body instanceof Response) return body;
  const { advanceMs, clockFactor } = body;
  // A day at most per call: enough to finish any job, far from overflowing a date.
  const maxAdvance = 144 * MAX_FAULT_MS;
  if (advanceMs !== undefined && !(typeof advanceMs === 'number' && advanceMs >= 0 && advanceMs <= maxAdvance))
    return problem(400, 'MOCK_CONTROL_BODY_INVALID', `advanceMs must be a number of ms in 0..${maxAdvance}.`);
  if (clockFactor !== undefined && !MockClock.validFactor(clockFactor))
    return problem(400, 'MOCK_CONTROL_BODY_INVALID', 'clockFactor must be a number in (0, 10000].');
  if (clockFactor !== undefined) control.clock.setFactor(clockFactor);
  if (advanceMs !== undefined) control.clock.advance(advanceMs);
  return json(200, clockStatus(control));
}

/**
 * Answers a control request, or undefined when `request` is not one (an API path, or `GET /`
 * from a client that does not ask for HTML).
 */
export async function handleControl(
  request: MockRequest,
  control: MockControl,
  url = new URL(request.url),
): Promise<Response | undefined> {
  const path = url.pathname;
  const method = request.method;
  if (path === '/') {
    if (method !== 'GET' || !(request.headers.get('accept') ?? '').includes('text/html')) return undefined;
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
  if (!path.startsWith(CONTROL_PREFIX)) return undefined;
  const route = path.slice(CONTROL_PREFIX.length);
  switch (route) {
    case 'scenario':
      if (method === 'GET') return json(200, scenarioStatus(control));
      if (method === 'PUT') return putScenario(request, control);
      return methodNotAllowed('GET, PUT');
    case 'faults':
      if (method === 'GET') return json(200, { faults: control.faults });
      if (method === 'PUT') return putFaults(request, control);
      return methodNotAllowed('GET, PUT');
    case 'reset':
      if (method !== 'POST') return methodNotAllowed('POST');
      control.reset();
      return json(200, scenarioStatus(control));
    case 'clock':
      if (method === 'GET') return json(200, clockStatus(control));
      if (method === 'POST') return postClock(request, control);
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
