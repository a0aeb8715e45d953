/** `@audit-export/query/react`: React hooks over the kit (`useExport`, `useJobStatus`, `useStreamStore`). */
import type { AuditEvent, AuditQueryClient, JobState } from '@audit-export/client/audit-query';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createExportStore, type ExportSource, type ExportStore } from '../export-store.js';
import { type JobStatusOptions, jobStatusOptions } from '../job-status.js';
import type { DataOf, ErrorOf } from '../options.js';
import type { StreamSnapshot, StreamStore, StreamStoreOptions } from '../stream-store.js';

/** What `useExport` returns: the store's snapshot, and the calls that drive it. */
export interface UseExportResult extends StreamSnapshot<AuditEvent, JobState> {
  /** Starts an export (filters, or the `jobId` of an existing job); a running one is aborted first. */
  start(options: ExportSource): void;
  /** Aborts the running export (and, with `cancelJobOnAbort`, its server job). */
  abort(): void;
  /** Continues after a resumable error; false when there is nothing to resume. */
  resume(): boolean;
}

const IDLE: StreamSnapshot<never, never> = Object.freeze({
  status: 'idle',
  events: 0,
  bytes: 0,
  items: [],
  lastBatch: [],
  jobId: undefined,
  jobStatus: undefined,
  error: undefined,
  resumable: false,
});
const noop = () => undefined;

/** Any kit stream store's snapshot in React state (idle without a store); the store is aborted when replaced or unmounted. */
export function useStreamStore<T, J>(store: StreamStore<T, J> | undefined): StreamSnapshot<T, J> {
  const subscribe = useCallback((listener: () => void) => store?.subscribe(listener) ?? noop, [store]);
  const getSnapshot = useCallback(() => store?.getSnapshot() ?? (IDLE as StreamSnapshot<T, J>), [store]);
  useEffect(() => () => store?.abort(), [store]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
 * Streams an export into component state, batched per animation frame (or per `flushEvery` events). The export
 * stops when the component unmounts or `start` is called again.
 */
export function useExport(client: AuditQueryClient, batching: StreamStoreOptions<AuditEvent> = {}): UseExportResult {
  const [store, setStore] = useState<ExportStore | undefined>(undefined);
  // The latest batching options, read when an export starts, so that an inline object does not restart anything.
  const batchingRef = useRef(batching);
  batchingRef.current = batching;
  const snapshot = useStreamStore(store);
  const start = useCallback(
    (options: ExportSource) => setStore(createExportStore(client, { ...batchingRef.current, ...options })),
    [client],
  );
  const abort = useCallback(() => store?.abort(), [store]);
  const resume = useCallback(() => store?.resume() ?? false, [store]);
  return { ...snapshot, start, abort, resume };
}

/** A job's status, polled with the client's backoff until it is terminal (no job id: the query waits). */
export function useJobStatus(
  client: AuditQueryClient,
  jobId: string | undefined,
  options: JobStatusOptions = {},
): UseQueryResult<DataOf<'audit-query', 'getExportJobStatus'>, ErrorOf<'audit-query', 'getExportJobStatus'>> {
  return useQuery({ ...jobStatusOptions(client, jobId ?? '', options), enabled: jobId !== undefined && jobId !== '' });
}
