/**
 * The flat `config.faults` fields of earlier versions (`latencyMs`, `errorRate`, `resetByPeer`…),
 * read into their kinds so that config files written for them keep working.
 */
import type { FaultConfig } from './config.js';

type Out = Record<string, unknown>;

const error = (out: Out, field: string, value: unknown) => {
  out.error = { ...(out.error as object | undefined), [field]: value };
};

/** A flat socket flag: when on, the connection fault it stood for. */
const connection = (fault: string) => (out: Out, on: unknown) => {
  if (on !== false) out.connection = fault;
};

/**
 * Each flat field and where it goes, in ascending precedence: where the old fields overlapped,
 * the one that used to win is applied last (uniform over log-normal over fixed latency; reset over
 * empty response over random data).
 */
const LEGACY: readonly [string, (out: Out, value: unknown) => void][] = [
  ['latencyMs', (out, ms) => (out.latency = { kind: 'fixed', ms })],
  [
    'latencyLogNormal',
    (out, v) => (out.latency = { kind: 'lognormal', ...(v as { medianMs: unknown; sigma: unknown }) }),
  ],
  [
    'latencyUniformMs',
    (out, v) => (out.latency = { kind: 'uniform', minMs: (v as unknown[])?.[0], maxMs: (v as unknown[])?.[1] }),
  ],
  ['errorRate', (out, v) => error(out, 'rate', v)],
  ['errorStatus', (out, v) => error(out, 'status', v)],
  ['retryAfterSeconds', (out, v) => error(out, 'retryAfterSeconds', v)],
  ['rateLimitRate', (out, v) => (out.rateLimit = v)],
  ['randomData', connection('random-data')],
  ['emptyResponse', connection('empty-response')],
  ['resetByPeer', connection('reset')],
];

const LEGACY_KEYS = new Set(LEGACY.map(([key]) => key));

/** `given` with its flat fields read into kinds; a kind also given in its own form keeps that form. */
export function readLegacyFaults(given: Out): FaultConfig {
  const out: Out = {};
  for (const [key, apply] of LEGACY) if (given[key] !== undefined) apply(out, given[key]);
  for (const [key, value] of Object.entries(given)) if (!LEGACY_KEYS.has(key)) out[key] = value;
  return out as FaultConfig;
}
