/**
 * Named scenarios: the situations a front end must be built for, as data plus pure functions.
 * A scenario shapes the data and timings (a config overlay) and decides, per request, which
 * faults apply and how the request's credentials look to the API, so every answer (a 401, a 403,
 * a 429) is the API's own. Per-request choices are drawn from a stream seeded by the mock's seed
 * and the scenario's name: the same seed and the same requests give the same answers.
 */
import type { FaultConfig, MockConfig } from './config.js';
import type { RequestHeaders } from './http.js';
import { Prng } from './prng.js';
import { decodeJwtPayload, decodeZohoToken, mintDevToken, mintZohoToken } from './tokens.js';

/** The names of the scenarios, in the order the README and the control page list them. */
export const SCENARIO_NAMES = [
  'happy',
  'slow-job',
  'job-fails-then-resume',
  'empty-result',
  'huge-export',
  'rate-limited',
  'flaky-download',
  'token-expired',
  'forbidden',
  'zoho-zip',
  'zoho-no-content',
] as const;

/** One of {@link SCENARIO_NAMES}. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The request header that picks a scenario for one request. */
export const SCENARIO_HEADER = 'x-mock-scenario';
/** The query parameter that does the same from a browser. */
export const SCENARIO_PARAM = '__scenario';

/** Calls a `token-expired` credential gets before its 401s start. */
export const TOKEN_EXPIRED_AFTER = 5;

/** The part of a request a scenario looks at. */
export interface ScenarioRequest {
  /** Which API the path belongs to. */
  api: 'audit-query' | 'zoho' | 'audit-resource';
  /** What the request does, as far as scenarios care. */
  kind: 'create' | 'download' | 'other';
  method: string;
  /** Path and query, the key of a download's attempts. */
  target: string;
  headers: RequestHeaders;
  /** The mock's clock, epoch ms (tokens minted here are judged by it). */
  now: number;
}

/** What a scenario does to one request: faults to add and headers to replace (null removes one). */
export interface ScenarioEffect {
  faults: FaultConfig;
  headers?: Record<string, string | null>;
}

/** A scenario: its name, what a client sees, its config overlay and its per-request rule. */
export interface Scenario {
  name: ScenarioName;
  /** What a client sees, in one or two sentences (the README and the control page show it). */
  sees: string;
  /** Data and timing overrides laid over the mock's config while the scenario is active. */
  config?: Pick<MockConfig, 'auditQuery' | 'zoho' | 'auditResource'>;
  /** The per-request rule; `state` holds the scenario's counters, `draw` its seeded stream. */
  onRequest?(request: ScenarioRequest, state: ScenarioState): ScenarioEffect;
}

/** Counters a scenario keeps between requests, and its seeded random stream. */
export class ScenarioState {
  /** Seeded stream of this scenario (same seed, same draws). */
  readonly rng: Prng;
  private readonly counts = new Map<string, number>();

  constructor(seed: number, name: ScenarioName) {
    this.rng = new Prng(`${seed}/scenario/${name}`);
  }

