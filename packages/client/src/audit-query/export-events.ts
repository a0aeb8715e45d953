import type { AuditEvent } from '@audit-export/events';
import type { Clock } from '../core/clock.js';
import { AbortError, ExportJobCancelledError, ExportJobFailedError, TimeoutError } from '../core/errors.js';
import { type ExportRun, exportRun } from '../core/export-run.js';
import type { PollingOptions } from '../core/poll.js';
import type { DownloadSource } from '../core/resumable-download.js';
import { openPoint, type ResumePoint, sameJson } from '../core/resume-point.js';
import { type WindowApi, type WindowExport, windowExport } from '../core/window-export.js';
import { specValues } from '../generated/audit-query.gen.js';
import { type ExportFilters, pickFilters } from './filters.js';
import type { AuditQueryJobs, ExportJobDetails, JobState } from './job-api.js';
import { toAuditTime } from './time.js';

/** What `onProgress` is told: on every status change, as result bytes arrive and as parts follow each other. */
export interface ExportProgress {
  status: JobState;
  /** The job being read: the current part's. */
  jobId: string;
  /** Events delivered to the caller so far. */
  events: number;
  /** Result bytes received in the current download attempt. */
  bytes: number;
  /** 1-based number of the job (part) of the window being read: a window past the result limit takes several. */
  part: number;
  /** The window asked for, as sent (absent when exporting an existing job). */
  window?: { startTime: string; endTime: string } | undefined;
  /** The latest event time read so far: the window is delivered up to here (for an ETA). */
  reached?: string | undefined;
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
  /**
   * Most jobs this call creates (default: as many as the window needs). A window with more events than the
   * server's result limit takes one job per limit's worth; with `maxJobs: 1`, a result at the limit ends in
   * `ResultLimitError` (`RESULT_LIMIT_REACHED`) with a resume point instead of continuing.
   */
  maxJobs?: number | undefined;
}

/** An existing job to wait for and download, optionally continuing after a stop. */
export interface ExistingJobOptions {
  jobId: string;
  /** The resume point of an earlier run of this job (an error's `resumePoint`, or the run's `resumePoint()`). */
  resumeFrom?: ResumePoint | undefined;
}

/** A window to export, optionally continuing an earlier export of the same window and filters. */
export type WindowOptions = ExportFilters & {
  /** The resume point of an earlier export with the same filters: it continues right after what it delivered. */
  resumeFrom?: ResumePoint | undefined;
};

/** Either filters (new jobs are created) or the `jobId` of an existing job to wait for and download. */
export type ExportEventsOptions = ExportRunOptions & (WindowOptions | ExistingJobOptions);

/** Options of exportEventBatches: exportEvents', plus the largest batch. */
export type ExportEventBatchesOptions = ExportEventsOptions & {
  /** Most events in one batch (default 1000); a batch is never empty. */
  maxBatchSize?: number | undefined;
};

// Typed against the spec: a renamed state fails the typecheck.
const FAILED: JobState = 'FAILED';
const PENDING: JobState = 'PENDING';

/** Implements AuditQueryClient.exportEvents: every event of the window once, one at a time. */
export function exportEvents(
  client: AuditQueryJobs,
  options: ExportEventsOptions,
  clock: Clock,
  scrub: (text: string) => string,
): ExportRun<AuditEvent> {
  return exportRun(() => {
    const { window, watch } = auditQueryWindow(client, options, clock, scrub);
    return { items: guarded(client, options, window, watch, window.items()), resumePoint: window.resumePoint };
  });
}

/** Implements AuditQueryClient.exportEventBatches: exportEvents in batches, the same guarantees. */
export function exportEventBatches(
  client: AuditQueryJobs,
  options: ExportEventBatchesOptions,
  clock: Clock,
  scrub: (text: string) => string,
): ExportRun<AuditEvent[]> {
  return exportRun(() => {
    const { window, watch } = auditQueryWindow(client, options, clock, scrub);
    return { items: guarded(client, options, window, watch, window.batches()), resumePoint: window.resumePoint };
  });
}

/** The query a window export keeps in its resume points: the filters, times as sent. */
function windowQuery(filters: ExportFilters): ExportFilters {
  return {
    tenantId: filters.tenantId,
    startTime: toAuditTime(filters.startTime, 'startTime'),
    endTime: toAuditTime(filters.endTime, 'endTime'),
    ...pickFilters(filters),
  };
}

/** The job's result limit: its `params.limit`, or the spec's default (decision D16). */
function limitOf(job: ExportJobDetails): number {
  try {
    const limit = (JSON.parse(job.params) as { limit?: unknown } | null)?.limit;
    if (typeof limit === 'number' && Number.isFinite(limit)) return limit;
  } catch {
    // A params text that is not JSON says nothing about the limit.
  }
  return specValues.resultLimit;
}

