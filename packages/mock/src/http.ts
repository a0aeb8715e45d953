/**
 * Small HTTP helpers on web standards (Request, Response, ReadableStream): JSON and text answers,
 * request bodies, and streamed bodies that can be cut mid-stream on purpose. No `node:` imports:
 * the engine runs in Node, browsers (MSW), Deno and Bun.
 */
import type { Exchange } from './context.js';
import type { MockRequest } from './mock-request.js';
import { statusText } from './status-text.js';

export type { MockRequest, RequestHeaders } from './mock-request.js';

const encoder = new TextEncoder();

/**
 * A Response whose body is `text`, its length declared: a host can tell a whole answer from a
 * stream (the Node adapter writes it at once, MSW leaves its framing alone).
 */
export function textResponse(status: number, headers: Record<string, string>, text: string): Response {
  return ownTextResponse(status, { ...headers }, text);
}

/** {@link textResponse} with `headers` made for it (a fresh object, which it completes). */
function ownTextResponse(status: number, headers: Record<string, string>, text: string): Response {
  const bytes = encoder.encode(text);
  headers['content-length'] = String(bytes.byteLength);
  // A stream that holds the bytes already: undici only wraps a given stream, where for a string it
  // makes a byte stream and an async task to fill it (a few µs more per answer in Node).
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new Response(body as ReadableStream<Uint8Array<ArrayBuffer>>, {
    status,
    statusText: statusText(status),
    headers,
  });
}

/** Answers with a JSON body. */
export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  ex.response = ownTextResponse(status, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));
}

/** Answers with a text body (XML, CSV, plain text). */
export function sendText(
  ex: Exchange,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  ex.response = ownTextResponse(status, { ...headers, 'content-type': contentType }, text);
}

/** Answers with a streamed body. */
export function sendStream(
  ex: Exchange,
  status: number,
  headers: Record<string, string>,
  body: ReadableStream<Uint8Array>,
): void {
  ex.response = new Response(body, { status, statusText: statusText(status), headers });
}

/** A request header, or undefined when absent. */
export function header(ex: Exchange, name: string): string | undefined {
  return ex.request.headers.get(name) ?? undefined;
}

/** Reads a request body up to `limit` bytes; undefined when it is larger. */
export async function readBody(request: MockRequest, limit = 1_000_000): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // Not awaited: a host may settle the cancel only once the body ends (MSW's Node interceptor
      // never does for a body that goes on), and the answer must not wait for it.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concat(chunks, size));
}

/** Joins byte chunks (no copy for one). */
export function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Thrown by a body generator where the connection must drop (the `drop-after-lines` fault): the
 * stream then errors, which the Node adapter turns into a reset socket and a fetch host into a
 * network error on the client's read.
 */
export class ConnectionDrop extends Error {
  constructor() {
    super('mock: connection dropped on purpose (drop-after-lines)');
    this.name = 'ConnectionDrop';
  }
}

/**
 * A pull-driven body: each read takes the next chunk from `chunks`, so backpressure is the
 * reader's pace and a million-line result never sits in memory. A {@link ConnectionDrop} errors
 * the stream after a short pause that lets the bytes already given reach the client, as a proxy
 * dying would; a cancelled read (client gone) closes the generator.
 */
export function streamBody(chunks: Iterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = chunks.next();
        } catch (error) {
          if (!(error instanceof ConnectionDrop)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20));
          // A TypeError, as fetch reports a network failure, so clients classify it as one.
          controller.error(new TypeError(error.message, { cause: error }));
          return;
        }
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel() {
        chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Gathers byte pieces into chunks of at least `chunkBytes` (so a result of many small hours is
 * not a stream of tiny chunks) and at most `maxChunk` (so a cut connection is noticed between pieces).
 */
export class ChunkGatherer {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly chunkBytes = 64 * 1024,
    private readonly maxChunk = 1024 * 1024,
  ) {}

  /** Queues `bytes`; yields the chunks that are ready. */
  *push(bytes: Uint8Array): Generator<Uint8Array> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.chunkBytes) yield* this.flush();
  }

  /** Yields whatever is queued. */
  *flush(): Generator<Uint8Array> {
    if (this.pendingBytes === 0) return;
    const all = concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    for (let at = 0; at < all.length; at += this.maxChunk) yield all.subarray(at, at + this.maxChunk);
  }
}

/** The CORS headers a browser console needs (any origin: it is a local development mock). */
export function corsHeaders(origin: string | null, requestHeaders: string | null): Record<string, string> {
  return {
    'access-control-allow-origin': origin ?? '*',
    vary: 'Origin',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers':
      requestHeaders ?? 'authorization, api_token, content-type, accept, x-mock-fault, x-mock-scenario',
    'access-control-expose-headers': 'retry-after, content-disposition, www-authenticate',
    'access-control-max-age': '600',
  };
}

/** Query string and path with secrets replaced, for logs. Tokens never travel in these APIs' URLs, but a client might put one there. */
export function redactUrl(url: string): string {
  return url.replace(/([?&][^=&]*(?:token|key|secret|password|auth)[^=&]*=)[^&]*/gi, '$1[REDACTED]');
}

/** `decodeURIComponent` that answers undefined for malformed percent-encoding (`%E0%A4%A`, `%ZZ`) instead of throwing. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
