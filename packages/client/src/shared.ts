/** What every entry point shares: the error hierarchy and the resilience options. */
export type { CredentialsOption, TokenProvider, TokenRequest } from './core/auth.js';
export type { Clock } from './core/clock.js';
export type { AuditExportErrorCode, AuditExportErrorCodes, ErrorCodeOf } from './core/error-codes.js';
export {
  AbortError,
  AuditExportError,
  type AuditExportErrorFields,
  AuthError,
  BadRequestError,
  ExportIncompleteError,
  ExportJobCancelledError,
  ExportJobFailedError,
  FileVerificationError,
  HttpError,
  InvalidArgumentError,
  LimitExceededError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ResultLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  UnknownJobStatusError,
} from './core/errors.js';
export type { ExportRun } from './core/export-run.js';
export type { PollingOptions } from './core/poll.js';
export type { RateLimitOptions } from './core/rate-limiter.js';
export type { ResumePoint, WindowPoint } from './core/resume-point.js';
export type { RetryOptions } from './core/retry.js';
export type { RetryEvent, TransportOptions } from './core/transport.js';
