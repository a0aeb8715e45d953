import type { Clock } from './clock.js';
import { throwIfAborted, toAbortError } from './clock.js';
import { CORRUPT_RESTARTS, classifyDownloadFailure } from './download-policy.js';
import { ExportIncompleteError } from './errors.js';
import { SequenceFingerprint } from './fingerprint.js';
import { type ResumePoint, resumeStart } from './resume-point.js';
import { backoffDelay, resolveRetryOptions } from './retry.js';
import { childController } from './signals.js';

/** What the engine downloads: one job's files, each re-openable from its start. */
export interface DownloadSource<T> {
  jobId: string;
  /** How many files the job's result has (1 for the audit query API). */
  files: number;
  /** Starts a fresh download of file `index`; `onBytes` gets the running byte total of this attempt. */
  open(index: number, signal: AbortSignal, onBytes: (bytes: number) => void): AsyncIterable<T>;
  /** The same download in batches (one promise per batch); when given, the engine uses it instead of `open`. */
  openBatches?:
    | ((index: number, signal: AbortSignal, onBytes: (bytes: number) => void) => AsyncIterable<T[]>)
    | undefined;
  /** What an item is fingerprinted by (an event id; a Zoho entry's values). */
  keyOf(item: T): string;
  /** Names file `index` in messages, e.g. `the result of job …`. */
  describe(index: number): string;
  /** The call that continues after an ExportIncompleteError, for its message. */
  continueWith: string;
  /** Removes credentials from a failure's text before it goes into the ExportIncompleteError message. */
  scrub(text: string): string;
}

/** Options of resumableDownload. */
export interface ResumableDownloadOptions {
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Continue after a previous run's ExportIncompleteError instead of from the first item. */
  resumeFrom?: ResumePoint | undefined;
  /** Restarts per file after a transient failure (default 3). */
  downloadRetries?: number | undefined;
  /** Running byte total of the current attempt. */
  onBytes?: ((bytes: number) => void) | undefined;
  /** Items delivered so far (all files, including those of the resume point); called once a batch. */
  onItem?: ((delivered: number) => void) | undefined;
}

const restartBackoff = resolveRetryOptions({ baseDelayMs: 250 });

/**
 * The one resumable download engine behind exportEvents, exportEventBatches and exportEntries, in batches.
 * Exactly once across restarts: a restarted file is read from its start, the items already delivered are
 * skipped by position (one by one, so a restart that cuts the batches elsewhere skips into the middle of one),
 * and a fingerprint of the skipped items proves they are the same ones (else `RESULT_CHANGED`). Transient
 * failures restart (see download-policy.ts); nothing is yielded once the signal has aborted; stopping early or
 * failing aborts the attempt's own signal, so the body is cancelled rather than left open. A batch is counted as
 * delivered when it is yielded: the next one is only pulled once the consumer has taken all of it.
 */
export async function* resumableBatches<T>(
  source: DownloadSource<T>,
  options: ResumableDownloadOptions,
): AsyncGenerator<T[], void, undefined> {
  const { signal, clock } = options;
  const jobId = source.jobId;
  const start = resumeStart(jobId, source.files, options.resumeFrom);
  const maxRestarts = options.downloadRetries ?? 3;
  let total = start.delivered;
  for (let file = start.fileIndex; file < source.files; file++) {
    const delivered = file === start.fileIndex ? start.fingerprint : new SequenceFingerprint();
    let restarts = 0;
    let corruptRestarts = 0;
    for (;;) {
      const skip = delivered.count;
      const expected = delivered.value;
      const replay = new SequenceFingerprint();
      let bytes = 0;
      let changed: ExportIncompleteError | undefined;
      const attempt = childController(signal);
      let complete = false;
      try {
        const onBytes = (count: number) => {
          bytes = count;
          options.onBytes?.(count);
        };
        const batches = source.openBatches
          ? source.openBatches(file, attempt.controller.signal, onBytes)
          : singles(source.open(file, attempt.controller.signal, onBytes));
        for await (const batch of batches) {
          throwIfAborted(signal, { jobId });
          let from = 0;
          if (replay.count < skip) {
            // Skipping what an earlier attempt delivered, item by item: batches need not fall where they did.
            while (from < batch.length && replay.count < skip) replay.add(source.keyOf(batch[from++] as T));
            if (replay.count === skip && replay.value !== expected) {
              changed = resultChanged(source, file, total);
              throw changed;
            }
            if (from === batch.length) continue;
          }
          const fresh = from === 0 ? batch : batch.slice(from);
          for (const item of fresh) delivered.add(source.keyOf(item));
          total += fresh.length;
          options.onItem?.(total);
          yield fresh;
          // The consumer may have aborted inside its loop body: do not even pull the next batch.
          throwIfAborted(signal, { jobId });
        }
        if (replay.count < skip) {
          changed = resultChanged(source, file, total);
          throw changed;
        }
        complete = true;
      } catch (error) {
        if (signal?.aborted) throw toAbortError(signal.reason, { jobId });
        if (error === changed) throw error;
        const failure = classifyDownloadFailure(error);
        const allowed =
          restarts < maxRestarts &&
          (failure === 'transient' || (failure === 'corrupt' && corruptRestarts < CORRUPT_RESTARTS));
        if (!allowed) throw incomplete(source, file, delivered, total, bytes, restarts, error);
        if (failure === 'corrupt') corruptRestarts++;
        await clock.sleep(backoffDelay(restarts, restartBackoff, clock.random), signal);
        restarts++;
      } finally {
        if (!complete) attempt.controller.abort(signal?.reason);
      }
      if (complete) break;
    }
  }
}

/** resumableBatches one item at a time, with the same guarantees: nothing is yielded once the signal has aborted. */
export async function* resumableDownload<T>(
  source: DownloadSource<T>,
  options: ResumableDownloadOptions,
): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  for await (const batch of resumableBatches(source, options)) {
    for (const item of batch) {
      yield item;
      throwIfAborted(signal, { jobId: source.jobId });
    }
  }
}

/** A source that gives items one at a time, as batches of one. */
async function* singles<T>(items: AsyncIterable<T>): AsyncGenerator<T[], void, undefined> {
  for await (const item of items) yield [item];
}

/** The re-downloaded file does not start with the items already delivered (or is shorter). */
function resultChanged<T>(source: DownloadSource<T>, file: number, total: number): ExportIncompleteError {
  return new ExportIncompleteError(
    `${capitalize(source.describe(file))} changed between download attempts: it no longer starts with the items already delivered, so the download cannot continue without duplicates or gaps. Start a new export.`,
    { code: 'RESULT_CHANGED', jobId: source.jobId, eventsDelivered: total, bytesReceived: 0 },
  );
}

/** Restarts ran out, or the failure is not one a restart fixes: say how far it got and how to continue. */
function incomplete<T>(
  source: DownloadSource<T>,
  file: number,
  delivered: SequenceFingerprint,
  total: number,
  bytes: number,
  restarts: number,
  error: unknown,
): ExportIncompleteError {
  const resumePoint: ResumePoint = {
    jobId: source.jobId,
    eventsDelivered: total,
    fingerprint: delivered.value,
    fileIndex: file,
  };
  const reason = source.scrub(error instanceof Error ? error.message : String(error));
  return new ExportIncompleteError(
    `${capitalize(source.describe(file))} could not be read to the end: ${total} events were delivered, then ${reason} (after ${restarts + 1} download attempt(s)). Continue after them with ${source.continueWith} (error.resumePoint); calling it without resumeFrom starts again from the first event.`,
    { jobId: source.jobId, eventsDelivered: total, bytesReceived: bytes, resumePoint, cause: error },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
