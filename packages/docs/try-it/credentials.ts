// Credentials typed or minted in the panel: kept in this tab's sessionStorage only, per API and
// target, sent only in the headers of requests to that target, never put in a URL or a log.
import type { CredentialModel } from '../src/try-it/model.js';

/** Field key → value (Basic credentials have `<scheme>.username` and `<scheme>.password`). */
export type CredentialValues = Record<string, string>;

/** One input the credentials form shows. */
export interface CredentialField {
  key: string;
  label: string;
  credential: CredentialModel;
  part?: 'username' | 'password';
  secret: boolean;
}

/** The inputs a set of credentials needs. */
export function credentialFields(credentials: readonly CredentialModel[]): CredentialField[] {
  return credentials.flatMap((credential): CredentialField[] =>
    credential.kind === 'basic'
      ? [
          {
            key: `${credential.scheme}.username`,
            label: `${credential.scheme}: user`,
            credential,
            part: 'username',
            secret: false,
          },
          {
            key: `${credential.scheme}.password`,
            label: `${credential.scheme}: password`,
            credential,
            part: 'password',
            secret: true,
          },
        ]
      : [
          {
            key: credential.scheme,
            label: `${credential.scheme} (${credential.header}: ${credential.prefix}…)`,
            credential,
            secret: true,
          },
        ],
  );
}

function storageKey(apiId: string, target: string): string {
  return `try-it:credentials:${apiId}:${target}`;
}

/** The credentials stored for an API on a target in this tab. */
export function loadCredentials(apiId: string, target: string): CredentialValues {
  try {
    const value = JSON.parse(sessionStorage.getItem(storageKey(apiId, target)) ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as CredentialValues) : {};
  } catch {
    return {};
  }
}

/** Stores them for this tab only. */
export function saveCredentials(apiId: string, target: string, values: CredentialValues): void {
  try {
    sessionStorage.setItem(storageKey(apiId, target), JSON.stringify(values));
  } catch {
    // Storage refused: the values live in the form until the page closes.
  }
}

/** Forgets them. */
export function forgetCredentials(apiId: string, target: string): void {
  try {
    sessionStorage.removeItem(storageKey(apiId, target));
  } catch {
    // Nothing stored.
  }
}

/** Base64 of UTF-8 text (btoa alone takes Latin-1 only). */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The headers that carry the credentials; empty values are left out. */
export function authHeaders(credentials: readonly CredentialModel[], values: CredentialValues): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const credential of credentials) {
    if (credential.kind === 'basic') {
      const user = values[`${credential.scheme}.username`] ?? '';
      const password = values[`${credential.scheme}.password`] ?? '';
      if (user) headers[credential.header] = `Basic ${base64(`${user}:${password}`)}`;
    } else {
      const value = values[credential.scheme]?.trim();
      if (value) headers[credential.header] = `${credential.prefix}${value}`;
    }
  }
  return headers;
}
