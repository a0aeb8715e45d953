import { UnexpectedResponseError } from './errors.js';

/** Default of `maxResponseBytes`: far above any status, list or error body, far below a heap's size. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Statuses whose response has no body by definition (a Response with one cannot be built). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `response` with a body that fails past `maxBytes`, so a JSON, XML or error answer that never ends
 * (a broken or hostile server) costs at most that much memory. A declared `Content-Length` over it
 * fails at once. The streamed downloads count their bytes with their own limits instead.
 */
export function limitResponseBody(
  response: Response,
  maxBytes: number,
  context: { method: string; path: string },
): Response {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
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
  let seen = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
