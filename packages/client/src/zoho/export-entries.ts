import type { Clock } from '../core/clock.js';
import { AbortError, AuditExportError, ExportIncompleteError, HttpError, TimeoutError } from '../core/errors.js';
import { SequenceFingerprint } from '../core/fingerprint.js';
import type { PollingOptions } from '../core/poll.js';
import { backoffDelay, resolveRetryOptions } from '../core/retry.js';
import type { ZohoAuditEntry, ZohoClient } from './client.js';
import type { Criteria } from './criteria.js';

/** What `onProgress` is told. */
export interface ZohoExportProgress {
  /** Zoho's status, lower-cased (`scheduled`, `progress`, `finished`). */
  status: string;
  jobId: string;
  /** Entries delivered so far (all files). */
  entries: number;
  /** Bytes received of the current file. */
  bytes: number;
}

/** Options of exportEntries. */
export interface ExportEntriesOptions {
  /** What to export (default: Zoho's default, the last three years). Ignored with `jobId`. */
  criteria?: Criteria | undefined;
  /** Download an existing job instead of creating one. */
  jobId?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ZohoExportProgress) => void) | undefined;
  polling?: PollingOptions | undefined;
  /** How many times a download cut mid-file is restarted, skipping what was delivered (default 3). */
  downloadRetries?: number | undefined;
}

function isTransient(error: unknown): boolean {
  if (error instanceof AbortError || error instanceof TimeoutError) return false;
  if (error instanceof HttpError) return error.status >= 500 || error.status === 429;
  if (error instanceof AuditExportError) return ['NETWORK', 'CSV_TRUNCATED', 'ZIP_TRUNCATED'].includes(error.code);
  return (
    error instanceof TypeError ||
    (error instanceof Error && /unexpected EOF|invalid (?:zip|block)/i.test(error.message))
  );
}

/** Implements ZohoClient.exportEntries. */
export async function* exportEntries(
  client: ZohoClient,
  options: ExportEntriesOptions,
  clock: Clock,
): AsyncGenerator<ZohoAuditEntry, void, undefined> {
  const signal = options.signal;
  const jobId = options.jobId ?? (await client.createExport(options.criteria, { signal }));
  const progress: ZohoExportProgress = { status: 'scheduled', jobId, entries: 0, bytes: 0 };
  const report = () => options.onProgress?.({ ...progress });
  report();
  const job = await client.waitForJob(jobId, {
    signal,
    polling: options.polling,
    onStatus: (current) => {
      progress.status = String(current.status).toLowerCase();
      report();
    },
  });
  const retry = resolveRetryOptions({ baseDelayMs: 250 });
  for (const link of job.download_links ?? []) {
    const delivered = new SequenceFingerprint();
    for (let attempt = 0; ; attempt++) {
      const replay = new SequenceFingerprint();
      const skip = delivered.count;
      const expected = delivered.value;
      try {
        for await (const entry of client.download(link, {
          signal,
          onBytes: (bytes) => {
            progress.bytes = bytes;
            report();
          },
        })) {
          // Entries have no id: the fingerprint covers their values, in order.
          const key = Object.values(entry).join('\u001f');
          if (replay.count < skip) {
            replay.add(key);
            if (replay.count === skip && replay.value !== expected) {
              throw new ExportIncompleteError(
                `The file ${link} changed between download attempts; cannot continue without duplicates.`,
                {
                  code: 'RESULT_CHANGED',
                  jobId,
                  eventsDelivered: progress.entries,
                  bytesReceived: progress.bytes,
                },
              );
            }
            continue;
          }
          delivered.add(key);
          progress.entries++;
          yield entry;
        }
        break;
      } catch (error) {
        if (error instanceof AbortError || error instanceof TimeoutError || signal?.aborted) throw error;
        if (
          (error instanceof ExportIncompleteError && error.code === 'RESULT_CHANGED') ||
          !isTransient(error) ||
          attempt >= (options.downloadRetries ?? 3)
        ) {
          throw new ExportIncompleteError(
            `Downloading ${link} of Zoho job ${jobId} stopped: ${progress.entries} entries were delivered, then ${error instanceof Error ? error.message : String(error)}.`,
            { jobId, eventsDelivered: progress.entries, bytesReceived: progress.bytes, cause: error },
          );
        }
        await clock.sleep(backoffDelay(attempt, retry, clock.random), signal);
      }
    }
  }
  report();
}
