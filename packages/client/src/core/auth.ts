import { AuthError, InvalidArgumentError } from './errors.js';
import { providerCause } from './redactor.js';

/** What a token provider is told: refresh when the last credentials were rejected with 401. */
export interface TokenRequest {
  /** True after the API answered 401 with the previous credentials: fetch new ones, do not serve a cache. */
  forceRefresh: boolean;
  /** Aborts with the call that asked. */
  signal?: AbortSignal | undefined;
}

/** A function returning current credentials (may cache, must refresh when `forceRefresh` is true). */
export type TokenProvider<T> = (request: TokenRequest) => T | Promise<T>;

/** Credentials given once, or a provider that can refresh them. */
export type CredentialsOption<T> = T | TokenProvider<T>;

/** Reads credentials from an option that is either a value or a provider; `canRefresh` tells which. */
export interface CredentialSource<T> {
  get(request: TokenRequest): Promise<T>;
  readonly canRefresh: boolean;
}

/** Wraps a credentials option; a provider that throws or returns nothing becomes an AuthError. */
export function credentialSource<T extends object>(
  option: CredentialsOption<T>,
  describe: string,
): CredentialSource<T> {
  if (typeof option !== 'function') {
    return { canRefresh: false, get: async () => option };
  }
  const provider = option as TokenProvider<T>;
  return {
    canRefresh: true,
    async get(request) {
      let value: T;
      try {
        value = await provider(request);
      } catch (cause) {
        throw new AuthError(`The ${describe} token provider failed; check how your application obtains its tokens.`, {
          code: 'AUTH_PROVIDER_FAILED',
          status: 0,
          // What the provider threw may quote a token (a refresh answer): keep a scrubbed copy, never the original.
          cause: providerCause(cause),
        });
      }
      if (value === null || typeof value !== 'object') {
        throw new AuthError(`The ${describe} token provider returned no credentials.`, {
          code: 'AUTH_PROVIDER_FAILED',
          status: 0,
        });
      }
      return value;
    },
  };
}

/** Throws a clear AuthError when a credential string is missing or blank (never echoing its value). */
export function requireToken(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AuthError(`Missing ${name}: pass it in the client's auth option or return it from the token provider.`, {
      code: 'AUTH_MISSING',
      status: 0,
    });
  }
  return value;
}

/**
 * The `Authorization: Basic` value for a user and password (RFC 7617): UTF-8 bytes, then base64, so any
 * Unicode password works (btoa alone throws on characters beyond Latin-1).
 */
export function basicCredentials(username: string, password: string): string {
  if (username.includes(':')) {
    throw new InvalidArgumentError('The Basic auth username must not contain ":" (RFC 7617); check the username.', {
      code: 'INVALID_ARGUMENT',
    });
  }
  let binary = '';
  for (const byte of new TextEncoder().encode(`${username}:${password}`)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
