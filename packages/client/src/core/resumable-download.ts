import type { Clock } from './clock.js';
import { throwIfAborted, toAbortError } from './clock.js';
import { CORRUPT_RESTARTS, classifyDownloadFailure } from './download-policy.js';
import type { ExportIncompleteError } from './errors.js';
import { SequenceFingerprint } from './fingerprint.js';
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
}

/**
 * Where a download is in a job's files. The engine yields items; whoever hands them on accounts for each one
 * with {@link DownloadPosition.take}, so the position is exact at every point the consumer can observe it,
 * even in the middle of a batch it hands out one item at a time.
 */
export class DownloadPosition {
  /** The file being read. */
  fileIndex: number;
  /** Items of the files before `fileIndex`. */
  before: number;
  /** The fingerprint of the items of file `fileIndex` taken so far. */
  fingerprint: SequenceFingerprint;

  constructor(fileIndex = 0, before = 0, fingerprint = new SequenceFingerprint()) {
    this.fileIndex = fileIndex;
    this.before = before;
    this.fingerprint = fingerprint;
  }

  /** Items taken from the job so far, all files. */
  get received(): number {
    return this.before + this.fingerprint.count;
  }

  /** Accounts for one item handed on. */
  take(key: string): void {
    this.fingerprint.add(key);
  }

  /** Moves to the next file once one was read to its end. */
  nextFile(): void {
    this.before += this.fingerprint.count;
    this.fingerprint = new SequenceFingerprint();
    this.fileIndex++;
  }
}

/** Options of resumableBatches. */
export interface ResumableDownloadOptions {
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Where to start; advanced as the download goes (see DownloadPosition). */
  position: DownloadPosition;
  /** Restarts per file after a transient failure (default 3). */
  downloadRetries?: number | undefined;
  /** Running byte total of the current attempt. */
  onBytes?: ((bytes: number) => void) | undefined;
  /** The error for a file that no longer starts with the items already taken (`RESULT_CHANGED`). */
  changed(file: number): ExportIncompleteError;
  /** The error for a download that cannot go on: restarts ran out, or the failure is not one a restart fixes. */
  stopped(file: number, failure: { error: unknown; attempts: number; bytes: number }): ExportIncompleteError;
}

const restartBackoff = resolveRetryOptions({ baseDelayMs: 250 });

/**
 * The one resumable download engine behind every export, in batches. Exactly once across restarts: a restarted
 * file is read from its start, the items already taken are skipped by position (one by one, so a restart that
 * cuts the batches elsewhere skips into the middle of one), and a fingerprint of the skipped items proves they
 * are the same ones (else `changed`). Transient failures restart (see download-policy.ts); nothing is yielded
 * once the signal has aborted; stopping early or failing aborts the attempt's own signal, so the body is
 * cancelled rather than left open. The next batch is only pulled once the consumer has taken all of the last.
 */
export async function* resumableBatches<T>(
  source: DownloadSource<T>,
  options: ResumableDownloadOptions,
): AsyncGenerator<T[], void, undefined> {
  const { signal, clock, position } = options;
  const jobId = source.jobId;
  const maxRestarts = options.downloadRetries ?? 3;
  for (; position.fileIndex < source.files; position.nextFile()) {
    const file = position.fileIndex;
    let restarts = 0;
    let corruptRestarts = 0;
    for (;;) {
      const skip = position.fingerprint.count;
      const expected = position.fingerprint.value;
      const replay = new SequenceFingerprint();
      let bytes = 0;
      // The engine's own verdicts (a changed file, a slip in accounting) are final, never restarted.
      const own = (error: Error): Error => {
        final = error;
        return error;
      };
      let final: Error | undefined;
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
            if (replay.count === skip && replay.value !== expected) throw own(options.changed(file));
            if (from === batch.length) continue;
          }
          const fresh = from === 0 ? batch : batch.slice(from);
          const taken = position.fingerprint.count + fresh.length;
          yield fresh;
          // Exactly-once rests on every item handed on being accounted for: a slip here is a bug, not bad input.
          if (position.fingerprint.count !== taken)
            throw own(new Error('resumableBatches: a batch was not accounted for'));
          // The consumer may have aborted inside its loop body: do not even pull the next batch.
          throwIfAborted(signal, { jobId });
        }
        if (replay.count < skip) throw own(options.changed(file));
        complete = true;
      } catch (error) {
        if (signal?.aborted) throw toAbortError(signal.reason, { jobId });
        if (error === final) throw error;
        const failure = classifyDownloadFailure(error);
        const allowed =
          restarts < maxRestarts &&
          (failure === 'transient' || (failure === 'corrupt' && corruptRestarts < CORRUPT_RESTARTS));
        if (!allowed) throw options.stopped(file, { error, attempts: restarts + 1, bytes });
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

/** A source that gives items one at a time, as batches of one. */
async function* singles<T>(items: AsyncIterable<T>): AsyncGenerator<T[], void, undefined> {
  for await (const item of items) yield [item];
}
