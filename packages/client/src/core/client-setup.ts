import createClient, { type Client } from 'openapi-fetch';
import { type CredentialsOption, credentialSource } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { createRedactor, type Redactor, scrubbedClient, scrubbedFetch } from './redactor.js';
import { createTransport, type Transport, type TransportOptions } from './transport.js';
import type { CallContext } from './unwrap.js';

/** What every client factory is given: where the API is, its credentials, and how requests are sent. */
export interface ClientSetupOptions<Credentials> extends TransportOptions {
  /** The API's root URL. */
  baseUrl: string;
  /** The credentials or their provider; undefined sends none (the audit resource in a browser with a session). */
  auth?: CredentialsOption<Credentials> | undefined;
}

/** What one API adds to the shared setup: how its credentials are sent, and which of its requests are special. */
export interface ApiAccess<Credentials> {
  /** The API's name in errors about its credentials, e.g. `audit query`. */
  name: string;
  /**
   * Sets the credential headers of one request; returns the secret values sent, so errors can scrub them.
   * `credentials` is undefined when the client was given none: an API that needs them throws `AUTH_MISSING`.
   */
  sign(headers: Headers, credentials: Credentials | undefined): readonly string[];
  /** True for requests that create a job: they are not retried once they may have reached the server. */
  isCreate(request: Request): boolean;
  /** True for the streamed downloads, which count and limit their bytes themselves. */
  isDownload(request: Request): boolean;
  /** Headers openapi-fetch sends with every call. */
  headers?: Record<string, string>;
}

/** The parts every client is built from, wired in the one order that keeps credentials out of errors. */
export interface ClientSetup<Paths extends {}> {
  clock: Clock;
  transport: Transport;
  /** The typed openapi-fetch client over the transport; what it throws is scrubbed. */
  raw: Client<Paths>;
  /** The credential values sent recently (for the error context of calls made outside `raw`). */
  secrets: () => readonly string[];
  /** Text with every held credential redacted. */
  scrub: (text: string) => string;
  /** The context of one call, for the typed error of its failure (scrubbed of the credentials sent). */
  context(method: string, path: string, jobId?: string, signal?: AbortSignal): CallContext;
  /** Wraps the finished client so that nothing its methods throw, reject or raise while iterating is unscrubbed. */
  seal<T extends object>(client: T): T;
}

/**
 * The setup the three clients share: credential source → transport (rate limit, retries, auth, body reads)
 * → redactor over the credentials it sent → openapi-fetch client → scrubbed client.
 */
export function setUpClient<Paths extends {}, Credentials extends object>(
  options: ClientSetupOptions<Credentials>,
  access: ApiAccess<Credentials>,
): ClientSetup<Paths> {
  const clock = options.clock ?? systemClock;
  const credentials = options.auth === undefined ? undefined : credentialSource(options.auth, access.name);
  const transport = createTransport({
    ...options,
    clock,
    canRefreshAuth: credentials?.canRefresh ?? false,
    async authenticate(headers, request) {
      return access.sign(headers, credentials ? await credentials.get(request) : undefined);
    },
    isCreate: access.isCreate,
    isDownload: access.isDownload,
  });
  const redactor: Redactor = createRedactor(transport.secrets);
  const raw = createClient<Paths>({
    baseUrl: options.baseUrl,
    fetch: scrubbedFetch(transport.fetch, redactor),
    ...(access.headers ? { headers: access.headers } : {}),
  });
  return {
    clock,
    transport,
    raw,
    secrets: transport.secrets,
    scrub: (text) => redactor.text(text),
    context: (method, path, jobId, signal) => ({ method, path, jobId, signal, secrets: transport.secrets }),
    seal: (client) => scrubbedClient(client, redactor),
  };
}
