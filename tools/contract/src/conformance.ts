/**
 * Points 2, 3 and the mock half of 4: every operation of every API called through the client
 * packages, through a Prism validation proxy per API (`prism proxy <bundled spec> <mock> --errors`)
 * in front of the stateful mock. Prism checks requests (an invalid one gets 422) and responses (an
 * invalid one becomes a 500 `#VIOLATIONS` problem and a logged Violation); the lines the mock
 * streams are validated with @audit-export/events and the spec's item schema; and every response
 * status the spec declares must have been seen, or be listed as unreachable on the mock.
 */
import { join } from 'node:path';
import { type ApiId, apiIds, operations } from '@audit-export/spec';
import { type CheckResult, result } from './check.js';
import { driveAuditQuery, driveAuditResource, driveZoho } from './drivers.js';
import type { Exchange, Recorder } from './exchanges.js';
import { type PrismProxy, startPrismProxy } from './servers.js';
import type { SpecSet } from './spec-set.js';

/**
 * Declared responses no schema-valid request can get from the stateful mock, keyed
 * `<api> <operationId|*> <status>`, with the reason: the only holes allowed in coverage.
 */
export const UNREACHABLE_STATUSES: Readonly<Record<string, string>> = {
  'zoho listAuditLogExportJobs 404':
    'INVALID_URL_PATTERN needs a version the spec’s pattern rejects (Prism answers 422 first)',
  'zoho createAuditLogExportJob 404':
    'INVALID_URL_PATTERN needs a version the spec’s pattern rejects (Prism answers 422 first)',
  'zoho getAuditLogExportJob 400':
    'NO_CONTENT / INVALID_REQUEST_METHOD: the mock answers an unknown job 404, other methods are not in the spec',
  'zoho downloadAuditLogExportFile 400': 'INVALID_REQUEST_METHOD needs a method the spec does not declare',
};

const unreachable = (api: string, operationId: string, status: string) =>
  `${api} ${operationId} ${status}` in UNREACHABLE_STATUSES || `${api} * ${status}` in UNREACHABLE_STATUSES;

/** Inputs of {@link checkClientThroughPrism}. */
export interface ConformanceOptions {
  /** The spec the proxies validate against (its `<id>.json`). */
  readonly set: SpecSet;
  /** The stateful mock (or anything standing in for it). */
  readonly mockUrl: string;
  /** The mock's clock start, for minting credentials it accepts (epoch ms). */
  readonly now: number;
  /** The mock's stepped clock when the caller owns the mock (recommended: the run is then independent of load). */
  readonly clock?: { advance(ms: number): void };
  /** Which APIs to drive (default all three). */
  readonly apis?: readonly ApiId[];
  /** Also require every declared status to be observed (default true). */
  readonly coverage?: boolean;
}

/** What a conformance run found. */
export interface ConformanceReport {
  readonly results: CheckResult[];
  readonly exchanges: readonly Exchange[];
}

const upstreamPath: Record<ApiId, string> = { 'audit-query': '/audit-query-service', zoho: '', 'audit-resource': '' };

/** Starts the proxies, drives the clients, stops the proxies; returns one result per aspect. */
export async function checkClientThroughPrism(options: ConformanceOptions): Promise<ConformanceReport> {
  const apis = options.apis ?? apiIds;
  const proxies = new Map<ApiId, PrismProxy>();
  const recorder: Recorder = { exchanges: [], problems: [], fault: undefined, clock: options.clock, tickMs: 120 };
  const lineProblems: string[] = [];
  try {
    await Promise.all(
      apis.map(async (id) => {
        proxies.set(
          id,
          await startPrismProxy(join(options.set.dir, `${id}.json`), `${options.mockUrl}${upstreamPath[id]}`),
        );
      }),
    );
    const context = { set: options.set, recorder, now: options.now, lineProblems };
    for (const id of apis) {
      const url = (proxies.get(id) as PrismProxy).url;
      if (id === 'audit-query') await driveAuditQuery(url, context);
      if (id === 'zoho') await driveZoho(url, context);
      if (id === 'audit-resource') await driveAuditResource(url, context);
    }
    // Prism logs asynchronously: give the last lines a moment.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    await Promise.all([...proxies.values()].map((p) => p.close()));
  }
  const violations = [...proxies.entries()].flatMap(([id, p]) => p.violations().map((v) => `${id}: ${v}`));
  const results = [
    result('client.through-prism', [...recorder.problems, ...violations]),
    result('mock.jsonl-lines', lineProblems),
  ];
  if (options.coverage !== false) results.push(coverage(options.set, apis, recorder.exchanges));
  return { results, exchanges: recorder.exchanges };
}

/** Every (operation, declared status) pair was observed, except the statuses the mock cannot reach. */
export function coverage(set: SpecSet, apis: readonly ApiId[], exchanges: readonly Exchange[]): CheckResult {
  const seen = new Set(exchanges.map((e) => `${e.api} ${e.operationId} ${e.status}`));
  const problems: string[] = [];
  for (const id of apis) {
    for (const op of operations(set.docs[id])) {
      for (const status of Object.keys(op.operation.responses ?? {})) {
        if (unreachable(id, op.operationId, status)) continue;
        if (!seen.has(`${id} ${op.operationId} ${status}`))
          problems.push(`${id} ${op.operationId}: declared response ${status} was never exercised through Prism`);
      }
    }
  }
  return result('mock.response-coverage', problems);
}
