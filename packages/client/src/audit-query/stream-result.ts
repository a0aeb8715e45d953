import { type AuditEvent, parseJsonl } from '@audit-export/events';
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

/**
 * Streams `GET /v2/export/result/{jobId}` through @audit-export/events' parseJsonl.
 * Stopping early (break) aborts the download instead of leaving the body open. The body is read by core's
 * readBody, which races every read against the signal (a custom fetch may ignore it), so parseJsonl gets
 * plain chunks and no signal of its own.
 */
export async function* streamResult(
  raw: Client<paths>,
  jobId: string,
  options: StreamResultOptions,
  secrets: () => readonly string[],
): AsyncGenerator<AuditEvent, void, undefined> {
  const path = `/v2/export/result/${jobId}`;
  const { controller, dispose } = childController(options.signal);
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
      for await (const event of parseJsonl(chunks, parseOptions)) {
        // Events of a chunk already parsed must not reach a caller who has aborted.
        throwIfAborted(options.signal, { jobId, path, method: 'GET' });
        yield event;
      }
    } catch (error) {
      if (options.signal?.aborted) throw toAbortError(options.signal.reason, { jobId, path, method: 'GET' });
      throw error;
    }
    finished = true;
  } finally {
    if (!finished && !controller.signal.aborted) controller.abort();
    dispose();
  }
}
