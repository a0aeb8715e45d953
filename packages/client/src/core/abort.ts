import { throwIfAborted, toAbortError } from './clock.js';
import { AuditExportError, type AuditExportErrorFields, NetworkError } from './errors.js';

type AbortFields = Omit<AuditExportErrorFields, 'code'>;
const ignore = () => undefined;

/**
 * Settles like `promise`, but rejects with the caller's AbortError as soon as `signal` aborts, so a fetch, a
 * token provider or a body read that ignores the signal cannot outlive the abort. `promise` gets its handler
 * before the abort check: its own later rejection is never an unhandled one.
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  fields: AbortFields = {},
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(toAbortError(signal.reason, fields));
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Reads a response body chunk by chunk, checking `signal` between chunks and racing every read against it;
 * stopping early (break, error, abort) cancels the body, so the download ends with the consumer. A read that
 * fails (the connection cut, a garbled chunk: a `TypeError` in fetch implementations) is a `NetworkError`
 * with code `NETWORK`, from the first byte on; an AuditExportError (a limit) passes unchanged.
 */
export async function* readBody(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
  fields: AbortFields = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  // getReader() rather than async iteration: Safari and older Chromium lack ReadableStream[Symbol.asyncIterator].
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      throwIfAborted(signal, fields);
      const { done, value } = await raceAbort(reader.read(), signal, fields).catch((error: unknown) => {
        throw bodyReadFailure(error, signal, fields);
      });
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Not awaited: a body whose source ignores cancel must not hold the caller; a pending read settles as done.
    if (!finished) reader.cancel(signal?.reason).catch(ignore);
  }
}

/** What a failed body read is thrown as: the caller's AbortError, a typed error as it is, else a NetworkError. */
function bodyReadFailure(error: unknown, signal: AbortSignal | undefined, fields: AbortFields): AuditExportError {
  if (signal?.aborted) return toAbortError(signal.reason, fields);
  if (error instanceof AuditExportError) return error;
  const call = fields.method && fields.path ? `${fields.method} ${fields.path}` : 'A request';
  return new NetworkError(
    `${call}: the connection broke while the answer's body was being read (${error instanceof Error ? error.message : String(error)}).`,
    { ...fields, code: 'NETWORK', cause: error },
  );
}

/** Cancels the body of a response that arrives after nobody waits for it any more (an abort won the race). */
export function discardLate(response: Promise<Response>): void {
  response.then((late) => late.body?.cancel().catch(ignore), ignore);
}
