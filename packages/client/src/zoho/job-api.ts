// The Zoho job calls and their types, apart from the client that implements them, so the export
// workflow (export-entries.ts) can depend on them without importing the client module.

import type { PollingOptions } from '../core/poll.js';
import type { components } from '../generated/zoho.gen.js';
import type { Criteria } from './criteria.js';
import type { CsvRecord } from './csv.js';
import type { DEFAULT_FILE_LIMITS, FileLimits } from './limits.js';

/** An export job as Zoho describes it (status, links...). */
export type AuditLogExportJob = components['schemas']['AuditLogExportJob'];
/** The action result of a create call (`details.id` is the new job's id). */
export type ActionResult = components['schemas']['ActionResult'];
/** One audit log entry from the CSV, keyed by column header (Zoho's columns may change). */
export type ZohoAuditEntry = CsvRecord;

/** Per-call options. */
export interface ZohoCallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of waitForJob. */
export interface ZohoWaitOptions extends ZohoCallOptions {
  polling?: PollingOptions | undefined;
  onStatus?: ((job: AuditLogExportJob) => void) | undefined;
}

/** Options of download. */
export interface DownloadOptions extends ZohoCallOptions {
  /** Called with the running byte total as chunks arrive. */
  onBytes?: ((bytes: number) => void) | undefined;
  /** Memory and size limits for the file (defaults: {@link DEFAULT_FILE_LIMITS}). */
  limits?: FileLimits | undefined;
}

/** The job calls of the Zoho client: what the export workflow drives. */
export interface ZohoJobs {
  /** Schedules an export (POST; not retried once it may have reached the server). Resolves to the new job id. */
  createExport(criteria?: Criteria, options?: ZohoCallOptions): Promise<string>;
  /** All export jobs (an empty list when Zoho answers NO_CONTENT). */
  listJobs(options?: ZohoCallOptions): Promise<AuditLogExportJob[]>;
  /** One export job; a status this version does not know (a newer server's) is returned as is, with every field. */
  getJob(jobId: string, options?: ZohoCallOptions): Promise<AuditLogExportJob>;
  /**
   * Polls until Finished (case-insensitive), through any status this version does not know; Failed throws
   * ExportJobFailedError, a wait that ran out in an unknown status UnknownJobStatusError.
   */
  waitForJob(jobId: string, options?: ZohoWaitOptions): Promise<AuditLogExportJob>;
  /** Streams the entries of one download link (CSV or ZIP of CSVs), never holding the file whole. */
  download(link: string, options?: DownloadOptions): AsyncIterable<ZohoAuditEntry>;
}