  /** Adds one to the counter `key` and returns its new value (bounded: a flood of keys starts over). */
  count(key: string): number {
    if (this.counts.size >= 10_000 && !this.counts.has(key)) this.counts.clear();
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  /** The counter `key` (0 when unset). */
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Sets the counter `key`. */
  set(key: string, value: number): void {
    this.counts.set(key, value);
  }
}

const MINUTE = 60_000;
const NONE: ScenarioEffect = { faults: {} };

/** The credential a request carries (who a counter is about). */
function credential(request: ScenarioRequest): string {
  return `${request.headers.get('authorization') ?? ''} ${request.headers.get('api_token') ?? ''}`;
}

/** Headers that make the API refuse the caller as having no audit permission (its own 403). */
function withoutAuditRole(request: ScenarioRequest): Record<string, string> | undefined {
  if (request.api === 'audit-query') {
    const company = decodeJwtPayload(request.headers.get('api_token') ?? '')?.company;
    if (typeof company !== 'string' || company === '') return undefined;
    return { api_token: mintDevToken({ tenant: company, auditRole: false, now: request.now }).idToken };
  }
  if (request.api === 'zoho') {
    const token = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const claims = token ? decodeZohoToken(token) : undefined;
    if (!claims) return undefined;
    return { authorization: `Zoho-oauthtoken ${mintZohoToken({ ...claims, auditLogPermission: false })}` };
  }
  return undefined;
}

/** The scenarios by name. */
export const SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  happy: {
    name: 'happy',
    sees: 'Jobs go PENDING → PROCESSING → COMPLETED (Zoho: Scheduled → In Progress → Finished) within a second; results stream in full.',
  },
  'slow-job': {
    name: 'slow-job',
    sees: 'Jobs stay PROCESSING (Zoho: In Progress) for 10 minutes of mock time; with clockFactor 60 that is 10 s, or skip ahead with POST /__mock/clock.',
    config: { auditQuery: { processingMs: 10 * MINUTE }, zoho: { progressMs: 10 * MINUTE } },
  },
  'job-fails-then-resume': {
    name: 'job-fails-then-resume',
    sees: 'Every new job ends FAILED (Zoho: Failed); resuming it (audit query) runs again and ends COMPLETED.',
    onRequest: (request) => (request.kind === 'create' ? { faults: { failJob: true } } : NONE),
  },
  'empty-result': {
    name: 'empty-result',
    sees: 'Jobs complete with nothing in them: an empty JSON Lines result, a Zoho file with the header row only, an empty audit list.',
    config: { auditQuery: { eventsPerHour: 0 }, zoho: { entriesPerHour: 0 }, auditResource: { recordsPerDay: 0 } },
  },
  'huge-export': {
    name: 'huge-export',
    sees: 'About 50,000 events an hour and no 10,000 cap: a 20-hour window streams a million events (~300 MB).',
    config: { auditQuery: { eventsPerHour: 50_000, resultLimit: 1_000_000 } },
  },
  'rate-limited': {
    name: 'rate-limited',
    sees: 'Storms of 429 answers with Retry-After 1 to 5 s: a storm lasts 2 to 6 requests, then 1 to 3 pass, and so on.',
    onRequest: (_request, state) => {
      // Storms and calms alternate; their lengths come from the seeded stream.
      let left = state.get('left');
      let storm = state.get('storm') === 1;
      if (left <= 0) {
        storm = !storm;
        left = storm ? 2 + state.rng.int(5) : 1 + state.rng.int(3);
        state.set('storm', storm ? 1 : 0);
      }
      state.set('left', left - 1);
      return storm ? { faults: { rateLimit: 1 } } : NONE;
    },
  },
  'flaky-download': {
    name: 'flaky-download',
    sees: 'The first attempt at each result or file download drops mid-stream after 100 to 999 lines; a retry of the same URL gets it all.',
    onRequest: (request, state) =>
      request.kind === 'download' && state.count(`download:${request.target}`) === 1
        ? { faults: { dropAfterLines: 100 + state.rng.int(900) } }
        : NONE,
  },
  'token-expired': {
    name: 'token-expired',
    sees: `Each credential works for ${TOKEN_EXPIRED_AFTER} calls, then every call with it answers the API's own 401; mint a new token to go on.`,
    onRequest: (request, state) =>
      state.count(`token:${credential(request)}`) > TOKEN_EXPIRED_AFTER
        ? { faults: {}, headers: { authorization: null, api_token: null } }
        : NONE,
  },
  forbidden: {
    name: 'forbidden',
    sees: 'The caller lacks the audit permission: the audit query answers 403 (no Medallia Audit Role), Zoho 403 NO_PERMISSION.',
    onRequest: (request) => {
      const headers = withoutAuditRole(request);
      return headers ? { faults: {}, headers } : NONE;
    },
  },
  'zoho-zip': {
    name: 'zoho-zip',
    sees: 'Zoho exports hold about 5,000 entries an hour, so a one-day job has over 100,000 and its file is a ZIP of CSVs.',
    config: { zoho: { entriesPerHour: 5_000 } },
  },
  'zoho-no-content': {
    name: 'zoho-no-content',
    sees: 'Zoho has nothing to export: the job list answers NO_CONTENT until a job exists, and jobs finish with a header-only CSV.',
    config: { zoho: { entriesPerHour: 0 } },
  },
};

/** Whether `name` is a scenario. */
export function isScenarioName(name: unknown): name is ScenarioName {
  return typeof name === 'string' && (SCENARIO_NAMES as readonly string[]).includes(name);
}

/** An unknown scenario name (from config, CLI, a request or the control API). */
export class UnknownScenarioError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_SCENARIO_UNKNOWN';
  /** The name given. */
  readonly scenario: string;
  constructor(scenario: string) {
    super(`Unknown scenario "${scenario}"; one of ${SCENARIO_NAMES.join(', ')}.`);
    this.name = 'UnknownScenarioError';
    this.scenario = scenario;
  }
}

/** The config in force under `scenario`: its overlay laid over `base`, one API section at a time. */
export function scenarioConfig(base: MockConfig, scenario: Scenario): MockConfig {
  const overlay = scenario.config;
  if (!overlay) return base;
  return {
    ...base,
    auditQuery: { ...base.auditQuery, ...overlay.auditQuery },
    zoho: { ...base.zoho, ...overlay.zoho },
    auditResource: { ...base.auditResource, ...overlay.auditResource },
  };
}

/** Which API a path belongs to and what it does, for scenarios; undefined for paths of none. */
export function classify(method: string, path: string): Pick<ScenarioRequest, 'api' | 'kind'> | undefined {
  if (path === '/audit' || path === '/audit/') return { api: 'audit-resource', kind: 'other' };
  if (path.startsWith('/audit-query-service/')) {
    if (method === 'GET' && /^\/audit-query-service\/v2\/export\/?$/.test(path))
      return { api: 'audit-query', kind: 'create' };
    if (path.startsWith('/audit-query-service/v2/export/result/')) return { api: 'audit-query', kind: 'download' };
    return { api: 'audit-query', kind: 'other' };
  }
  if (/^\/v\d+\/crm\/[^/]+\/auditlog\//.test(path)) return { api: 'zoho', kind: 'download' };
  if (path.startsWith('/crm/')) {
    const create = method === 'POST' && /^\/crm\/v\d+\/settings\/audit_log_export\/?$/.test(path);
    return { api: 'zoho', kind: create ? 'create' : 'other' };
  }
  return undefined;
}
