/**
 * The faults that act on an answer rather than choose it, as web-standard transforms: a `Response`
 * in, a `Response` out, bodies as `ReadableStream`s. What only a socket can do (a reset, closing
 * with no answer, garbage instead of a status line) is a `Response.error()`, which `fetch` and MSW
 * treat as a network error; {@link transportFault} tells a server adapter what to do on the socket.
 */
import type { FaultConfig } from './config.js';
import { concat } from './http.js';

/** What a server adapter does on the socket for a `Response.error()` the faults made. */
export type TransportFault =
  | { kind: 'reset' }
  | { kind: 'empty-response' }
  | { kind: 'random-data'; bytes: Uint8Array };

// Keyed by the Response object: nothing about the fault leaks into headers a client could see.
const transportFaults = new WeakMap<Response, TransportFault>();

/** The socket-level fault behind an error response, if the faults made it. */
export function transportFault(response: Response): TransportFault | undefined {
  return transportFaults.get(response);
}

/** An error response carrying `fault` for the server adapter. */
function networkError(fault: TransportFault): Response {
  const response = Response.error();
  transportFaults.set(response, fault);
  return response;
}

/** `length` seeded random bytes. */
export function randomBytes(length: number, draw: () => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(draw() * 256);
  return bytes;
}

/** The error a cut or malformed body ends with: the adapter drops the connection on it. */
export class InjectedStreamError extends Error {
  /** Stable machine-readable code. */
  readonly code = 'MOCK_INJECTED_STREAM_FAULT';
  constructor(message: string) {
    super(message);
    this.name = 'InjectedStreamError';
  }
}

/**
 * The first `limit` bytes of `body`, then an error (the connection drops there). The error comes
 * on the read after the last bytes, not with them: erroring a stream discards what is queued, so a
 * cut inside the first chunk would otherwise deliver nothing, not even the status line.
 */
export function cutAfterBytes(body: ReadableStream<Uint8Array>, limit: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let passed = 0;
  let cut = false; // bytes past the limit were seen: the next read errors
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = cut ? undefined : await reader.read();
        if (next?.done) {
          controller.close();
          return;
        }
        // A body of exactly `limit` bytes ends whole; one byte more and it is cut there.
        if (!next || passed >= limit) {
          void reader.cancel();
          controller.error(new InjectedStreamError(`body cut after ${limit} bytes (cut-after-bytes)`));
          return;
        }
        const room = limit - passed;
        cut = next.value.byteLength > room;
        passed += Math.min(room, next.value.byteLength);
        controller.enqueue(cut ? next.value.subarray(0, room) : next.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads a whole body into one array. */
async function gather(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of body as unknown as AsyncIterable<Uint8Array>) {
    parts.push(part);
    size += part.byteLength;
  }
  return concat(parts, size);
}

/**
 * The body again, in `chunks` equal pieces with `overMs / chunks` ms before each: the whole body
 * is read first (so the pieces are even), which suits the bodies progress bars are tested with.
 */
export function dribble(body: ReadableStream<Uint8Array>, chunks: number, overMs: number): ReadableStream<Uint8Array> {
  let bytes: Uint8Array | undefined;
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      bytes ??= await gather(body);
      const size = Math.ceil(bytes.byteLength / chunks) || 1;
      if (index * size >= bytes.byteLength) {
        controller.close();
        return;
      }
      await sleep(overMs / chunks);
      controller.enqueue(bytes.subarray(index * size, (index + 1) * size));
      index++;
    },
    cancel(reason) {
      return body.cancel(reason);
    },
  });
}

/** Status and headers kept, then `garbage`, then an errored stream: a body that breaks mid-chunk. */
function malformed(response: Response, garbage: Uint8Array): Response {
  void response.body?.cancel();
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(garbage);
    },
    async pull(controller) {
      await sleep(10);
      controller.error(new InjectedStreamError('malformed chunk, then the connection closes (malformed-chunk)'));
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** Whether any fault in `faults` acts on the response (so the common path skips all of this). */
export function hasResponseFaults(faults: FaultConfig): boolean {
  return Boolean(
    faults.resetByPeer ||
      faults.emptyResponse ||
      faults.randomData ||
      faults.malformedChunk ||
      faults.dribble ||
      faults.cutAfterBytes !== undefined,
  );
}

/**
 * Applies the response faults of `faults` to an answer. The socket-level ones win (reset, then
 * empty response, then random data), then a malformed chunk; a dribble and a cut combine (the
 * dribbled body is cut). `draw` is the seeded random source for the garbage bytes.
 */
export function applyResponseFaults(response: Response, faults: FaultConfig, draw: () => number): Response {
  if (!hasResponseFaults(faults)) return response;
  const dropBody = () => void response.body?.cancel();
  if (faults.resetByPeer) {
    dropBody();
    return networkError({ kind: 'reset' });
  }
  if (faults.emptyResponse) {
    dropBody();
    return networkError({ kind: 'empty-response' });
  }
  if (faults.randomData) {
    dropBody();
    return networkError({ kind: 'random-data', bytes: randomBytes(16 + Math.floor(draw() * 1009), draw) });
  }
  if (faults.malformedChunk) return malformed(response, randomBytes(64 + Math.floor(draw() * 193), draw));
  let body: ReadableStream<Uint8Array> | null = response.body;
  if (!body) return response;
  if (faults.dribble) body = dribble(body, faults.dribble.chunks, faults.dribble.overMs);
  if (faults.cutAfterBytes !== undefined) body = cutAfterBytes(body, faults.cutAfterBytes);
  return new Response(body as ReadableStream<Uint8Array<ArrayBuffer>>, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
