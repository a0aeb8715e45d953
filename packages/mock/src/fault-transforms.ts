/**
 * What the fault kinds do, on web standards: delays and injected answers drawn from the seeded
 * source, body transforms (a `ReadableStream` in, a `ReadableStream` out), and the socket faults a
 * host acts out (`engine.fetch` answers them with `Response.error()`, which `fetch` and MSW treat
 * as a network error; the Node adapter acts on the socket itself).
 */
import type { ConnectionFault, ErrorFault, InjectedErrorStatus, LatencyFault } from './config.js';
import { concat } from './http.js';

/** Longest delay any fault may ask for (10 minutes): beyond that a test is hung, not slow. */
export const MAX_FAULT_MS = 600_000;

/** What a host does to the connection instead of answering. */
export type SocketFault = { kind: 'reset' } | { kind: 'empty-response' } | { kind: 'random-data'; bytes: Uint8Array };

/** The socket fault for `connection`; random data is 16 to 1,024 seeded bytes. */
export function socketFault(connection: ConnectionFault, draw: () => number): SocketFault {
  if (connection === 'random-data')
    return { kind: 'random-data', bytes: randomBytes(16 + Math.floor(draw() * 1009), draw) };
  return { kind: connection };
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

/** Status and headers kept, then 64 to 256 seeded garbage bytes, then an errored stream: a body that breaks mid-chunk. */
export function malformed(response: Response, draw: () => number): Response {
  const garbage = randomBytes(64 + Math.floor(draw() * 193), draw);
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

/** An injected failure to answer: its status and any headers. */
export interface InjectedFailure {
  status: InjectedErrorStatus;
  headers: Record<string, string>;
}

/**
 * Whether this request fails, and how. `status` alone means every request fails (as `rate: 1`);
 * with `rate` it is the status of the failures drawn at that rate. `draw` is called once per
 * request with a rate above 0 (a status alone draws too), so a seed's failures do not move when
 * other fields change.
 */
export function injectedFailure(error: ErrorFault, draw: () => number): InjectedFailure | undefined {
  const rate = error.rate ?? (error.status === undefined ? 0 : 1);
  if (rate <= 0 || draw() >= rate) return undefined;
  const status = error.status ?? 500;
  const headers: Record<string, string> =
    status === 503 && error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {};
  return { status, headers };
}

/** The `Retry-After` seconds (1..5, seeded) of an injected 429, or undefined when `rate` does not strike. */
export function injectedRateLimit(rate: number, draw: () => number): number | undefined {
  if (rate <= 0 || draw() >= rate) return undefined;
  return 1 + Math.floor(draw() * 5);
}

/** The delay before answering, in ms: fixed, or drawn from the distribution (seeded). */
export function latencyOf(latency: LatencyFault, draw: () => number): number {
  if (latency.kind === 'uniform') return latency.minMs + draw() * (latency.maxMs - latency.minMs);
  if (latency.kind === 'lognormal') {
    // Box-Muller from two seeded uniforms; 1 - u keeps log() away from 0.
    const z = Math.sqrt(-2 * Math.log(1 - draw())) * Math.cos(2 * Math.PI * draw());
    return Math.min(MAX_FAULT_MS, latency.medianMs * Math.exp(latency.sigma * z));
  }
  return latency.ms;
}

/**
 * The answer with its body replaced by `change(body)`; `unframed` drops the declared length (a
 * cut body is shorter than it). An answer without a body is left as it is.
 */
export function withStream(
  response: Response,
  change: (body: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>,
  unframed = false,
): Response {
  if (!response.body) return response;
  const headers = new Headers(response.headers);
  if (unframed) headers.delete('content-length');
  return new Response(change(response.body) as ReadableStream<Uint8Array<ArrayBuffer>>, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
