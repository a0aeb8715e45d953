// A stream store over the Zoho client's exportEntries, like `createExportStore` is over the audit query
// client: the kit's createStreamStore does the batching, counting and resuming; this file only says how
// to run one export and how to continue after a broken download.
import { ExportIncompleteError } from '@audit-export/client';
import type { Criteria, ZohoAuditEntry, ZohoClient, ZohoExportProgress } from '@audit-export/client/zoho';
import { createStreamStore, type RunContext, type StreamStore } from '@audit-export/query';

/** A store over one Zoho export. */
export type ZohoExportStore = StreamStore<ZohoAuditEntry, string>;

/** What to export: criteria for a new job, or an existing job's id. */
export type ZohoSource = { criteria?: Criteria | undefined; jobId?: string | undefined; downloadRetries?: number };

/** Groups single entries into arrays of at most `size` (the store batches again per frame). */
async function* chunks<T>(items: AsyncIterable<T>, size = 1_000): AsyncGenerator<readonly T[], void, undefined> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Creates (or attaches to) a Zoho export and streams its CSV or ZIP entries into a store. */
export function createZohoExportStore(client: ZohoClient, source: ZohoSource): ZohoExportStore {
  const run =
    (how: Parameters<ZohoClient['exportEntries']>[0]) =>
    ({ signal, report }: RunContext<string>) =>
      chunks(
        client.exportEntries({
          ...how,
          signal,
          onProgress: (progress: ZohoExportProgress) =>
            report({
              jobId: progress.jobId,
              jobStatus: progress.status,
              bytes: progress.bytes,
              ...(progress.status !== 'finished' ? { status: 'polling' as const } : {}),
            }),
        }),
      );
  return createStreamStore<ZohoAuditEntry, string>({
    initialStatus: source.jobId ? 'polling' : 'creating',
    run: run(source),
    resumeAfter(error) {
      if (error instanceof ExportIncompleteError && error.resumePoint && error.jobId) {
        return run({ jobId: error.jobId, resumeFrom: error.resumePoint, downloadRetries: source.downloadRetries });
      }
      return undefined;
    },
  });
}
