export { MAX_JSON_DEPTH, TRUNCATION_MARKER } from './bounded-json.js';
export {
  type AttributeSpec,
  type CatalogEntry,
  catalog,
  catalogEntryOf,
  findEvent,
  type GenericCatalogEntry,
  isKnownEvent,
  normalizeEventName,
  toLineEventName,
} from './catalog.js';
export {
  AbortError,
  type EventsErrorCode,
  type EventsErrorCodes,
  type JsonlErrorCode,
  type JsonlErrorContext,
  JsonlParseError,
  type ValidationIssue,
} from './errors.js';
export { type FormatMessageOptions, formatMessage, formatValue, MAX_VALUE_LENGTH } from './format-message.js';
export type { AuditEventSchema } from './generated/audit-event.gen.js';
export type {
  AttributesByLineName,
  EventName,
  EventNameByLineName,
  LineEventName,
} from './generated/catalog.gen.js';
export type { InvalidLinePolicy, JsonlStats } from './line-parser.js';
export {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_LINE_LENGTH,
  type JsonlEventBatches,
  type JsonlEvents,
  type ParseJsonlBatchesOptions,
  type ParseJsonlOptions,
  parseJsonl,
  parseJsonlBatches,
} from './parse-jsonl.js';
export { excerptOf, redactSecrets } from './redact.js';
export { type SerializeOptions, serializeEvent, toJsonl, toJsonlStream } from './serialize.js';
export type { JsonlSource } from './sources.js';
export type { AnyEventName, AuditEvent, AuditEventOf, KnownAuditEvent } from './types.js';
export { utf8Length } from './utf8.js';
export { isAuditEvent, type ValidationResult, validateEvent } from './validate.js';
