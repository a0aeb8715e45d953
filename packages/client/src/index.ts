/** `@audit-export/client`: every client in one import (subpath imports keep bundles smaller). */
export {
  type AuditQueryClient,
  type AuditQueryClientOptions,
  type AuditQueryCredentials,
  createAuditQueryClient,
  type ExportEventBatchesOptions,
  type ExportEventsOptions,
  type ExportFilters,
  type ExportProgress,
} from './audit-query.js';
export {
  type AuditFilters,
  type AuditResourceClient,
  type AuditResourceClientOptions,
  createAuditResourceClient,
} from './audit-resource.js';
export { pollDelay } from './core/poll.js';
export { RateLimiter } from './core/rate-limiter.js';
export { parseRetryAfter } from './core/retry.js';
export * from './shared.js';
export {
  createZohoClient,
  criteria,
  type ZohoAuditEntry,
  type ZohoClient,
  type ZohoClientOptions,
  type ZohoExportProgress,
} from './zoho.js';
