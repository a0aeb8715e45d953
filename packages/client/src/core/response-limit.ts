import { readBody } from './abort.js';
import { UnexpectedResponseError } from './errors.js';

/** Default of `maxResponseBytes`: far above any status, list or error body, far below a heap's size. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Statuses whose response has no body by definition (a Response with one cannot be built). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Reads `response`'s whole body now, as part of the attempt, and returns a response that replays it, so
 * whoever parses it (openapi-fetch) cannot meet a cut connection. At most `maxBytes` are read: a JSON, XML
 * or error answer that never ends (a broken or hostile server) costs at most that much memory; a declared
 * `Content-Length` over it fails at once. The chunks are handed over as they arrived, never joined here, so
 * the parser's own copy is the only other one. Throws `RESPONSE_TOO_LARGE`, the caller's AbortError, or a
 * `NetworkError` (code `NETWORK`, the read failure as `cause`) when the body breaks off.
 */
export async function bufferResponse(
  response: Response,
  maxBytes: number,
  signal: AbortSignal | undefined,
  context: { method: string; path: string },
): Promise<Response> {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
  if (response.status < 200 || response.status > 599) {
    // fetch passes on any three digits; a Response (and every rule here) knows only 200 to 599.
    void response.body.cancel().catch(() => undefined);
    throw new UnexpectedResponseError(
      `${context.method} ${context.path} answered status ${response.status}, which HTTP does not define; the answer was dropped.`,
      { code: 'BAD_RESPONSE', status: response.status, method: context.method, path: context.path },
    );
  }
  const tooLarge = () =>
    new UnexpectedResponseError(
      `${context.method} ${context.path} answered more than ${maxBytes} bytes (maxResponseBytes); the answer was dropped. Raise maxResponseBytes if the API really sends this much.`,
      { code: 'RESPONSE_TOO_LARGE', status: response.status, method: context.method, path: context.path },
    );
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    void response.body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let seen = 0;
  // readBody cancels the body when this loop stops early (the limit, an abort).
  for await (const chunk of readBody(response.body, signal, { ...context, status: response.status })) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const replay = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
  return replayed(replay, response);
}

/** A response with `body` and `original`'s status and headers; its reason phrase too, when a Response can carry it. */
function replayed(body: ReadableStream<Uint8Array>, original: Response): Response {
  const init = { status: original.status, headers: original.headers };
  try {
    return new Response(body, { ...init, statusText: original.statusText });
  } catch {
    // A reason phrase fetch decoded to characters a Response refuses (bytes past Latin-1): it carries no meaning.
    return new Response(body, init);
  }
}
