/** Faults on demand: from the config, and per request from the `x-mock-fault` header. */
import type { FaultConfig } from './config.js';

/** The request header that turns faults on for one request. */
export const FAULT_HEADER = 'x-mock-fault';

/** A malformed `x-mock-fault` header. */
export class FaultHeaderError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_FAULT_HEADER_INVALID';
  /** The offending part of the header. */
  readonly part: string;

  constructor(part: string) {
    super(
      `Invalid ${FAULT_HEADER} part "${part}". Use e.g. "latency=200;error-rate=0.5;drop-after-lines=100;fail-job" (latency in ms, error-rate in 0..1, drop-after-lines a positive integer).`,
    );
    this.name = 'FaultHeaderError';
    this.part = part;
  }
}

/** Parses `latency=200;error-rate=0.5;drop-after-lines=100;fail-job` into a {@link FaultConfig}. */
export function parseFaultHeader(header: string): FaultConfig {
  const faults: FaultConfig = {};
  for (const raw of header.split(/[;,]/)) {
    const part = raw.trim();
    if (!part) continue;
    const [key = '', value] = part.split('=').map((x) => x.trim());
    const num = Number(value);
    if (key === 'fail-job' && value === undefined) faults.failJob = true;
    else if (key === 'latency' && Number.isFinite(num) && num >= 0) faults.latencyMs = num;
    else if (key === 'error-rate' && Number.isFinite(num) && num >= 0 && num <= 1) faults.errorRate = num;
    else if (key === 'drop-after-lines' && Number.isInteger(num) && num > 0) faults.dropAfterLines = num;
    else throw new FaultHeaderError(part);
  }
  return faults;
}

/** The faults for one request: the header's values override the config's. */
export function resolveFaults(config: FaultConfig | undefined, header: string | string[] | undefined): FaultConfig {
  const fromHeader = typeof header === 'string' ? parseFaultHeader(header) : {};
  return { ...config, ...fromHeader };
}
