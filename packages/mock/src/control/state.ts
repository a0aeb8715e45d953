/**
 * What the control API changes at run time: the active scenario, faults for every request, the
 * clock. `plan` turns one incoming request into the request the APIs see and the faults in force,
 * from every place a selection can come from (config < control API < scenario < header < query).
 */
import { type FaultConfig, type MockConfig, MockConfigError } from '../config.js';
import {
  configFaults,
  FAULT_HEADER,
  FAULT_PARAM,
  faultProblem,
  layerFaults,
  parseFaultHeader,
  resolveFaults,
} from '../faults.js';
import type { MockRequest } from '../http.js';
import {
  classify,
  isScenarioName,
  SCENARIO_HEADER,
  SCENARIO_PARAM,
  SCENARIOS,
  type ScenarioName,
  ScenarioState,
  scenarioConfig,
  UnknownScenarioError,
} from '../scenarios.js';
import { MockClock } from './clock.js';

/** A job as the control API and page list it. */
export interface ControlJob {
  api: 'audit-query' | 'zoho';
  jobId: string;
  state: string;
  /** ISO time the job was created, on the mock's clock. */
  createdAt: string;
}

/** What {@link MockControl} needs from the engine. */
export interface ControlHooks {
  /** The live jobs of every API. */
  jobs(): ControlJob[];
  /** Forgets every job and counter of the APIs. */
  resetApis(): void;
}

/**
 * Whether a query string may name `__fault` or `__scenario`: a decoded name holds "__" only when the
 * raw text holds "__" or a percent-encoded "_" (`%5F`).
 */
function mayHoldSelection(search: string): boolean {
  return search.includes('__') || /%5f/i.test(search);
}

/** One request, ready for the APIs. */
export interface RequestPlan {
  /** The request with `__fault` / `__scenario` removed and any scenario header rewrites applied. */
  request: MockRequest;
  /** The faults in force for it. */
  faults: FaultConfig;
}

/** The mock's run-time controls. */
export class MockControl {
  /** The clock every API reads. */
  readonly clock: MockClock;
  private active: ScenarioName;
  private seedValue: number;
  private runtimeFaults: { text: string; faults: FaultConfig } | undefined;
  private states = new Map<ScenarioName, ScenarioState>();
  private effective: MockConfig;
  /** `config.faults`, read into kinds. */
  private readonly baseFaults: FaultConfig;

  constructor(
    private readonly base: MockConfig,
    seed: number,
    now: () => number,
    private readonly hooks: ControlHooks,
  ) {
    const start = base.scenario ?? 'happy';
    if (!isScenarioName(start))
      throw new MockConfigError(`config.scenario: ${new UnknownScenarioError(start).message}`);
    if (base.clockFactor !== undefined && !MockClock.validFactor(base.clockFactor))
      throw new MockConfigError(`config.clockFactor must be a number in (0, 10000], got ${String(base.clockFactor)}`);
    this.baseFaults = configFaults(base.faults);
    this.clock = new MockClock(now, base.clockFactor ?? 1);
    this.active = start;
    this.seedValue = seed;
    this.effective = scenarioConfig(base, SCENARIOS[start]);
  }

  /** The active scenario's name. */
  get scenario(): ScenarioName {
    return this.active;
  }

  /** The seed the scenarios draw from. */
  get seed(): number {
    return this.seedValue;
  }

  /** The config in force: the mock's, with the active scenario's overlay. */
  get config(): MockConfig {
    return this.effective;
  }

  /** The faults set through the control API, as text (empty when none). */
  get faults(): string {
    return this.runtimeFaults?.text ?? '';
  }

  /** Live jobs of every API. */
  jobs(): ControlJob[] {
    return this.hooks.jobs();
  }

  /** Makes `name` the active scenario, its counters fresh; `seed` re-seeds its draws. */
  setScenario(name: string, seed?: number): void {
    if (!isScenarioName(name)) throw new UnknownScenarioError(name);
    if (seed !== undefined) this.seedValue = seed;
    this.active = name;
    this.states.clear();
    this.effective = scenarioConfig(this.base, SCENARIOS[name]);
  }

  /** Sets faults for every request (same syntax as `x-mock-fault`); '' clears them. */
  setFaults(text: string): void {
    if (text.trim() === '') {
      this.runtimeFaults = undefined;
      return;
    }
    const faults = parseFaultHeader(text);
    const problem = faultProblem(layerFaults(this.baseFaults, faults));
    if (problem) throw new MockConfigError(`faults "${text}": ${problem}`);
    this.runtimeFaults = { text, faults };
  }

  /** Back to the start: the configured scenario and faults, no jobs, no clock jumps. */
  reset(): void {
    this.setScenario(this.base.scenario ?? 'happy');
    this.runtimeFaults = undefined;
    this.clock.resetAdvance();
    this.hooks.resetApis();
  }

  private stateOf(name: ScenarioName): ScenarioState {
    let state = this.states.get(name);
    if (!state) {
      state = new ScenarioState(this.seedValue, name);
      this.states.set(name, state);
    }
    return state;
  }

  /**
   * The request the APIs see and its faults. Throws `UnknownScenarioError` or `FaultHeaderError`
   * (answered 400 by the engine) for a bad selection.
   */
  plan(request: MockRequest, url: URL = new URL(request.url)): RequestPlan {
    // Most requests select nothing (no selection parameter or header, a scenario that ignores
    // requests, no faults): they skip the layering below, a measurable share of a small answer's time.
    if (
      !mayHoldSelection(url.search) &&
      this.runtimeFaults === undefined &&
      SCENARIOS[this.active].onRequest === undefined &&
      Object.keys(this.baseFaults).length === 0 &&
      request.headers.get(SCENARIO_HEADER) === null &&
      request.headers.get(FAULT_HEADER) === null
    )
      return { request, faults: {} };
    const params = url.searchParams;
    const picked = params.get(SCENARIO_PARAM) ?? request.headers.get(SCENARIO_HEADER) ?? this.active;
    if (!isScenarioName(picked)) throw new UnknownScenarioError(picked);
    const faultParam = params.get(FAULT_PARAM);
    const stripped = params.has(SCENARIO_PARAM) || faultParam !== null;
    if (stripped) {
      url = new URL(url.href);
      url.searchParams.delete(SCENARIO_PARAM);
      url.searchParams.delete(FAULT_PARAM);
    }
    const what = classify(request.method, url.pathname);
    const effect = what
      ? SCENARIOS[picked].onRequest?.(
          {
            ...what,
            method: request.method,
            target: url.pathname + url.search,
            headers: request.headers,
            now: this.clock.now(),
          },
          this.stateOf(picked),
        )
      : undefined;
    const layered = layerFaults(layerFaults(this.baseFaults, this.runtimeFaults?.faults ?? {}), effect?.faults ?? {});
    const faults = resolveFaults(layered, request.headers.get(FAULT_HEADER), faultParam);
    if (!stripped && !effect?.headers) return { request, faults };
    const headers = new Headers();
    request.headers.forEach((value, name) => {
      headers.append(name, value);
    });
    for (const [name, value] of Object.entries(effect?.headers ?? {})) {
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
    };
    return { request: new Request(url.href, init), faults };
  }
}
