import type {
  AuditQueryClient,
  operations as AuditQueryOperations,
  ExportFilters,
} from '@audit-export/client/audit-query';
import type { AuditFilters, AuditResourceClient } from '@audit-export/client/audit-resource';
import type { Criteria, ZohoClient, operations as ZohoOperations } from '@audit-export/client/zoho';
import type { operationFacts } from './generated/facts.gen.js';

type JobPath<O extends keyof AuditQueryOperations> = AuditQueryOperations[O]['parameters']['path'];
// The client fills Zoho's `version` path parameter from its own options.
type ZohoPath<O extends keyof ZohoOperations> = Omit<ZohoOperations[O]['parameters']['path'], 'version'>;

/** How one operation is called: through the client's method for it, so its retries, checks and typed errors apply. */
type Adapter = (
  // biome-ignore lint/suspicious/noExplicitAny: each adapter narrows the client and params it takes.
  client: any,
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  params: any,
  signal: AbortSignal | undefined,
) => Promise<unknown> | AsyncIterable<unknown>;

/**
 * The client call behind every operation of the spec. `satisfies` makes an operation added to (or removed from)
 * the spec fail the typecheck here until its call is named.
 */
export const adapters = {
  'audit-query': {
    createExportJob: (client: AuditQueryClient, filters: ExportFilters, signal) =>
      client.createExport(filters, { signal }),
    getExportJobStatus: (client: AuditQueryClient, { jobId }: JobPath<'getExportJobStatus'>, signal) =>
      client.getJob(jobId, { signal }),
    getExportJobResult: (client: AuditQueryClient, { jobId }: JobPath<'getExportJobResult'>, signal) =>
      client.streamResult(jobId, { signal }),
    cancelExportJob: (client: AuditQueryClient, { jobId }: JobPath<'cancelExportJob'>, signal) =>
      client.cancelJob(jobId, { signal }),
    resumeExportJob: (client: AuditQueryClient, { jobId }: JobPath<'resumeExportJob'>, signal) =>
      client.resumeJob(jobId, { signal }),
    deleteExportJob: (client: AuditQueryClient, { jobId }: JobPath<'deleteExportJob'>, signal) =>
      client.deleteJob(jobId, { signal }),
  },
  zoho: {
    listAuditLogExportJobs: (client: ZohoClient, _params: ZohoPath<'listAuditLogExportJobs'>, signal) =>
      client.listJobs({ signal }),
    createAuditLogExportJob: (client: ZohoClient, { criteria }: { criteria?: Criteria | undefined }, signal) =>
      client.createExport(criteria, { signal }),
    getAuditLogExportJob: (client: ZohoClient, { export_job_id }: ZohoPath<'getAuditLogExportJob'>, signal) =>
      client.getJob(export_job_id, { signal }),
    // The file's path parameters come from a job's download link, which is what the client takes.
    downloadAuditLogExportFile: (client: ZohoClient, { link }: { link: string }, signal) =>
      client.download(link, { signal }),
  },
  'audit-resource': {
    getAuditLog: (client: AuditResourceClient, filters: Omit<AuditFilters, 'signal'>, signal) =>
      client.listAudits(signal ? { ...filters, signal } : filters),
  },
} satisfies { [A in keyof typeof operationFacts]: { [O in keyof (typeof operationFacts)[A]]: Adapter } };

/** The calls, by API and operation. */
export type Adapters = typeof adapters;
