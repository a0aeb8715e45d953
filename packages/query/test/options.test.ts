import { AuthError, NotFoundError, pollDelay } from '@audit-export/client';
import { createAuditQueryClient, type ExportJobDetails, type JobState } from '@audit-export/client/audit-query';
import { criteria } from '@audit-export/client/zoho';
import { MutationObserver, QueryObserver } from '@tanstack/query-core';
import { describe, expect, it } from 'vitest';
import {
  cancelExportJobMutation,
  createAuditLogExportJobMutation,
  createExportJobMutation,
  deleteExportJobMutation,
  getExportJobStatusOptions,
  getExportJobStatusQueryKey,
  jobStatusOptions,
  listAuditLogExportJobsOptions,
  listAuditLogExportJobsQueryKey,
  operationFacts,
} from '../src/index.js';
import { PERIOD, startMock } from './helpers/mock.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Resolves with the statuses an observer saw once `done` says so (or rejects after `ms`). */
function observe<T>(
  observer: QueryObserver<T, Error, T, T, readonly unknown[]>,
  done: (data: T[]) => boolean,
  ms = 5_000,
) {
  const seen: T[] = [];
  return new Promise<T[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms; saw ${JSON.stringify(seen)}`)), ms);
    const unsubscribe = observer.subscribe((result) => {
      if (result.data !== undefined && seen.at(-1) !== result.data) seen.push(result.data);
      if (done(seen) || result.error) {
        clearTimeout(timer);
        unsubscribe();
        result.error ? reject(result.error) : resolve(seen);
      }
    });
  });
}

describe('generated options', () => {
  it('cover every operation of the three APIs, each with its kind from the spec', () => {
    const kinds = Object.fromEntries(
      Object.entries(operationFacts).flatMap(([api, ops]) =>
        Object.entries(ops).map(([op, facts]) => [`${api} ${op}`, facts.kind]),
      ),
    );
    expect(kinds).toEqual({
      'audit-query createExportJob': 'mutation',
      'audit-query getExportJobStatus': 'query',
      'audit-query getExportJobResult': 'stream',
      'audit-query cancelExportJob': 'mutation',
      'audit-query resumeExportJob': 'mutation',
      'audit-query deleteExportJob': 'mutation',
      'zoho listAuditLogExportJobs': 'query',
      'zoho createAuditLogExportJob': 'mutation',
      'zoho getAuditLogExportJob': 'query',
      'zoho downloadAuditLogExportFile': 'stream',
      'audit-resource getAuditLog': 'query',
    });
  });

  it('use stable hierarchical keys [api, operationId, params]', () => {
    expect(getExportJobStatusQueryKey({ jobId: 'j1' })).toEqual(['audit-query', 'getExportJobStatus', { jobId: 'j1' }]);
    expect(getExportJobStatusOptions({} as never, { jobId: 'j1' }).queryKey).toEqual(
      getExportJobStatusQueryKey({ jobId: 'j1' }),
    );
  });

  it('fetch through the client into the cache, and reject with its typed errors', async () => {
    const { client, queryClient } = await startMock();
    const created = await client.createExport({ ...PERIOD, attributes: {} });
    const status = await queryClient.fetchQuery(getExportJobStatusOptions(client, { jobId: created.jobId }));
    expect(status.jobId).toBe(created.jobId);
    expect(queryClient.getQueryData(getExportJobStatusQueryKey({ jobId: created.jobId }))).toEqual(status);
    const missing = queryClient.fetchQuery(getExportJobStatusOptions(client, { jobId: MISSING }));
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404, jobId: MISSING });
  });

  it('reject with AuthError for credentials the API refuses', async () => {
    const { mock, queryClient } = await startMock();
    const stranger = createAuditQueryClient({
      baseUrl: `${mock.url}/audit-query-service`,
      auth: { accessToken: 'not-a-token', apiToken: 'not-a-token' },
    });
    const call = queryClient.fetchQuery(getExportJobStatusOptions(stranger, { jobId: MISSING }));
    await expect(call).rejects.toBeInstanceOf(AuthError);
  });
});

describe('jobStatusOptions', () => {
  it('polls with backoff until the job is terminal, then stops', async () => {
    // A second in each active state, so the first poll sees PENDING even on a busy machine.
    const { mock, client, queryClient } = await startMock({
      auditQuery: { pendingMs: 1000, processingMs: 1000, eventsPerHour: 400 },
    });
    const job = await client.createExport({ ...PERIOD, attributes: {} });
    const observer = new QueryObserver(
      queryClient,
      jobStatusOptions(client, job.jobId, { polling: { minDelayMs: 5 } }),
    );
    const seen = await observe<ExportJobDetails>(observer as never, (data) => data.at(-1)?.status === 'COMPLETED');
    const states = seen.map((s) => s.status);
    expect(states.at(-1)).toBe('COMPLETED');
    expect(states).toContain('PENDING');
    const query = queryClient.getQueryCache().find({ queryKey: getExportJobStatusQueryKey({ jobId: job.jobId }) });
    const updates = query?.state.dataUpdateCount ?? 0;
    // Terminal: refetchInterval is false, so no more polls reach the mock.
    const unsubscribe = observer.subscribe(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    unsubscribe();
    expect(query?.state.dataUpdateCount).toBe(updates);
    expect(mock.expectedEvents(job.jobId).length).toBeGreaterThan(0);
  });

  it('waits the client’s backoff between polls, growing per poll', () => {
    const options = jobStatusOptions({} as never, 'j', {
      polling: { minDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 1,
    });
    const interval = options.refetchInterval as (query: unknown) => number | false;
    const query = (dataUpdateCount: number, status: JobState) => ({
      state: { status: 'success', dataUpdateCount, data: { status } },
    });
    expect([1, 2, 3, 4, 5].map((n) => interval(query(n, 'PROCESSING')))).toEqual(
      [0, 1, 2, 3, 4].map((attempt) => pollDelay(attempt, { minDelayMs: 100, maxDelayMs: 1_000 }, () => 1)),
    );
    expect([1, 2, 3, 4, 5].map((n) => interval(query(n, 'PENDING')))).toEqual([100, 200, 400, 800, 1_000]);
    for (const state of ['COMPLETED', 'FAILED', 'CANCELLED'] as const) expect(interval(query(3, state))).toBe(false);
  });

  it('stops polling on a typed error', async () => {
    const { client, queryClient } = await startMock();
    const observer = new QueryObserver(queryClient, jobStatusOptions(client, MISSING, { polling: { minDelayMs: 5 } }));
    await expect(observe(observer as never, () => false)).rejects.toBeInstanceOf(NotFoundError);
    const query = queryClient.getQueryCache().find({ queryKey: getExportJobStatusQueryKey({ jobId: MISSING }) });
    const options = jobStatusOptions(client, MISSING);
    const interval = options.refetchInterval as (q: unknown) => number | false;
    expect(interval(query)).toBe(false);
  });
});

describe('mutations', () => {
  it('create through the client; cancel invalidates the job’s status; delete removes it', async () => {
    const { client, queryClient } = await startMock({ auditQuery: { pendingMs: 5_000, processingMs: 40 } });
    const create = new MutationObserver(queryClient, createExportJobMutation(client));
    const job = await create.mutate({ ...PERIOD, attributes: {} });
    expect(job.status).toBe('PENDING');

    const key = getExportJobStatusQueryKey({ jobId: job.jobId });
    await queryClient.fetchQuery(getExportJobStatusOptions(client, { jobId: job.jobId }));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
    const cancelled = await new MutationObserver(queryClient, cancelExportJobMutation(client)).mutate({
      jobId: job.jobId,
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    // The next read, as a mounted query would do, sees the new state.
    expect((await queryClient.fetchQuery(getExportJobStatusOptions(client, { jobId: job.jobId }))).status).toBe(
      'CANCELLED',
    );

    await new MutationObserver(queryClient, deleteExportJobMutation(client)).mutate({ jobId: job.jobId });
    expect(queryClient.getQueryState(key)).toBeUndefined();
    await expect(client.getJob(job.jobId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a Zoho create invalidates the job list; invalidate: false leaves it', async () => {
    const { zoho, queryClient } = await startMock();
    const before = await queryClient.fetchQuery(listAuditLogExportJobsOptions(zoho, {}));
    const key = listAuditLogExportJobsQueryKey({});
    await new MutationObserver(queryClient, createAuditLogExportJobMutation(zoho, { invalidate: false })).mutate({
      criteria: criteria.auditedTimeBetween('2024-09-01T00:00:00+05:30', '2024-09-08T00:00:00+05:30'),
    });
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
    await new MutationObserver(queryClient, createAuditLogExportJobMutation(zoho)).mutate({
      criteria: criteria.auditedTimeBetween('2024-09-08T00:00:00+05:30', '2024-09-15T00:00:00+05:30'),
    });
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    const after = await queryClient.fetchQuery(listAuditLogExportJobsOptions(zoho, {}));
    expect(after.length).toBe(before.length + 2);
  });
});
