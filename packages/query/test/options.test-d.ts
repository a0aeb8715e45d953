import type { AuditExportError, NotFoundError, RateLimitError } from '@audit-export/client';
import type {
  AuditEvent,
  AuditQueryClient,
  operations as AuditQueryOperations,
  ExportFilters,
  JobState,
} from '@audit-export/client/audit-query';
import type { AuditResourceClient, operations as AuditResourceOperations } from '@audit-export/client/audit-resource';
import type { ZohoClient, operations as ZohoOperations } from '@audit-export/client/zoho';
import { QueryClient } from '@tanstack/query-core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createExportJobMutation,
  createExportStore,
  type ErrorOf,
  getAuditLogOptions,
  getExportJobResultStore,
  getExportJobStatusOptions,
  getExportJobStatusQueryKey,
  jobStatusOptions,
  listAuditLogExportJobsOptions,
} from '../src/index.js';

declare const auditQuery: AuditQueryClient;
declare const zoho: ZohoClient;
declare const auditResource: AuditResourceClient;

/** The JSON body of an operation's success response, as the spec (through openapi-typescript) types it. */
type Json<Op> = Op extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

describe('data types follow the spec', () => {
  it('job status: the 200 body of getExportJobStatus', () => {
    const options = getExportJobStatusOptions(auditQuery, { jobId: 'j' });
    type Data = Awaited<ReturnType<typeof options.queryFn>>;
    expectTypeOf<Data>().toEqualTypeOf<Json<AuditQueryOperations['getExportJobStatus']>>();
    expectTypeOf<Data['status']>().toEqualTypeOf<JobState>();
    // The key carries the data type: the cache read is typed without a cast.
    const cached = new QueryClient().getQueryData(getExportJobStatusQueryKey({ jobId: 'j' }));
    expectTypeOf(cached).toEqualTypeOf<Json<AuditQueryOperations['getExportJobStatus']> | undefined>();
  });

  it('params follow the spec’s path parameters', () => {
    expectTypeOf(getExportJobStatusOptions)
      .parameter(1)
      .toEqualTypeOf<AuditQueryOperations['getExportJobStatus']['parameters']['path']>();
    // @ts-expect-error a job id is required
    getExportJobStatusOptions(auditQuery, {});
  });

  it('Zoho job list and audit resource: the lists inside the spec’s bodies', () => {
    type Jobs = Awaited<ReturnType<ReturnType<typeof listAuditLogExportJobsOptions>['queryFn']>>;
    expectTypeOf<Jobs>().toEqualTypeOf<Json<ZohoOperations['listAuditLogExportJobs']>['audit_log_export']>();
    type Audits = Awaited<ReturnType<ReturnType<typeof getAuditLogOptions>['queryFn']>>;
    expectTypeOf<Audits>().toEqualTypeOf<NonNullable<Json<AuditResourceOperations['getAuditLog']>['audit']>>();
    expectTypeOf(listAuditLogExportJobsOptions).parameter(0).toEqualTypeOf<ZohoClient>();
    expectTypeOf(getAuditLogOptions).parameter(0).toEqualTypeOf<AuditResourceClient>();
    void zoho;
    void auditResource;
  });

  it('mutations: variables are the client’s inputs, data the spec’s body', () => {
    const created = useMutation(createExportJobMutation(auditQuery));
    expectTypeOf(created.mutate).parameter(0).toEqualTypeOf<ExportFilters>();
    expectTypeOf(created.data).toEqualTypeOf<Json<AuditQueryOperations['createExportJob']> | undefined>();
  });

  it('streams: the result yields AuditEvents; the export store knows the job states', () => {
    const store = getExportJobResultStore(auditQuery, { jobId: 'j' }, { autoStart: false });
    expectTypeOf(store.getSnapshot().items).toEqualTypeOf<readonly AuditEvent[]>();
    const exportStore = createExportStore(auditQuery, { jobId: 'j' });
    expectTypeOf(exportStore.getSnapshot().jobStatus).toEqualTypeOf<JobState | undefined>();
    expectTypeOf(exportStore.getSnapshot().error).toEqualTypeOf<AuditExportError | undefined>();
  });
});

describe('error types follow the spec', () => {
  it('are the client’s error classes', () => {
    const status = useQuery(jobStatusOptions(auditQuery, 'j'));
    expectTypeOf(status.error).toEqualTypeOf<ErrorOf<'audit-query', 'getExportJobStatus'> | null>();
    expectTypeOf<ErrorOf<'audit-query', 'getExportJobStatus'>>().toExtend<AuditExportError>();
    // 404 and 429 are documented for the status call: their classes are in the union, with their fields.
    expectTypeOf<NotFoundError>().toExtend<ErrorOf<'audit-query', 'getExportJobStatus'>>();
    expectTypeOf<RateLimitError>().toExtend<ErrorOf<'audit-query', 'getExportJobStatus'>>();
    expectTypeOf<Extract<ErrorOf<'audit-query', 'getExportJobStatus'>, RateLimitError>['retryAfterMs']>().toEqualTypeOf<
      number | undefined
    >();
    const data = useQuery(jobStatusOptions(auditQuery, 'j')).data;
    expectTypeOf(data).toEqualTypeOf<Json<AuditQueryOperations['getExportJobStatus']> | undefined>();
  });
});
