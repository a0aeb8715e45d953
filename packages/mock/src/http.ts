/** Small HTTP helpers over Node's http module: JSON answers, bodies, and streaming with backpressure. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sends a JSON body with Content-Length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Sends a text body (XML, CSV) with Content-Length. */
export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; undefined when it is larger. */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolves once the response can take more data, or false when the client went away. */
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
 * Writes `lines` (each already ending in a newline) in chunks of about `chunkBytes`, waiting for
 * `drain` whenever the socket buffer is full, so a million-line result never sits in memory.
 * `dropAfter` destroys the socket after that many lines (the mid-stream fault).
 * Returns false when the stream was cut (by the client or the fault).
 */
export async function streamLines(
  res: ServerResponse,
  lines: Iterable<string>,
  options: { chunkBytes?: number; dropAfter?: number | undefined } = {},
): Promise<boolean> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let buffer = '';
  let count = 0;
  for (const line of lines) {
    buffer += line;
    count++;
    if (options.dropAfter !== undefined && count >= options.dropAfter) {
      res.write(buffer);
      // Let the written lines reach the client before the connection is cut, as a proxy dying would.
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.destroy();
      return false;
    }
    if (buffer.length >= chunkBytes) {
      if (res.destroyed) return false;
      const ok = res.write(buffer);
      buffer = '';
      if (!ok && !(await drained(res))) return false;
    }
  }
  if (res.destroyed) return false;
  res.end(buffer);
  return true;
}

/**
 * Writes bytes in chunks of at least `chunkBytes` (small pieces are gathered, so a result of
 * many small hours is not a stream of tiny chunks) and at most `maxWrite` (so a cut connection
 * is noticed between pieces), waiting for `drain` whenever the socket buffer is full.
 */
export class ChunkWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly chunkBytes = 64 * 1024,
    private readonly maxWrite = 1024 * 1024,
  ) {}

  /** Queues `bytes`; false when the client went away. */
  async push(bytes: Buffer): Promise<boolean> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    return this.pendingBytes >= this.chunkBytes ? this.flush() : true;
  }

  /** Writes what is queued; false when the client went away. */
  async flush(): Promise<boolean> {
    if (this.pendingBytes === 0) return !this.res.destroyed;
    const all =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    for (let at = 0; at < all.length; at += this.maxWrite) {
      if (!(await writeChunk(this.res, all.subarray(at, at + this.maxWrite)))) return false;
    }
    return true;
  }
}

/** Writes one binary chunk, waiting for `drain` when needed; false when the client went away. */
export async function writeChunk(res: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return drained(res);
}

/** Adds the CORS headers a browser console needs (any origin: it is a local development mock). */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': req.headers.origin ?? '*',
    vary: 'Origin',
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ?? 'authorization, api_token, content-type, accept, x-mock-fault',
    'access-control-expose-headers': 'retry-after, content-disposition, www-authenticate',
    'access-control-max-age': '600',
  };
}

/** Query string and path with secrets replaced, for logs. Tokens never travel in these APIs' URLs, but a client might put one there. */
export function redactUrl(url: string): string {
  return url.replace(/([?&][^=&]*(?:token|key|secret|password|auth)[^=&]*=)[^&]*/gi, '$1[REDACTED]');
}
