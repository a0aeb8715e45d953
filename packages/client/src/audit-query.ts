/** `@audit-export/client/audit-query`: the audit query service v2 client and its workflow helpers. */

export type { AuditEvent } from '@audit-export/events';
export {
  type AuditQueryClient,
  type AuditQueryClientOptions,
  type AuditQueryCredentials,
  type AuditQueryJobs,
  type CallOptions,
  createAuditQueryClient,
  type ExportJob,
  type ExportJobDetails,
  isTerminalState,
  type JobState,
  type WaitOptions,
} from './audit-query/client.js';
export type {
  ExistingJobOptions,
  ExportEventBatchesOptions,
  ExportEventsOptions,
  ExportProgress,
  ExportRunOptions,
  WindowOptions,
} from './audit-query/export-events.js';
export {
  attributeFilters,
  type CreateExportQuery,
  type CreateFilter,
  type ExportFilters,
  exportFilterFields,
  toCreateQuery,
} from './audit-query/filters.js';
export type { StreamResultBatchesOptions, StreamResultOptions } from './audit-query/stream-result.js';
export { type AuditTimeInput, toAuditTime } from './audit-query/time.js';
export type { CreateExportJobFilters, components, operations, paths } from './generated/audit-query.gen.js';
export * from './shared.js';
