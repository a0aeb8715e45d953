import { JsonlParseError } from './errors.js';

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

/** Rejects with the signal's reason as soon as it aborts, so a stalled read does not hang the caller. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
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
  });
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
    if (!finished) await reader.cancel(signal?.reason).catch(() => undefined);
    reader.releaseLock();
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
    if (!finished) await Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** Turns any supported source into byte chunks; a non-2xx Response is an HTTP_STATUS error. */
export async function* byteChunks(source: JsonlSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  signal?.throwIfAborted();
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
