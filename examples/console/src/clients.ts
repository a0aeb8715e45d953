// The three API clients, built from the settings. Credentials are providers read per request, so a token
// pasted into the settings after a 401 is used by the next call without rebuilding anything.
import { type AuditQueryClient, createAuditQueryClient } from '@audit-export/client/audit-query';
import { type AuditResourceClient, createAuditResourceClient } from '@audit-export/client/audit-resource';
import { createZohoClient, type ZohoClient } from '@audit-export/client/zoho';
import { useMemo } from 'react';
import { describeRetry, logActivity } from './activity.js';
import { getSettings, useSettings } from './settings.js';

/** The console's clients, one per API. */
export interface Clients {
  auditQuery: AuditQueryClient;
  zoho: ZohoClient;
  auditResource: AuditResourceClient;
}

/** Builds the clients for one base URL; every retry they make lands in the activity log. */
export function createClients(baseUrl: string, maxRetries = 3): Clients {
  const root = baseUrl.replace(/\/+$/, '');
  const onRetry = (event: Parameters<typeof describeRetry>[0]) => logActivity(describeRetry(event));
  const retry = { maxRetries };
  return {
    auditQuery: createAuditQueryClient({
      baseUrl: `${root}/audit-query-service`,
      auth: () => ({ accessToken: getSettings().accessToken, apiToken: getSettings().apiToken }),
      onRetry,
      retry,
    }),
    zoho: createZohoClient({ baseUrl: root, auth: () => ({ accessToken: getSettings().zohoToken }), onRetry, retry }),
    auditResource: createAuditResourceClient({
      baseUrl: root,
      auth: () => ({ username: getSettings().basicUser, password: getSettings().basicPassword }),
      onRetry,
      retry,
    }),
  };
}

/** The clients for the current base URL and retry count (rebuilt only when they change). */
export function useClients(): Clients {
  const { baseUrl, maxRetries } = useSettings();
  return useMemo(() => createClients(baseUrl, maxRetries), [baseUrl, maxRetries]);
}
