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
  type ZohoWaitOptions,
  zohoStatus,
} from './zoho/client.js';
export {
  type Criteria,
  type CriteriaCondition,
  type CriteriaFieldName,
  type CriteriaGroup,
  criteria,
  type ModuleRef,
  toZohoDateTime,
  type UserRef,
} from './zoho/criteria.js';
export { CsvParser, type CsvRecord, CsvRecords } from './zoho/csv.js';
export { csvEntries, zipEntries } from './zoho/entries.js';
export type { ExportEntriesOptions, ZohoExportProgress } from './zoho/export-entries.js';
