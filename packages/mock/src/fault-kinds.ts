/**
 * The fault kinds, one row each: the `x-mock-fault` parts that write it, how a part's value reads,
 * its bounds, the layer it acts on and what it does there. The header parser, the checks of a
 * config's faults, the usage text, the control API's validation and the README's fault table all
 * read this table (`test/fault-table.test.ts` compares the README with it).
 */
import type { ConnectionFault, ErrorFault, FaultConfig, InjectedErrorStatus } from './config.js';
import type { Exchange, MockApi } from './context.js';
import {
  BYTES,
  CHUNKS,
  checkError,
  checkFlag,
  checkLatency,
  first,
  isObject,
  LINES,
  MAX_FAULT_MS,
  MS,
  need,
  num,
  readLatency,
  SECONDS,
  SHARE,
  SIGMA,
  STATUS,
} from './fault-bounds.js';
import {
  cutAfterBytes,
  dribble,
  injectedFailure,
  injectedRateLimit,
  latencyOf,
  malformed,
  type SocketFault,
  socketFault,
  withStream,
} from './fault-transforms.js';

/**
 * Where a kind acts: `request` before the API answers (or instead of it), `response` on the
 * answer's body, `socket` on the connection instead of an answer.
 */
export type FaultLayer = 'request' | 'response' | 'socket';

/** The seeded random source (0..1) a kind draws from. */
export type Draw = () => number;

/** What a request-layer kind does before the API answers: wait, or answer in the API's place. */
export type RequestEffect = { delayMs: number } | { answer(api: MockApi, ex: Exchange): void };

/** One way to write a kind in the header: `key=<syntax>`, or a bare flag (no syntax). */
export interface FaultPart<V> {
  /** The key in the header. */
  key: string;
  /** How the value is written (`<ms>`); absent for a flag. */
  syntax?: string;
  /** The value's bounds in words; absent for a flag. */
  bounds?: string;
  /** How the part reads in `config.faults`. */
  config: string;
  /** A valid part, for the usage text (and the test that every part parses). */
  example: string;
  /** What it does. */
  effect: string;
  /** The kind's value (or the part of it this key sets) the text gives, bounds unchecked; undefined when it is none. */
  read(text: string | undefined): V | undefined;
}

interface KindBase<V> {
  /** The ways to write it in the header. */
  parts: readonly FaultPart<V>[];
  /** Why a value is out of its bounds or of the wrong type (a config file is not type-checked); undefined when fine. */
  check(value: unknown): string | undefined;
  /** Combines a later layer's value with an earlier one's; absent: the later replaces it. */
  merge?(earlier: V, later: V): V;
  /** A rule across the value's fields, judged once every layer is in; undefined when it holds. */
  rule?(value: V): string | undefined;
}

/**
 * A kind: its parts, checks and what it does on its layer. A request or response kind without its
 * function is acted on by the API routes themselves (`fail-job`, `drop-after-lines`).
 */
export type FaultKind<V> = KindBase<V> &
  (
    | { layer: 'request'; before?(value: V, draw: Draw): RequestEffect | undefined }
    | { layer: 'response'; transform?(response: Response, value: V, draw: Draw): Response }
    | { layer: 'socket'; replace(value: V, draw: Draw): SocketFault }
  );

/** A kind's name: a field of {@link FaultConfig}. */
export type FaultKindName = keyof FaultConfig;

/** A flag part: no value, sets the kind to `value`. */
function flag<V>(key: string, value: V, config: string, effect: string): FaultPart<V> {
  return { key, config, example: key, effect, read: (text) => (text === undefined ? value : undefined) };
}

