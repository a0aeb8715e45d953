// Sends one request to the chosen target. Credentials ride only in this request's headers; redirects
// are not followed (a redirect could carry them to another host). A failed fetch is told apart:
// a server that answered but refused this page by CORS, or nothing answering at all.
import { TryItError } from './errors.js';
import type { PreparedRequest } from './request.js';

/** How long a request may take before the panel gives up (the mock's slowest scenarios stay well under it). */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Sends `request` with `secretHeaders` added; a TryItError when no answer can be read. */
export async function sendRequest(
  request: PreparedRequest,
  secretHeaders: Record<string, string>,
  signal?: AbortSignal,
): Promise<Response> {
  const url = new URL(request.url);
  const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(signal ? [signal] : [])];
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: { ...request.headers, ...secretHeaders },
      ...(request.body !== undefined ? { body: request.body } : {}),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.any(signals),
    });
    if (response.type === 'opaqueredirect') {
      throw new TryItError(
        'TARGET_UNREACHABLE',
        `${url.origin} answered with a redirect. Try it does not follow it, so your credentials stay with the target; call the URL it names directly.`,
        { origin: url.origin },
      );
    }
    return response;
  } catch (error) {
    if (error instanceof TryItError) throw error;
    if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') throw error;
    // Chromium says "Failed to fetch", Firefox "NetworkError…", Safari "Load failed"; anything else is a request fetch refused to build.
    if (!/failed to fetch|networkerror|load failed/i.test((error as Error).message)) {
      throw new TryItError('TARGET_INVALID', `The browser refused to send the request: ${(error as Error).message}`, {
        origin: url.origin,
      });
    }
    throw await diagnose(url);
  }
}

/**
 * fetch says only "Failed to fetch". A no-cors request (no credentials, an answer the page cannot
 * read) tells whether the server is there: it answering means its CORS headers refused this page.
 */
async function diagnose(url: URL): Promise<TryItError> {
  const page = window.location.origin;
  if (url.origin !== page) {
    try {
      await fetch(`${url.origin}/`, {
        mode: 'no-cors',
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(10_000),
      });
      return new TryItError(
        'CORS_REFUSED',
        `${url.origin} answered, but its CORS headers do not let this page (${page}) read the answer. Allow this origin on the server (Access-Control-Allow-Origin: ${page}, and Access-Control-Allow-Headers for the headers sent: authorization, api_token, content-type, accept), send the call from a terminal with "Copy as curl", or pick the mock.`,
        { origin: url.origin, page },
      );
    } catch {
      // Nothing answered at all: fall through.
    }
  }
  return new TryItError(
    'TARGET_UNREACHABLE',
    `Nothing answered at ${url.origin}. Is the server running? The local mock starts with \`npm start\` (or \`npx audit-export-mock --port 4010\`).`,
    { origin: url.origin },
  );
}
