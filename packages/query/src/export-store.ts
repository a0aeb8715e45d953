import {
  type AuditEvent,
  type AuditQueryClient,
  type ExistingJobOptions,
  type ExportEventsOptions,
  type ExportFilters,
  ExportIncompleteError,
  ExportJobCancelledError,
  ExportJobFailedError,
  type ExportRunOptions,
  type JobState,
} from '@audit-export/client/audit-query';
import { createStreamStore, type RunContext, type StreamStore, type StreamStoreOptions } from './stream-store.js';

/** What an export store streams: `exportEventBatches`' options (filters, or the `jobId` of an existing job) less its callbacks. */
export type ExportSource = Omit<ExportRunOptions, 'signal' | 'onProgress'> &
  (ExportFilters | ExistingJobOptions) & { maxBatchSize?: number | undefined };
/** Options of createExportStore: the export, and how to batch it. */
export type ExportStoreOptions = ExportSource & StreamStoreOptions<AuditEvent>;

/** A store over one export: the job, its lifecycle and its events. */
export type ExportStore = StreamStore<AuditEvent, JobState>;

/**
 * Streams an export into UI state: creates the job (or attaches to `jobId`), follows its status, and batches its
 * events into snapshots. `resume()` continues after an ExportIncompleteError from its resume point (no event twice),
 * and after a FAILED or CANCELLED job by resuming the job.
 */
export function createExportStore(client: AuditQueryClient, options: ExportStoreOptions): ExportStore {
  const { flushEvery, retain, onBatch, autoStart, ...exportOptions } = options;
  const run =
    (how: ExportEventsOptions) =>
    ({ signal, report }: RunContext<JobState>): AsyncIterable<readonly AuditEvent[]> =>
      // The client's batches: one engine step per chunk of events, not one per event.
      client.exportEventBatches({
        ...how,
        signal,
        onProgress: (progress) => {
          report({
            jobId: progress.jobId,
            jobStatus: progress.status,
            bytes: progress.bytes,
            // Until the job is COMPLETED the store is waiting on it; events switch it to streaming.
            ...(progress.status !== 'COMPLETED' ? { status: 'polling' as const } : {}),
          });
        },
      });
  // What a resumed run keeps: the run options (filters are ignored once a jobId is given), not the old resume point.
  const {
    jobId: _jobId,
    resumeFrom: _resumeFrom,
    ...common
  } = exportOptions as ExportRunOptions & Partial<ExistingJobOptions>;
  return createStreamStore<AuditEvent, JobState>(
    {
      initialStatus: 'jobId' in exportOptions ? 'polling' : 'creating',
      run: run(exportOptions as ExportEventsOptions),
      resumeAfter(error) {
        if (error instanceof ExportIncompleteError && error.resumePoint && error.jobId) {
          return run({ ...common, jobId: error.jobId, resumeFrom: error.resumePoint });
        }
        if ((error instanceof ExportJobFailedError || error instanceof ExportJobCancelledError) && error.jobId) {
          const jobId = error.jobId;
          return (context) => resumed(client, jobId, context, run({ ...common, jobId }));
        }
        return undefined;
      },
    },
    { flushEvery, retain, onBatch, autoStart },
  );
}

/** Resumes a FAILED or CANCELLED job, then follows and streams it. */
async function* resumed(
  client: AuditQueryClient,
  jobId: string,
  context: RunContext<JobState>,
  then: (context: RunContext<JobState>) => AsyncIterable<readonly AuditEvent[]>,
): AsyncGenerator<readonly AuditEvent[]> {
  const job = await client.resumeJob(jobId, { signal: context.signal });
  context.report({ jobStatus: job.status, status: 'polling' });
  yield* then(context);
}
