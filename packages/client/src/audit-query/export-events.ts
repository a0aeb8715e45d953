import type { AuditEvent } from '@audit-export/events';
import type { Clock } from '../core/clock.js';
import {
  AbortError,
  AuditExportError,
  ExportIncompleteError,
  ExportJobCancelledError,
  ExportJobFailedError,
  HttpError,
  TimeoutError,
} from '../core/errors.js';
import { SequenceFingerprint } from '../core/fingerprint.js';
import type { PollingOptions } from '../core/poll.js';
import { backoffDelay, resolveRetryOptions } from '../core/retry.js';
import type { AuditQueryClient, JobState } from './client.js';
import type { ExportFilters } from './filters.js';

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

/** Either filters (a new job is created) or the `jobId` of an existing job to wait for and download. */
export type ExportEventsOptions = ExportRunOptions & (ExportFilters | { jobId: string });

/** Errors after which a download is restarted: the connection broke or the body ended inside a line. */
function isTransientDownloadError(error: unknown): boolean {
  if (error instanceof AbortError || error instanceof TimeoutError) return false;
  if (error instanceof HttpError) return error.status >= 500 || error.status === 429;
  if (error instanceof AuditExportError) return error.code === 'NETWORK';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TRUNCATED') return true;
  // Body read failures surface as TypeError ("terminated", "network error") in fetch implementations.
  return error instanceof TypeError;
}

/** Implements AuditQueryClient.exportEvents: create or attach, poll, stream with restart and exactly-once delivery. */
export async function* exportEvents(
  client: AuditQueryClient,
  options: ExportEventsOptions,
  clock: Clock,
): AsyncGenerator<AuditEvent, void, undefined> {
  const signal = options.signal;
  const progress: ExportProgress = { status: 'PENDING', jobId: '', events: 0, bytes: 0 };
  const report = () => options.onProgress?.({ ...progress });
  let terminal = false;

  if ('jobId' in options) {
    progress.jobId = options.jobId;
  } else {
    const job = await client.createExport(options, { signal });
    progress.jobId = job.jobId;
    progress.status = job.status;
    report();
  }
  const jobId = progress.jobId;

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

    // Exactly once across restarts: skip by position what was delivered, and prove with a fingerprint of
    // the skipped event ids that the re-download starts with the very same events.
    const delivered = new SequenceFingerprint();
    const retry = resolveRetryOptions({ baseDelayMs: 250 });
    const maxRestarts = options.downloadRetries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const replay = new SequenceFingerprint();
      const skip = delivered.count;
      const expected = delivered.value;
      progress.bytes = 0;
      try {
        const events = client.streamResult(jobId, {
          signal,
          validate: options.validate,
          onBytes: (bytes) => {
            progress.bytes = bytes;
            report();
          },
        });
        for await (const event of events) {
          if (replay.count < skip) {
            replay.add(event.eventId);
            if (replay.count === skip && replay.value !== expected) throw resultChanged(jobId, skip);
            continue;
          }
          delivered.add(event.eventId);
          progress.events = delivered.count;
          yield event;
        }
        if (replay.count < skip) throw resultChanged(jobId, skip);
        report();
        return;
      } catch (error) {
        if (error instanceof ExportIncompleteError || error instanceof AbortError || error instanceof TimeoutError)
          throw error;
        if (signal?.aborted) throw error;
        if (!isTransientDownloadError(error) || attempt >= maxRestarts) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ExportIncompleteError(
            `The result of job ${jobId} could not be read to the end: ${delivered.count} events were delivered, then ${reason} (after ${attempt + 1} download attempt(s)). Run exportEvents({ jobId: "${jobId}" }) again to restart the download.`,
            { jobId, eventsDelivered: delivered.count, bytesReceived: progress.bytes, cause: error },
          );
        }
        await clock.sleep(backoffDelay(attempt, retry, clock.random), signal);
      }
    }
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

/** The re-downloaded result does not start with the events already delivered. */
function resultChanged(jobId: string, delivered: number): ExportIncompleteError {
  return new ExportIncompleteError(
    `The result of job ${jobId} changed between download attempts: its first ${delivered} events differ from the ones already delivered, so the download cannot continue without duplicates or gaps.`,
    { code: 'RESULT_CHANGED', jobId, eventsDelivered: delivered, bytesReceived: 0 },
  );
}