/** Every fault kind, in the order they act (the seeded draws keep this order). */
export const FAULT_KINDS: { readonly [K in FaultKindName]-?: FaultKind<NonNullable<FaultConfig[K]>> } = {
  latency: {
    layer: 'request',
    parts: [
      {
        key: 'latency',
        syntax: '<ms>',
        bounds: MS.text,
        config: "latency: { kind: 'fixed', ms }",
        example: 'latency=200',
        effect: 'delay the answer',
        read: (text) => readLatency('fixed', text),
      },
      {
        key: 'latency',
        syntax: 'uniform:<min>:<max>',
        bounds: `0 ≤ min ≤ max ≤ ${MAX_FAULT_MS}`,
        config: "latency: { kind: 'uniform', minMs, maxMs }",
        example: 'latency=uniform:100:500',
        effect: 'delay drawn (seeded) uniformly from [min, max] ms',
        read: (text) => readLatency('uniform', text),
      },
      {
        key: 'latency',
        syntax: 'lognormal:<median>:<sigma>',
        bounds: `median ${MS.text}, sigma ${SIGMA.text}`,
        config: "latency: { kind: 'lognormal', medianMs, sigma }",
        example: 'latency=lognormal:200:0.5',
        effect: `delay drawn (seeded) from a log-normal distribution, capped at ${MAX_FAULT_MS} ms`,
        read: (text) => readLatency('lognormal', text),
      },
    ],
    check: checkLatency,
    before(value, draw) {
      const delayMs = latencyOf(value, draw);
      return delayMs > 0 ? { delayMs } : undefined;
    },
  },
  error: {
    layer: 'request',
    parts: [
      {
        key: 'error-rate',
        syntax: '<share>',
        bounds: SHARE.text,
        config: 'error: { rate }',
        example: 'error-rate=0.5',
        effect: "answer that share of requests with the injected error (seeded by the mock's seed, reproducible)",
        read: (text): ErrorFault => ({ rate: num(text) }),
      },
      {
        key: 'error-status',
        syntax: '<status>',
        bounds: STATUS.text,
        config: 'error: { status }',
        example: 'error-status=503',
        effect: "the injected error's status, 500 by default; without `error-rate` every request fails",
        read: (text): ErrorFault => ({ status: num(text) as InjectedErrorStatus }),
      },
      {
        key: 'retry-after',
        syntax: '<s>',
        bounds: `${SECONDS.text}, with error-status=503`,
        config: 'error: { retryAfterSeconds }',
        example: 'error-status=503;retry-after=2',
        effect: 'send `Retry-After: <s>` with the injected 503 (clients may then retry even a create)',
        read: (text): ErrorFault => ({ retryAfterSeconds: num(text) }),
      },
    ],
    check: checkError,
    merge: (earlier, later) => ({ ...earlier, ...later }),
    rule: (value) =>
      value.retryAfterSeconds !== undefined && value.status !== 503
        ? `retry-after (error.retryAfterSeconds) needs error-status=503 (error.status: 503), got ${value.status ?? 500}.`
        : undefined,
    before(value, draw) {
      const failure = injectedFailure(value, draw);
      return failure && { answer: (api, ex) => api.failInjected(ex, failure.status, failure.headers) };
    },
  },
  rateLimit: {
    layer: 'request',
    parts: [
      {
        key: 'rate-limit',
        syntax: '<share>',
        bounds: SHARE.text,
        config: 'rateLimit',
        example: 'rate-limit=0.2',
        effect: 'that share of requests answers 429 with a seeded `Retry-After` of 1 to 5 s',
        read: num,
      },
    ],
    check: (value) => need('rateLimit (rate-limit)', value, SHARE),
    before(rate, draw) {
      const retryAfter = injectedRateLimit(rate, draw);
      if (retryAfter === undefined) return undefined;
      return {
        answer(api, ex) {
          api.fail(ex, 429, 'Too many requests (injected by the mock: rate-limit)');
          ex.response?.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  },
  failJob: {
    layer: 'request', // the job routes read it when they create or resume a job
    parts: [
      flag('fail-job', true, 'failJob: true', 'the job created (or resumed) by this request ends FAILED / failed'),
    ],
    check: checkFlag('failJob'),
  },
  dropAfterLines: {
    layer: 'response', // the result routes count the lines they stream
    parts: [
      {
        key: 'drop-after-lines',
        syntax: '<n>',
        bounds: LINES.text,
        config: 'dropAfterLines',
        example: 'drop-after-lines=100',
        effect: 'destroy the connection after n JSONL lines or CSV rows of a result',
        read: num,
      },
    ],
    check: (value) => need('dropAfterLines (drop-after-lines)', value, LINES),
  },
  dribble: {
    layer: 'response',
    parts: [
      {
        key: 'dribble',
        syntax: '<chunks>:<ms>',
        bounds: `chunks ${CHUNKS.text}, ms ${MS.text}`,
        config: 'dribble: { chunks, overMs }',
        example: 'dribble=10:2000',
        effect: 'the body in that many equal chunks spread over ms (the body is read first; for progress bars)',
        read(text) {
          const [chunks, overMs, ...rest] = (text ?? '').split(':');
          return rest.length === 0 ? { chunks: num(chunks), overMs: num(overMs) } : undefined;
        },
      },
    ],
    check: (value) =>
      isObject(value)
        ? first(need('dribble.chunks', value.chunks, CHUNKS), need('dribble.overMs', value.overMs, MS))
        : 'dribble must be an object { chunks, overMs }.',
    transform: (response, value) => withStream(response, (body) => dribble(body, value.chunks, value.overMs)),
  },
  cutAfterBytes: {
    layer: 'response',
    parts: [
      {
        key: 'cut-after-bytes',
        syntax: '<n>',
        bounds: BYTES.text,
        config: 'cutAfterBytes',
        example: 'cut-after-bytes=1000',
        effect: 'the body is cut after n bytes and the connection drops',
        read: num,
      },
    ],
    check: (value) => need('cutAfterBytes (cut-after-bytes)', value, BYTES),
    transform: (response, limit) => withStream(response, (body) => cutAfterBytes(body, limit), true),
  },
  malformedChunk: {
    layer: 'response',
    parts: [
      flag(
        'malformed-chunk',
        true,
        'malformedChunk: true',
        "status and headers, then garbage bytes, then the connection drops (WireMock's MALFORMED_RESPONSE_CHUNK)",
      ),
    ],
    check: checkFlag('malformedChunk'),
    transform: (response, on, draw) => (on ? malformed(response, draw) : response),
  },
  connection: {
    layer: 'socket',
    parts: [
      flag<ConnectionFault>(
        'reset',
        'reset',
        "connection: 'reset'",
        'the connection is reset (TCP RST) before any answer (CONNECTION_RESET_BY_PEER)',
      ),
      flag<ConnectionFault>(
        'empty-response',
        'empty-response',
        "connection: 'empty-response'",
        'the connection closes with no answer at all (EMPTY_RESPONSE); `fetch` rejects',
      ),
      flag<ConnectionFault>(
        'random-data',
        'random-data',
        "connection: 'random-data'",
        'seeded random bytes instead of an HTTP answer, then close (RANDOM_DATA_THEN_CLOSE)',
      ),
    ],
    check: (value) =>
      value === 'reset' || value === 'empty-response' || value === 'random-data'
        ? undefined
        : `connection must be "reset", "empty-response" or "random-data", got ${JSON.stringify(value)}.`,
    replace: (value, draw) => socketFault(value, draw),
  },
};

/** The kind names in table order. */
export const FAULT_KIND_NAMES = Object.keys(FAULT_KINDS) as FaultKindName[];

/** Whether a kind's value turns it on (`false` is a flag set off). */
export function isActive(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/** A kind, its value type erased (the walkers below pass each kind only its own field's value). */
export function kindOf(name: FaultKindName): FaultKind<unknown> {
  return FAULT_KINDS[name] as unknown as FaultKind<unknown>;
}
