import type { AuditEvent } from '@audit-export/events';
import type { Clock } from '../core/clock.js';
import { throwIfAborted } from '../core/clock.js';
import { AbortError, ExportJobCancelledError, ExportJobFailedError, TimeoutError } from '../core/errors.js';
import type { PollingOptions } from '../core/poll.js';
import { type DownloadSource, resumableBatches } from '../core/resumable-download.js';
import { type ResumePoint, resumeStart } from '../core/resume-point.js';
import type { ExportFilters } from './filters.js';
import type { AuditQueryJobs, JobState } from './job-api.js';

/** What `onProgress` is told: on every status change and as result bytes arrive. */
export interface ExportProgress {
  status: JobState;
  jobId: string;
  /** Events delivered to the caller so far. */
  events: number;
  /** Result bytes received in the current download attempt. */
  bytes: number;
}

/** Options shared by both ways of calling exportEvents. */
export interface ExportRunOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ExportProgress) => void) | undefined;
  /** Overrides the client's polling settings for this export. */
  polling?: PollingOptions | undefined;
  /** On abort, also cancel the server job if it is still PENDING/PROCESSING (default false). */
  cancelJobOnAbort?: boolean | undefined;
  /** How many times a FAILED job is resumed before ExportJobFailedError is thrown (default 0). */
  resumeFailed?: number | undefined;
  /** How many times a download cut mid-stream is restarted, skipping what was delivered (default 3). */
  downloadRetries?: number | undefined;
  /** Validate each line against the spec's AuditEvent schema. */
  validate?: boolean | undefined;
}

/** An existing job to wait for and download, optionally continuing after an ExportIncompleteError. */
export interface ExistingJobOptions {
  jobId: string;
  /**
   * The `resumePoint` of an ExportIncompleteError of this job: the download continues right after the events
   * already delivered, with none twice; `RESULT_CHANGED` when the result no longer starts with them.
   */
  resumeFrom?: ResumePoint | undefined;
}

/** Either filters (a new job is created) or the `jobId` of an existing job to wait for and download. */
export type ExportEventsOptions = ExportRunOptions & (ExportFilters | ExistingJobOptions);

/** Options of exportEventBatches: exportEvents', plus the largest batch. */
export type ExportEventBatchesOptions = ExportEventsOptions & {
  /** Most events in one batch (default 1000); a batch is never empty. */
  maxBatchSize?: number | undefined;
};

/** Implements AuditQueryClient.exportEvents: exportEventBatches one event at a time, nothing after an abort. */
export async function* exportEvents(
  client: AuditQueryJobs,
  options: ExportEventsOptions,
  clock: Clock,
  scrub: (text: string) => string,
): AsyncGenerator<AuditEvent, void, undefined> {
  const job = { id: '' };
  for await (const batch of exportEventBatches(client, options, clock, scrub, job)) {
    for (const event of batch) {
      yield event;
      // The consumer may have aborted inside its loop body: the rest of the batch is not handed out.
      throwIfAborted(options.signal, { jobId: job.id });
    }
  }
}

/**
 * Implements AuditQueryClient.exportEventBatches: create or attach, poll, stream in batches with restart and
 * exactly-once delivery (a restart skips what was delivered event by event, wherever its batches were cut).
 */
export async function* exportEventBatches(
  client: AuditQueryJobs,
  options: ExportEventBatchesOptions,
  clock: Clock,
  scrub: (text: string) => string,
  job: { id: string } = { id: '' },
): AsyncGenerator<AuditEvent[], void, undefined> {
  const signal = options.signal;
  const progress: ExportProgress = { status: 'PENDING', jobId: '', events: 0, bytes: 0 };
  const report = () => options.onProgress?.({ ...progress });
  let terminal = false;
  const resumeFrom = 'jobId' in options ? options.resumeFrom : undefined;

  if ('jobId' in options) {
    // A resume point of another job fails here, before any waiting.
    progress.events = resumeStart(options.jobId, 1, resumeFrom).delivered;
    progress.jobId = options.jobId;
  } else {
    const job = await client.createExport(options, { signal });
    progress.jobId = job.jobId;
    progress.status = job.status;
    report();
  }
  const jobId = progress.jobId;
  job.id = jobId;

  try {
    for (let resumes = 0; ; ) {
      try {
        await client.waitForJob(jobId, {
          signal,
          polling: options.polling,
          onStatus: (job) => {
            if (job.status !== progress.status) {
              progress.status = job.status;
              report();
            }
          },
        });
        terminal = true;
        break;
      } catch (error) {
        if (error instanceof ExportJobFailedError || error instanceof ExportJobCancelledError) terminal = true;
        if (!(error instanceof ExportJobFailedError) || resumes >= (options.resumeFailed ?? 0)) throw error;
        resumes++;
        const job = await client.resumeJob(jobId, { signal });
        terminal = false;
        progress.status = job.status;
        report();
      }
    }

    const source: DownloadSource<AuditEvent> = {
      jobId,
      files: 1,
      open: (_file, attemptSignal, onBytes) =>
        client.streamResult(jobId, { signal: attemptSignal, validate: options.validate, onBytes }),
      openBatches: (_file, attemptSignal, onBytes) =>
        client.streamResultBatches(jobId, {
          signal: attemptSignal,
          validate: options.validate,
          onBytes,
          maxBatchSize: options.maxBatchSize,
        }),
      keyOf: (event) => event.eventId,
      describe: () => `the result of job ${jobId}`,
      continueWith: `exportEvents({ jobId: "${jobId}", resumeFrom })`,
      scrub,
    };
    const batches = resumableBatches(source, {
      clock,
      signal,
      resumeFrom,
      downloadRetries: options.downloadRetries,
      onBytes: (bytes) => {
        progress.bytes = bytes;
        report();
      },
      onItem: (delivered) => {
        progress.events = delivered;
      },
    });
    yield* batches;
    report();
  } catch (error) {
    if (
      (error instanceof AbortError || error instanceof TimeoutError) &&
      signal?.aborted &&
      options.cancelJobOnAbort &&
      !terminal
    ) {
      // Best effort, bounded: the caller's signal has fired, so cancel with a short signal of our own.
      await client.cancelJob(jobId, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    }
    throw error;
  }
}
