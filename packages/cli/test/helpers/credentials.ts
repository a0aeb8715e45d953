/** Dev credentials the mock accepts, as the CLI takes them. */
import { mintDevToken, mintZohoToken } from '@audit-export/mock';

/** Environment variables with fresh audit query credentials for `tenant`. */
export function auditQueryEnv(tenant = 'acme'): Record<string, string> {
  const { accessToken, idToken } = mintDevToken({ tenant });
  return { AUDIT_QUERY_ACCESS_TOKEN: accessToken, AUDIT_QUERY_API_TOKEN: idToken };
}

/** Environment with a fresh Zoho token. */
export function zohoEnv(): Record<string, string> {
  return { ZOHO_ACCESS_TOKEN: mintZohoToken() };
}
