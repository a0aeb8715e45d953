/**
 * Node `http` ↔ fetch: an `IncomingMessage` becomes a web `Request`, a web `Response` is written
 * to the `ServerResponse`. Our own ~100 lines rather than a dependency (see the README's "Design
 * choices"): the engine's small answers are written as strings without a body stream, an errored
 * body stream destroys the socket (a client sees the reset a dying proxy would give), and the
 * transport faults act on the socket itself (a TCP RST, a bare close, garbage then a close).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { transportFault } from '../fault-transforms.js';
import { textBodies, textHostRequests } from '../http.js';

/** The request target as a URL on `origin`: origin-form is appended as it is, absolute-form keeps only path and query. */
function targetUrl(target: string, origin: string): string {
  if (target.startsWith('/')) return new URL(origin + target).href;
  const absolute = new URL(target);
  return origin + absolute.pathname + absolute.search;
}

/** The web Request for a Node request; throws a TypeError for a target or method fetch cannot express. */
export function toRequest(req: IncomingMessage, origin: string): Request {
  const url = targetUrl(req.url ?? '/', origin);
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = req.method ?? 'GET';
  // Only a request that announces a body gets a stream (converting one costs more than the rest).
  const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const body = hasBody && method !== 'GET' && method !== 'HEAD' ? (Readable.toWeb(req) as ReadableStream) : null;
  const request = new Request(url, { method, headers, body, duplex: 'half' } as RequestInit);
  // This adapter writes text answers from textBodies: the engine need not give them a body stream.
  textHostRequests.add(request);
  return request;
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
 * What a network error (`Response.error()`) does to the connection: the transport faults act on the
 * socket itself, below HTTP, as WireMock's do; any other network error just closes it.
 */
function writeNetworkError(response: Response, res: ServerResponse): void {
  const socket = res.socket;
  const fault = transportFault(response);
  if (!socket) return;
  // reset: a TCP RST, the client reads ECONNRESET (CONNECTION_RESET_BY_PEER).
  if (fault?.kind === 'reset') socket.resetAndDestroy();
  // random-data: bytes that are no HTTP answer, then the close (RANDOM_DATA_THEN_CLOSE).
  else if (fault?.kind === 'random-data') socket.end(fault.bytes);
  // empty-response, or a network error of unknown cause: a clean close, nothing written (EMPTY_RESPONSE).
  else socket.destroy();
}

/** Writes a web Response; an errored body destroys the socket (the client sees a reset). */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  if (response.type === 'error') {
    writeNetworkError(response, res);
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = textBodies.get(response);
  if (text !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers).end(text);
    return;
  }
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed || (!res.write(value) && !(await drained(res)))) {
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
