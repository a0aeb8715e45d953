/** @audit-export/mock: a stateful, seeded mock of the audit query, Zoho and audit resource APIs. */
export type { JobState } from './audit-query/jobs.js';
export { type AuditRecord, HISTORY_DAYS } from './audit-resource/routes.js';
export {
  type ConnectionFault,
  type ErrorFault,
  type FaultConfig,
  type InjectedErrorStatus,
  type LatencyFault,
  type LegacyFaultConfig,
  type MockConfig,
  MockConfigError,
} from './config.js';
export { type EventFilters, type EventQuery, generateEvents } from './data/audit-events.js';
export type { AuditEvent, CatalogEntry } from './data/catalog.js';
export { createMockEngine, type MockEngine, type MockEngineOptions, type MockState } from './engine.js';
export {
  FAULT_HEADER,
  FaultHeaderError,
  faultyFetch,
  INJECTED_ERROR_STATUSES,
  parseFaultHeader,
} from './faults.js';
export { loadConfigFile } from './node/config-file.js';
export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export {
  type DevCredentials,
  type DevTokenOptions,
  mintDevToken,
  mintZohoToken,
  ZOHO_SCOPES,
  type ZohoTokenOptions,
} from './tokens.js';
export { generateZohoEntries, type ZohoEntry } from './zoho/entries.js';
export { csvField, ENTRIES_PER_FILE, MAX_ENTRIES } from './zoho/files.js';
