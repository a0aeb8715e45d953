import { pollDelay } from '@audit-export/client';
import {
  type AuditQueryClient,
  type ExportJobDetails,
  isTerminalState,
  type PollingOptions,
} from '@audit-export/client/audit-query';
import type { Query } from '@tanstack/query-core';
import { getExportJobStatusOptions } from './generated/operations.gen.js';
import type { ErrorOf, QueryKeyOf, QueryOptionsOf, QueryOverrides } from './options.js';

/** Options of jobStatusOptions. */
export interface JobStatusOptions extends QueryOverrides<'audit-query', 'getExportJobStatus'> {
  /** The backoff between polls (the client's defaults: 1 s doubling to 30 s, with jitter). */
  polling?: PollingOptions | undefined;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: (() => number) | undefined;
}

type StatusQuery = Query<
  ExportJobDetails,
  ErrorOf<'audit-query', 'getExportJobStatus'>,
  ExportJobDetails,
  QueryKeyOf<'audit-query', 'getExportJobStatus'>
>;

/**
 * A job's status, polled with the client's backoff until a terminal state (by the spec's `x-transitions`):
 * `refetchInterval` is the next backoff delay while the job is active and `false` once it is terminal or failing.
 * Errors are the client's typed errors.
 */
export function jobStatusOptions(
  client: AuditQueryClient,
  jobId: string,
  options: JobStatusOptions = {},
): QueryOptionsOf<'audit-query', 'getExportJobStatus'> {
  const { polling = {}, random = Math.random, ...overrides } = options;
  return getExportJobStatusOptions(
    client,
    { jobId },
    {
      // A terminal status never changes on its own: it stays fresh until a mutation invalidates it.
      staleTime: (query: StatusQuery) => (isTerminal(query) ? Number.POSITIVE_INFINITY : 0),
      refetchInterval: (query: StatusQuery) => {
        if (query.state.status === 'error' || isTerminal(query)) return false;
        // dataUpdateCount counts the polls so far: the same attempt numbering as the client's waitForJob.
        return pollDelay(Math.max(0, query.state.dataUpdateCount - 1), polling, random);
      },
      // Polling must go on in a background tab: the job does not wait for the user to look.
      refetchIntervalInBackground: true,
      ...overrides,
    },
  );
}

function isTerminal(query: StatusQuery): boolean {
  const data = query.state.data;
  return data !== undefined && isTerminalState(data.status);
}
