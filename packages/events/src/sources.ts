import { AbortError, JsonlParseError } from './errors.js';

/** What parseJsonl reads: a web stream, a Response, any (async) iterable of chunks, or a whole body. */
export type JsonlSource =
  | ReadableStream<Uint8Array>
  | Response
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>
  | Uint8Array
  | string;

const encoder = new TextEncoder();

function isResponse(source: unknown): source is Response {
  return typeof Response !== 'undefined' && source instanceof Response;
}

function isIterable(source: unknown): source is AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> {
  return typeof source === 'object' && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source);
}

function isReadableStream(source: unknown): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream | null)?.getReader === 'function';
}

const ignore = () => undefined;

/** Throws the AbortError for `signal` when it has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(signal.reason);
}

/**
 * Settles with `promise`, or rejects with an AbortError as soon as `signal` fires, so a stalled read
 * does not hang the caller. `promise` always gets a handler first: a read that rejects after the
 * abort (a fetch body errored by the same signal) must not become an unhandled rejection.
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(ignore);
  if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        // An abort that fired while the value was on its way wins: nothing is read after abort().
        if (signal.aborted) onAbort();
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? new AbortError(signal.reason) : error);
      },
    );
  });
}

/** Calls `stop` (a cancel or return), never letting it throw or reject; waits for it unless aborted. */
async function release(stop: () => unknown, signal: AbortSignal | undefined): Promise<void> {
  let settled: Promise<unknown>;
  try {
    settled = Promise.resolve(stop()).catch(ignore);
  } catch {
    return;
  }
  // After an abort the caller gets its AbortError now, not after a producer that may never answer.
  if (!signal?.aborted) await settled;
}

/**
 * A plain Uint8Array view of the same bytes. A Node Buffer overrides indexOf with a slower
 * JavaScript implementation; the view gets the engine's built-in one. No bytes are copied.
 */
function plain(chunk: Uint8Array): Uint8Array {
  return chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

async function* fromStream(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined) {
  // getReader() rather than async iteration: Safari and older Chromium lack ReadableStream[Symbol.asyncIterator].
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await abortable(reader.read(), signal);
      if (done) {
        finished = true;
        return;
      }
      yield plain(value);
    }
  } finally {
    // Stopped early (break, error, abort): tell the producer, so a download does not go on unread.
    if (!finished) await release(() => reader.cancel(signal?.reason), signal);
    try {
      reader.releaseLock();
    } catch {
      // A read still pending in an old runtime: the stream is cancelled anyway.
    }
  }
}

async function* fromIterable(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  signal: AbortSignal | undefined,
) {
  const iterator =
    Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : (source as Iterable<Uint8Array | string>)[Symbol.iterator]();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await abortable(Promise.resolve(iterator.next()), signal);
      if (done) {
        finished = true;
        return;
      }
      yield typeof value === 'string' ? encoder.encode(value) : plain(value);
    }
  } finally {
    if (!finished) await release(() => iterator.return?.(), signal);
  }
}

/** Turns any supported source into byte chunks; a non-2xx Response is an HTTP_STATUS error. */
export async function* byteChunks(source: JsonlSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  throwIfAborted(signal);
  if (typeof source === 'string') {
    yield encoder.encode(source);
  } else if (source instanceof Uint8Array) {
    yield plain(source);
  } else if (isReadableStream(source)) {
    yield* fromStream(source, signal);
  } else if (isIterable(source)) {
    // Before the Response check: reading the global `Response` makes Node load its fetch
    // implementation (about 20 ms of CPU), which a Node stream or an array never needs.
    yield* fromIterable(source, signal);
  } else if (isResponse(source)) {
    if (!source.ok) {
      await source.body?.cancel().catch(() => undefined);
      throw new JsonlParseError(
        'HTTP_STATUS',
        `Expected a 2xx response with a JSON Lines body, got HTTP ${source.status} from ${source.url || 'the server'}. Check the job id and that the job is COMPLETED.`,
        { line: 0, byteOffset: 0, excerpt: '', status: source.status },
      );
    }
    if (source.body) yield* fromStream(source.body, signal);
  } else {
    yield* fromIterable(source, signal);
  }
}