/** Tracks whether the current job may still be running, for `cancelJobOnAbort`. */
interface JobWatch {
  terminal: boolean;
}

/** The audit query side of a window export: parts are jobs created from the filters with a later startTime. */
function auditQueryWindow(
  client: AuditQueryJobs,
  options: ExportEventBatchesOptions,
  clock: Clock,
  scrub: (text: string) => string,
): { window: WindowExport<AuditEvent>; watch: JobWatch } {
  const fromJob = 'jobId' in options;
  const opened =
    options.resumeFrom === undefined
      ? undefined
      : openPoint(
          options.resumeFrom,
          fromJob ? { jobId: options.jobId } : { sameQuery: (saved) => sameJson(saved, windowQuery(options)) },
        );
  const query = (fromJob ? opened?.window?.query : windowQuery(options)) as ExportFilters | undefined;
  const watch: JobWatch = { terminal: false };
  // The last report, so a status change is told with the counts that go with it.
  const progress: ExportProgress = {
    status: PENDING,
    jobId: opened?.jobId ?? '',
    events: opened?.delivered ?? 0,
    bytes: 0,
    part: (opened?.window?.part ?? 0) + 1,
  };
  if (query) progress.window = { startTime: query.startTime as string, endTime: query.endTime as string };
  const report = () => options.onProgress?.({ ...progress });
  const api: WindowApi<AuditEvent> = {
    query,
    async createPart(from, signal) {
      const filters = query as ExportFilters;
      const job = await client.createExport(from === undefined ? filters : { ...filters, startTime: from }, { signal });
      progress.status = job.status;
      watch.terminal = false;
      return { jobId: job.jobId };
    },
    async preparePart(jobId, signal) {
      const onStatus = (status: JobState) => {
        if (status === progress.status) return;
        progress.status = status;
        report();
      };
      const job = await waitWithResumes(client, jobId, options, watch, onStatus, signal);
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
      };
      return { source, limit: limitOf(job) };
    },
    timeOf: (event) => event.timestamp,
    idOf: (event) => event.eventId,
    describe: (jobId) => `the result of job ${jobId}`,
    continueWith: fromJob
      ? 'exportEvents({ jobId: error.resumePoint.jobId, resumeFrom: error.resumePoint })'
      : 'exportEvents({ ...sameFilters, resumeFrom: error.resumePoint })',
    noun: 'events',
    scrub,
    progress: (place) => {
      Object.assign(progress, {
        jobId: place.jobId,
        part: place.part,
        events: place.delivered,
        bytes: place.bytes,
        reached: place.reached,
      });
      report();
    },
  };
  const window = windowExport(api, {
    clock,
    signal: options.signal,
    resumeFrom: opened,
    jobId: fromJob ? options.jobId : undefined,
    maxJobs: options.maxJobs,
    downloadRetries: options.downloadRetries,
  });
  return { window, watch };
}

/** Waits for a job, resuming it up to `resumeFailed` times when it FAILS; says when the job is terminal. */
async function waitWithResumes(
  client: AuditQueryJobs,
  jobId: string,
  options: ExportRunOptions,
  watch: JobWatch,
  onStatus: (status: JobState) => void,
  signal: AbortSignal | undefined,
): Promise<ExportJobDetails> {
  for (let resumes = 0; ; ) {
    try {
      const job = await client.waitForJob(jobId, {
        signal,
        polling: options.polling,
        onStatus: (current) => onStatus(current.status),
      });
      watch.terminal = true;
      return job;
    } catch (error) {
      if (error instanceof ExportJobFailedError || error instanceof ExportJobCancelledError) watch.terminal = true;
      if (!(error instanceof ExportJobFailedError) || resumes >= (options.resumeFailed ?? 0)) throw error;
      resumes++;
      const job = await client.resumeJob(jobId, { signal });
      watch.terminal = false;
      onStatus(job.status === FAILED ? PENDING : job.status);
    }
  }
}

/** Iterates `items`; on abort with `cancelJobOnAbort`, cancels the current job if it may still be running. */
async function* guarded<T>(
  client: AuditQueryJobs,
  options: ExportRunOptions,
  window: WindowExport<AuditEvent>,
  watch: JobWatch,
  items: AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  try {
    yield* items;
  } catch (error) {
    const jobId = window.jobId();
    if (
      (error instanceof AbortError || error instanceof TimeoutError) &&
      options.signal?.aborted &&
      options.cancelJobOnAbort &&
      !watch.terminal &&
      jobId !== ''
    ) {
      // Best effort, bounded: the caller's signal has fired, so cancel with a short signal of our own.
      await client.cancelJob(jobId, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    }
    throw error;
  }
}
