/** Records what each client sent through Prism: operation, status, and any Prism problem in the answer. */
import { type ApiId, operations } from '@audit-export/spec';
import type { Doc } from './spec-set.js';

/** One request/response pair, named by the spec operation it matched. */
export interface Exchange {
  readonly api: ApiId;
  readonly operationId: string;
  readonly status: number;
}

/** Shared state of one conformance run. */
export interface Recorder {
  readonly exchanges: Exchange[];
  readonly problems: string[];
  /** `x-mock-fault` value for the next requests (undefined: none). */
  fault: string | undefined;
  /** The mock's stepped clock, when the run owns the mock: each request moves it by `tickMs`. */
  clock: { advance(ms: number): void } | undefined;
  /** Mock time per request (default 120 ms: under the 10 requests per second the mock allows a token). */
  tickMs: number;
}

/** A `fetch` for the clients that records every exchange against the operations of `doc`. */
export function recordingFetch(api: ApiId, doc: Doc, recorder: Recorder): (request: Request) => Promise<Response> {
  const matchers = operations(doc).map((op) => ({
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));
  return async (request) => {
    if (recorder.fault !== undefined) request.headers.set('x-mock-fault', recorder.fault);
    recorder.clock?.advance(recorder.tickMs);
    const response = await fetch(request);
    const path = new URL(request.url).pathname;
    const match = matchers.find((m) => m.method === request.method && m.pattern.test(path));
    const operationId = match?.operationId ?? `${request.method} ${path}`;
    if (!match) recorder.problems.push(`${api}: ${request.method} ${path} matches no operation of the spec`);
    // Prism buffers whole bodies, so reading a clone here costs nothing extra.
    const text = await response.clone().text();
    if (text.includes('stoplight.io/prism/errors')) {
      recorder.problems.push(`${api} ${operationId} → ${response.status}: Prism reports ${text.slice(0, 400)}`);
    }
    recorder.exchanges.push({ api, operationId, status: response.status });
    return response;
  };
}
