// The mock inside the page: MSW's service worker with `@audit-export/mock/msw`'s handlers (the same
// engine as `npm start`'s mock), answering at the page's origin under the APIs' own paths. Loaded on first use only.
import { createHandlers, mintDevToken, mintZohoToken } from '@audit-export/mock/msw';
import { setupWorker } from 'msw/browser';
import type { CredentialModel } from '../src/try-it/model.js';
import type { CredentialValues } from './credentials.js';
import { TryItError } from './errors.js';

let started: Promise<void> | undefined;

/** Starts the worker once per page; `clock` sets the mock's "now" (ISO). */
export function startInPageMock(root: string, workerUrl: string, clock?: string): Promise<void> {
  started ??= start(root, workerUrl, clock).catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

async function start(root: string, workerUrl: string, clock?: string): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    throw new TryItError(
      'MOCK_UNAVAILABLE',
      'The mock in this page needs a service worker, which browsers allow only on http://127.0.0.1, http://localhost or https. Serve the site (e.g. `npm start`, or any static server) and open it there, or pick the local mock.',
    );
  }
  const mock = createHandlers({ seed: 1, baseUrl: root, ...(clock ? { config: { now: clock } } : {}) });
  await setupWorker(...mock.handlers).start({
    serviceWorker: { url: new URL(workerUrl).pathname },
    onUnhandledFrame: 'bypass',
    quiet: true,
  });
}

/**
 * The tenant dev credentials are minted for: a company that is its own only tenant (the mock's rule
 * for companies its tenancy does not list), as in the mock's quick start (`token --tenant acme`).
 * The spec's example tenant (`123302`) belongs to the seed's company, which a dev token cannot name.
 */
export const DEV_TENANT = 'acme';

/** The parameter and workflow input that names the tenant a token's company must own (decision D17). */
export const TENANT_FIELD = 'tenantId';

/**
 * Dev credentials the mock accepts, for the fields an operation asks for: an audit query access and
 * id token pair for {@link DEV_TENANT}, a Zoho token with every scope, or a Basic user (the mock
 * checks no password).
 */
export function devCredentials(credentials: readonly CredentialModel[]): CredentialValues {
  const audit = mintDevToken({ tenant: DEV_TENANT });
  const values: CredentialValues = {};
  for (const credential of credentials) {
    if (credential.kind === 'basic') {
      values[`${credential.scheme}.username`] = 'dev';
      values[`${credential.scheme}.password`] = 'dev-password';
    } else if (credential.kind === 'bearer') values[credential.scheme] = audit.accessToken;
    else if (credential.header.toLowerCase() === 'api_token') values[credential.scheme] = audit.idToken;
    else values[credential.scheme] = mintZohoToken();
  }
  return values;
}
