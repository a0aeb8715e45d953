// Readies a target before a request: the in-page mock's worker is started (loaded on first use), and
// dev credentials are minted with the mock's own minters.
import type { CredentialModel } from '../src/try-it/model.js';
import type { CredentialValues } from './credentials.js';
import { pageMockRoot, siteRoot, type Target } from './targets.js';

/** Loads the in-page mock module (MSW and the mock's engine) only when something needs it. */
const loadMock = () => import('./in-page-mock.js');

/** Starts the in-page mock when the target is it; other targets need nothing. */
export async function readyTarget(target: Target, clock?: string): Promise<void> {
  if (target.kind !== 'page') return;
  const { startInPageMock } = await loadMock();
  await startInPageMock(pageMockRoot(), new URL('mockServiceWorker.js', siteRoot()).href, clock);
}

/** Dev credentials for a mock target (see in-page-mock.ts), and the tenant id (and its field) they own. */
export async function mintDevCredentials(
  credentials: readonly CredentialModel[],
): Promise<{ values: CredentialValues; tenant: string; tenantField: string }> {
  const { devCredentials, DEV_TENANT, TENANT_FIELD } = await loadMock();
  return { values: devCredentials(credentials), tenant: DEV_TENANT, tenantField: TENANT_FIELD };
}
