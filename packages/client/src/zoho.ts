/** `@audit-export/client/zoho`: the Zoho CRM audit log export client, criteria builder and CSV/ZIP streaming. */

export type { components, operations, paths } from './generated/zoho.gen.js';
export * from './shared.js';
export {
  type ActionResult,
  type AuditLogExportJob,
  createZohoClient,
  type DownloadOptions,
  type ZohoAuditEntry,
  type ZohoCallOptions,
  type ZohoClient,
  type ZohoClientOptions,
  type ZohoCredentials,
  type ZohoJobs,
  type ZohoWaitOptions,
  zohoStatus,
} from './zoho/client.js';
export {
  type ActionCondition,
  type AuditAction,
  type AuditedTimeCondition,
  type Criteria,
  type CriteriaCondition,
  type CriteriaFieldName,
  type CriteriaGroup,
  criteria,
  type DoneByCondition,
  type ModuleCondition,
  type ModuleRef,
  toZohoDateTime,
  type UserRef,
} from './zoho/criteria.js';
export { CsvParser, type CsvRecord, CsvRecords, type CsvRecordsOptions } from './zoho/csv.js';
export { csvEntries, type EntriesOptions, zipEntries } from './zoho/entries.js';
export type { ExportEntriesOptions, ZohoExportProgress } from './zoho/export-entries.js';
export { DEFAULT_FILE_LIMITS, type FileLimits } from './zoho/limits.js';
