/** `@audit-export/client/audit-resource`: the audit resource (`GET /audit`) client. */
export {
  type AuditFilters,
  type AuditRecord,
  type AuditResourceClient,
  type AuditResourceClientOptions,
  type AuditResourceCredentials,
  type AuditResult,
  createAuditResourceClient,
  toUsDate,
} from './audit-resource/client.js';
export type { components, operations, paths } from './generated/audit-resource.gen.js';
export * from './shared.js';
