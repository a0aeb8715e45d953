import type { ServerResponse } from 'node:http';
import fc from 'fast-check';

/** An answer a test server sends: status, content type and the whole body. */
export interface Answer {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

/**
 * How the body of an answer breaks after its headers (status and headers always arrive whole):
 * - `cut`: the first `at` bytes, then the connection closes;
 * - `garble`: the first `at` bytes, then `garbage` in their place, then the connection closes (as the
 *   mock's `malformed-chunk`); with a `Content-Length` the garbage stops short of it, so the body is
 *   never complete — a body that is whole but wrong cannot be told from a right one by any transport;
 * - `frame`: chunked, the first `at` bytes, then a chunk header that is not hex (a parser error).
 */
export interface Fault {
  kind: 'cut' | 'garble' | 'frame';
  /** Taken modulo the body's length, so it always falls inside it (0: nothing of the body). */
  at: number;
  garbage: Uint8Array;
}

/** How an answer is framed and written: chunked or with `Content-Length`, in pieces of `piece` bytes. */
export interface Delivery {
  chunked: boolean;
  piece: number;
}

/** A fault (seeded by the property's runner). */
export const faultArbitrary: fc.Arbitrary<Fault> = fc.record({
  kind: fc.constantFrom('cut' as const, 'garble' as const, 'frame' as const),
  at: fc.nat(),
  garbage: fc.uint8Array({ minLength: 1, maxLength: 48 }),
});

/** A framing and a write size. */
export const deliveryArbitrary: fc.Arbitrary<Delivery> = fc.record({
  chunked: fc.boolean(),
  piece: fc.integer({ min: 8, max: 512 }),
});

/** The default delivery: one piece, `Content-Length`. */
export const WHOLE: Delivery = { chunked: false, piece: Number.MAX_SAFE_INTEGER };

const write = (res: ServerResponse, bytes: Uint8Array) =>
  new Promise<void>((resolve) => {
    if (res.destroyed) resolve();
    else res.write(bytes, () => setImmediate(resolve));
  });

/** Sends `answer` as `delivery` says, broken by `fault` when one is given. */
export async function sendAnswer(res: ServerResponse, answer: Answer, delivery: Delivery, fault?: Fault) {
  const bytes = typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.from(answer.body);
  const chunked = delivery.chunked || fault?.kind === 'frame';
  const headers: Record<string, string> = { 'content-type': answer.contentType };
  if (!chunked) headers['content-length'] = String(bytes.length);
  res.writeHead(answer.status, headers);
  // Headers leave now, even when no byte of the body follows.
  res.flushHeaders();
  const end = fault === undefined ? bytes.length : fault.at % Math.max(1, bytes.length);
  for (let at = 0; at < end; at += delivery.piece)
    await write(res, bytes.subarray(at, Math.min(end, at + delivery.piece)));
  if (fault === undefined) return void res.end();
  const socket = res.socket;
  if (fault.kind === 'garble') {
    const garbage = chunked ? fault.garbage : fault.garbage.subarray(0, Math.max(0, bytes.length - end - 1));
    if (garbage.length > 0) await write(res, garbage);
  }
  if (fault.kind === 'frame' && socket) {
    await new Promise<void>((resolve) =>
      socket.write(`zz${Buffer.from(fault.garbage).toString('hex')}\r\n`, () => resolve()),
    );
  }
  // A graceful close: what was written arrives, then the end of the connection, before the body's end.
  socket?.end();
}
