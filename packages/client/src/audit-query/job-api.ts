// The audit query job calls and their types, apart from the client that implements them, so the
// export workflow (export-events.ts) can depend on them without importing the client module.
import type { AuditEvent } from '@audit-export/events';
import type { PollingOptions } from '../core/poll.js';
import type { components } from '../generated/audit-query.gen.js';
import type { ExportFilters } from './filters.js';
import type { StreamResultBatchesOptions, StreamResultOptions } from './stream-result.js';

/** A job's short status (create, cancel, resume, delete). */
export type ExportJob = components['schemas']['ExportJob'];
/** A job's full status (status endpoint). */
export type ExportJobDetails = components['schemas']['ExportJobDetails'];
/** One of PENDING, PROCESSING, COMPLETED, FAILED, CANCELLED. */
export type JobState = components['schemas']['JobState'];

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** Options of waitForJob. */
export interface WaitOptions extends CallOptions {
  polling?: PollingOptions | undefined;
  /** Called whenever the job's status changes (including the first one seen). */
  onStatus?: ((job: ExportJobDetails) => void) | undefined;
}

/** The job calls of the audit query client: what the export workflow drives. */
export interface AuditQueryJobs {
  /** Creates an export job. Not retried once it may have reached the server (see README). */
  createExport(filters: ExportFilters, options?: CallOptions): Promise<ExportJob>;
  /** Reads a job's full status; a status this version does not know (a newer server's) is returned as is, with every field. */
  getJob(jobId: string, options?: CallOptions): Promise<ExportJobDetails>;
  /**
   * Polls until COMPLETED, through any status this version does not know; throws ExportJobFailedError (FAILED),
   * ExportJobCancelledError, TimeoutError, or UnknownJobStatusError when the wait ran out in an unknown status.
   */
  waitForJob(jobId: string, options?: WaitOptions): Promise<ExportJobDetails>;
  /** Streams a COMPLETED job's JSON Lines as events. */
  streamResult(jobId: string, options?: StreamResultOptions): AsyncIterable<AuditEvent>;
  /** Streams a COMPLETED job's JSON Lines in batches: the events of each chunk that arrived, one promise a batch. */
  streamResultBatches(jobId: string, options?: StreamResultBatchesOptions): AsyncIterable<AuditEvent[]>;
  /**
   * Cancels a PENDING or PROCESSING job. When a retry answers "not pending" after an attempt that may have
   * cancelled it (a 504), the job's status decides: CANCELLED resolves (`statusTime`: when it was read).
   */
  cancelJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
  /** Restarts a FAILED or CANCELLED job; a retried "not resumable" resolves when the job is PENDING or PROCESSING. */
  resumeJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
  /**
   * Deletes a terminal job and its results; a retried 404 resolves when the job is gone, with the last status
   * this client saw for it (read before deleting when it saw none).
   */
  deleteJob(jobId: string, options?: CallOptions): Promise<ExportJob>;
}
