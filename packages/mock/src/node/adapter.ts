/**
 * Node `http` ↔ fetch: an `IncomingMessage` becomes a {@link NodeRequest} (what the engine reads
 * of a web `Request`, without building one), a web `Response` is written to the `ServerResponse`.
 * Our own code rather than a dependency (see DESIGN.md): a whole answer goes out in one write, an
 * errored body stream destroys the socket (a client sees the reset a dying proxy would give), and
 * the socket faults act on the socket itself (a TCP RST, a bare close, garbage then a close).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SocketFault } from '../fault-transforms.js';
import type { MockRequest, RequestHeaders } from '../http.js';

/** The request target as a URL on `origin`: origin-form is appended as it is, absolute-form keeps only path and query. */
function targetUrl(target: string, origin: string): URL {
  if (target.startsWith('/')) return new URL(origin + target);
  const absolute = new URL(target);
  return new URL(origin + absolute.pathname + absolute.search);
}

/** Methods a web `Request` refuses (fetch throws a TypeError for them): the mock refuses them alike. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * A request body as a web stream, pulled chunk by chunk (backpressure reaches the client's socket).
 * Cancelling it stops the reading but leaves the request and its socket alive, unlike
 * `Readable.toWeb`, whose cancel destroys them: the engine cancels a body past its size cap and must
 * still answer 413 (the server then closes the connection, see `server.ts`).
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
    },
    { highWaterMark: 0 },
  );
}

/** A Node request's headers as web `Headers` read them: names case-insensitive, duplicates joined by ", ". */
class NodeHeaders implements RequestHeaders {
  private readonly values = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = raw[i + 1] as string;
      const before = this.values.get(name);
      this.values.set(name, before === undefined ? value : `${before}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.values.get(name.toLowerCase()) ?? null;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this.values) callback(value, name);
  }
}

/**
 * What the engine reads of a web `Request`, over an `IncomingMessage`: the URL parsed once, headers
 * from `rawHeaders`, the body made only when read. An undici `Request` per request (WebIDL checks,
 * `Headers`) cost about 20 µs, a fifth of a small answer.
 */
export class NodeRequest implements MockRequest {
  /** The request target, parsed (the engine routes on it). */
  readonly parsedUrl: URL;
  readonly url: string;
  readonly method: string;
  readonly headers: NodeHeaders;
  private stream: ReadableStream<Uint8Array> | null | undefined;

  /** Throws a TypeError for a target or method fetch cannot express. */
  constructor(
    private readonly req: IncomingMessage,
    origin: string,
  ) {
    this.method = req.method ?? 'GET';
    if (FORBIDDEN_METHODS.has(this.method)) throw new TypeError(`'${this.method}' HTTP method is unsupported.`);
    this.parsedUrl = targetUrl(req.url ?? '/', origin);
    this.url = this.parsedUrl.href;
    this.headers = new NodeHeaders(req.rawHeaders);
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === undefined) {
      // Only a request that announces a body gets a stream, as a web Request built from it would.
      const announced = this.headers.get('content-length') !== null || this.headers.get('transfer-encoding') !== null;
      const method = this.method;
      this.stream = announced && method !== 'GET' && method !== 'HEAD' ? bodyStream(this.req) : null;
    }
    return this.stream;
  }

  text(): Promise<string> {
    const body = this.body;
    return body ? new Response(body).text() : Promise.resolve('');
  }
}

/** Resolves once `res` can take more data, or false when the client went away. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Resolves once what was written has left for the kernel: the response corks the socket until the
 * next tick, and destroying it before then would throw away the bytes a cut body must still deliver.
 */
async function flushed(res: ServerResponse): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  const socket = res.socket;
  if (!socket || socket.destroyed || socket.writableLength === 0) return;
  await new Promise((resolve) => {
    socket.once('drain', resolve);
    socket.once('close', resolve);
  });
}

/**
 * Acts out a socket fault below HTTP, as WireMock's do: a TCP RST (the client reads ECONNRESET,
 * CONNECTION_RESET_BY_PEER), bytes that are no HTTP answer then a close (RANDOM_DATA_THEN_CLOSE),
 * or a clean close with nothing written (EMPTY_RESPONSE).
 */
export function writeSocketFault(fault: SocketFault, res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (fault.kind === 'reset') socket.resetAndDestroy();
  else if (fault.kind === 'random-data') socket.end(fault.bytes);
  else socket.destroy();
}

/**
 * Bytes as a latin1 string, which maps each byte to one character and back, so any body survives.
 * Node sends a string body and the head as one string in one write, where bytes take a two-buffer
 * `writev`: a few µs per small answer, a tenth of what the mock spends on one.
 */
function asLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A Response's headers as the plain object `writeHead` takes, `extra` (CORS) over them. */
function headersOf(response: Response, extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (extra) Object.assign(headers, extra);
  return headers;
}

/**
 * Writes a web Response, `extra` headers (CORS) over its own. A body whose first chunk is all it
 * declared (a text answer) goes out with the head in one write; any other is streamed, and an
 * errored one destroys the socket once the bytes before the error have left (the client sees a
 * reset after exactly those bytes). A network error (`Response.error()`) just closes the connection.
 */
export async function writeResponse(
  response: Response,
  res: ServerResponse,
  extra?: Readonly<Record<string, string>>,
): Promise<void> {
  if (response.type === 'error') {
    res.socket?.destroy();
    return;
  }
  const headers = headersOf(response, extra);
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const reader = response.body.getReader();
  try {
    let next = await reader.read();
    if (!next.done && Number(headers['content-length']) === next.value.byteLength) {
      res.writeHead(response.status, headers).end(asLatin1(next.value), 'latin1');
      return;
    }
    res.writeHead(response.status, headers);
    for (; !next.done; next = await reader.read()) {
      if (res.destroyed || (!res.write(next.value) && !(await drained(res)))) {
        await reader.cancel();
        return;
      }
    }
    res.end();
  } catch {
    await flushed(res);
    res.destroy();
  }
}
