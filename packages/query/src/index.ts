/** `@audit-export/query`: TanStack Query bindings for the audit export clients, generated from the spec. */
export { adapters } from './adapters.js';
export { createExportStore, type ExportSource, type ExportStore, type ExportStoreOptions } from './export-store.js';
export { operationFacts } from './generated/facts.gen.js';
export * from './generated/operations.gen.js';
export { type JobStatusOptions, jobStatusOptions } from './job-status.js';
export {
  type ApiId,
  type CallError,
  type ClientOf,
  type DataOf,
  type ErrorOf,
  invalidateAfter,
  invalidationsFor,
  type MutationOptionsOf,
  type MutationOverrides,
  mutationOptionsFor,
  type OperationId,
  type ParamsOf,
  type QueryKeyOf,
  type QueryOptionsOf,
  type QueryOverrides,
  queryKeyFor,
  queryOptionsFor,
} from './options.js';
export {
  createStreamStore,
  type ItemOf,
  type RunContext,
  type StreamSnapshot,
  type StreamSource,
  type StreamStatus,
  type StreamStore,
  type StreamStoreOptions,
  singles,
  streamStoreFor,
} from './stream-store.js';
