import { type AuditEvent, parseJsonl, parseJsonlBatches } from '@audit-export/events';
import type { Client } from 'openapi-fetch';
import { readBody } from '../core/abort.js';
import { countedChunks } from '../core/byte-counter.js';
import { throwIfAborted, toAbortError } from '../core/clock.js';
import { childController } from '../core/signals.js';
import { unwrap } from '../core/unwrap.js';
import type { paths } from '../generated/audit-query.gen.js';

/** Options of streamResult. */
export interface StreamResultOptions {
  signal?: AbortSignal | undefined;
  /** Validate each line against the spec's AuditEvent schema (default: the events package's default). */
  validate?: boolean | undefined;
  /** Called with the running byte total as each chunk of the body arrives. */
  onBytes?: ((bytes: number) => void) | undefined;
}

/** Options of streamResultBatches: streamResult's, plus the largest batch. */
export interface StreamResultBatchesOptions extends StreamResultOptions {
  /** Most events in one batch (default: the events package's, 1000); a batch is never empty. */
  maxBatchSize?: number | undefined;
}

/**
 * Streams `GET /v2/export/result/{jobId}` through @audit-export/events' parseJsonl.
 * Stopping early (break) aborts the download instead of leaving the body open. The body is read by core's
 * readBody, which races every read against the signal (a custom fetch may ignore it), so parseJsonl gets
 * plain chunks and no signal of its own.
 */
export function streamResult(
  raw: Client<paths>,
  jobId: string,
  options: StreamResultOptions,
  secrets: () => readonly string[],
): AsyncGenerator<AuditEvent, void, undefined> {
  return download(raw, jobId, options, secrets, (chunks, parseOptions) => parseJsonl(chunks, parseOptions));
}

/**
 * streamResult in batches (parseJsonlBatches): the events of each chunk of the body that arrived, as one
 * array and one promise, for a consumer that renders rows per frame or writes them in bulk.
 */
export function streamResultBatches(
  raw: Client<paths>,
  jobId: string,
  options: StreamResultBatchesOptions,
  secrets: () => readonly string[],
): AsyncGenerator<AuditEvent[], void, undefined> {
  const max = options.maxBatchSize;
  return download(raw, jobId, options, secrets, (chunks, parseOptions) =>
    parseJsonlBatches(chunks, max === undefined ? parseOptions : { ...parseOptions, maxBatchSize: max }),
  );
}

/** The request, the body's chunks and the abort and cleanup rules both forms share; `parse` reads the chunks. */
async function* download<T>(
  raw: Client<paths>,
  jobId: string,
  options: StreamResultOptions,
  secrets: () => readonly string[],
  parse: (chunks: AsyncIterable<Uint8Array>, options: { validate?: boolean }) => AsyncIterable<T>,
): AsyncGenerator<T, void, undefined> {
  const path = `/v2/export/result/${jobId}`;
  const { controller } = childController(options.signal);
  let finished = false;
  try {
    const body = (await unwrap(
      raw.GET('/v2/export/result/{jobId}', {
        params: { path: { jobId } },
        parseAs: 'stream',
        signal: controller.signal,
        headers: { Accept: 'application/jsonl, application/json;q=0.9' },
      }),
      { method: 'GET', path, jobId, signal: controller.signal, secrets },
    )) as unknown as ReadableStream<Uint8Array>;
    const chunks = countedChunks(readBody(body, controller.signal, { jobId, path, method: 'GET' }), options.onBytes);
    const parseOptions: { validate?: boolean } = {};
    if (options.validate !== undefined) parseOptions.validate = options.validate;
    try {
      for await (const item of parse(chunks, parseOptions)) {
        // Events of a chunk already parsed must not reach a caller who has aborted.
        throwIfAborted(options.signal, { jobId, path, method: 'GET' });
        yield item;
      }
    } catch (error) {
      if (options.signal?.aborted) throw toAbortError(options.signal.reason, { jobId, path, method: 'GET' });
      throw error;
    }
    finished = true;
  } finally {
    if (!finished && !controller.signal.aborted) controller.abort();
  }
}
