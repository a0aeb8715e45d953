import { UnexpectedResponseError } from './errors.js';

/** The statuses fetch follows a `Location` for. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Hops followed before the last redirect is handed back as it is (none of the three APIs documents one). */
const MAX_REDIRECTS = 5;

/**
 * Sends `request`, which carries the credential headers named in `credentials`, and follows redirects
 * itself. fetch drops `Authorization` when a redirect leaves the origin but forwards every other header,
 * the audit query's `api_token` among them. Here a redirect within the origin keeps the credentials;
 * one to another origin (another host, port or scheme) is followed without any of them, for the rest of
 * the chain. A browser hides a manual redirect's target (`opaqueredirect`): it is left to follow the
 * redirect itself when `Authorization` is the only credential, and refused otherwise.
 *
 * Every Request sent follows `signal` itself and stays referenced until its fetch settles. Node's fetch links a
 * Request's signal to the one it was made from only weakly: once an intermediate Request (a clone) is collected,
 * an abort never reaches the connection, which then holds the process open until undici's 300 s timeout.
 */
export async function fetchWithScopedCredentials(
  fetchImpl: (request: Request) => Promise<Response>,
  request: Request,
  credentials: readonly string[],
  signal: AbortSignal,
): Promise<Response> {
  // Read once, so a 307/308 can send it again (request bodies here are small JSON documents).
  let body = request.body ? await request.arrayBuffer() : undefined;
  let current = new Request(request, { redirect: 'manual', signal, ...(body ? { body } : {}) });
  for (let hops = 0; ; hops++) {
    const response = await fetchImpl(current);
    if (response.type === 'opaqueredirect') return followInBrowser(fetchImpl, current, body, credentials, signal);
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null || hops === MAX_REDIRECTS) return response;
    await response.body?.cancel().catch(() => undefined);
    const target = new URL(location, current.url);
    const headers = new Headers(current.headers);
    if (target.origin !== new URL(current.url).origin) for (const name of credentials) headers.delete(name);
    // As fetch does: a 303, or a 301/302 after a POST, goes on as a GET without a body.
    const asGet =
      (response.status === 303 && current.method !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) && current.method === 'POST');
    if (asGet) {
      headers.delete('content-type');
      body = undefined;
    }
    current = new Request(target, {
      method: asGet ? 'GET' : current.method,
      headers,
      redirect: 'manual',
      signal,
      ...(body ? { body } : {}),
    });
  }
}

/** The browser's path: let it follow when fetch's own rule (drop `Authorization` across origins) covers every credential. */
function followInBrowser(
  fetchImpl: (request: Request) => Promise<Response>,
  request: Request,
  body: ArrayBuffer | undefined,
  credentials: readonly string[],
  signal: AbortSignal,
): Promise<Response> {
  const url = new URL(request.url);
  const others = credentials.filter((name) => name !== 'authorization');
  if (others.length > 0) {
    throw new UnexpectedResponseError(
      `${request.method} ${url.pathname} was answered with a redirect, which a browser does not let the client read; it is not followed, since fetch would send ${others.join(', ')} to wherever it leads. Point baseUrl at the address the API redirects to.`,
      { code: 'REDIRECT_REFUSED', method: request.method, path: url.pathname },
    );
  }
  const following = new Request(request, { redirect: 'follow', signal, ...(body ? { body } : {}) });
  return fetchImpl(following).finally(() => following);
}
