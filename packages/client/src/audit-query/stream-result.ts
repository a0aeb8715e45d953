import { type AuditEvent, parseJsonl } from '@audit-export/events';
import type { Client } from 'openapi-fetch';
import { countBytes } from '../core/byte-counter.js';
import { toAbortError } from '../core/clock.js';
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
 * Stopping early (break) aborts the download instead of leaving the body open.
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
    const counted = options.onBytes ? countBytes(body, options.onBytes) : body;
    const parseOptions: { signal: AbortSignal; validate?: boolean } = { signal: controller.signal };
    if (options.validate !== undefined) parseOptions.validate = options.validate;
    try {
      yield* parseJsonl(counted, parseOptions);
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
