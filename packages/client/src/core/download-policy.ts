import { type EventsErrorCode, JsonlParseError } from '@audit-export/events';
import type { AuditExportErrorCode } from './error-codes.js';
import { AuditExportError } from './errors.js';

/**
 * How a failed download attempt is treated:
 * - `transient`: the connection broke or the body was cut (5xx, 429, reset, a truncated line, CSV or ZIP) —
 *   restart, up to `downloadRetries` times;
 * - `corrupt`: the bytes arrived but are wrong (CRC or size mismatch, damaged deflate data, a body that is not
 *   the format the link names, such as a login page) — restart once, since a broken proxy or a passing glitch
 *   may not repeat itself; a file that is wrong twice is wrong at its source;
 * - `fatal`: anything else, including a limit (field, row, entry, compression ratio) and `ZIP_UNSUPPORTED`:
 *   the same bytes would fail the same way, so no restart.
 */
export type DownloadFailure = 'transient' | 'corrupt' | 'fatal';

/** Fresh downloads allowed after a `corrupt` failure (within `downloadRetries`). */
export const CORRUPT_RESTARTS = 1;

/**
 * The verdict for every code a download can fail with: this package's and the JSONL parser's. Keyed by the code
 * types, so a new or renamed code fails the typecheck here until someone decides how a download treats it.
 */
const verdicts: Record<AuditExportErrorCode | EventsErrorCode, DownloadFailure> = {
  // A body cut short: the next download may be whole.
  NETWORK: 'transient',
  TRUNCATED: 'transient',
  CSV_TRUNCATED: 'transient',
  ZIP_TRUNCATED: 'transient',
  // The server said "not now" or failed: the statuses the transport retries, once its retries ran out.
  RATE_LIMITED: 'transient',
  SERVER_ERROR: 'transient',
  // The bytes arrived but are wrong.
  EMPTY_BODY: 'corrupt',
  NOT_A_ZIP: 'corrupt',
  UNEXPECTED_CSV_HEADER: 'corrupt',
  ZIP_NO_CSV: 'corrupt',
  ZIP_CRC_MISMATCH: 'corrupt',
  ZIP_SIZE_MISMATCH: 'corrupt',
  ZIP_CORRUPT: 'corrupt',
  CSV_FIELD_COUNT: 'corrupt',
  CSV_DUPLICATE_COLUMN: 'corrupt',
  CSV_EMPTY_COLUMN: 'corrupt',
  CSV_MALFORMED: 'corrupt',
  CSV_INVALID_UTF8: 'corrupt',
  // The same bytes, or the same request, would fail the same way.
  ZIP_UNSUPPORTED: 'fatal',
  FIELD_TOO_LARGE: 'fatal',
  ROW_TOO_LARGE: 'fatal',
  TOO_MANY_COLUMNS: 'fatal',
  ENTRY_TOO_LARGE: 'fatal',
  COMPRESSION_RATIO: 'fatal',
  MALFORMED_JSON: 'fatal',
  INVALID_UTF8: 'fatal',
  INVALID_EVENT: 'fatal',
  LINE_TOO_LONG: 'fatal',
  HTTP_STATUS: 'fatal',
  HTTP_ERROR: 'fatal',
  BAD_REQUEST: 'fatal',
  AUTH: 'fatal',
  AUTH_MISSING: 'fatal',
  AUTH_PROVIDER_FAILED: 'fatal',
  NOT_FOUND: 'fatal',
  CREATE_OUTCOME_UNKNOWN: 'fatal',
  BAD_RESPONSE: 'fatal',
  RESPONSE_TOO_LARGE: 'fatal',
  REDIRECT_REFUSED: 'fatal',
  INVALID_ARGUMENT: 'fatal',
  UNTRUSTED_DOWNLOAD_ORIGIN: 'fatal',
  JOB_FAILED: 'fatal',
  JOB_CANCELLED: 'fatal',
  EXPORT_INCOMPLETE: 'fatal',
  RESULT_CHANGED: 'fatal',
  RESULT_LIMIT_REACHED: 'fatal',
  // The caller stopped the download.
  ABORTED: 'fatal',
  TIMEOUT: 'fatal',
  UNKNOWN_JOB_STATUS: 'fatal',
};

/**
 * Classifies a failed download attempt (see {@link DownloadFailure}) by its code. An error of neither package
 * has no code to trust and is fatal: every body read failure reaches here as a `NetworkError` (`readBody`), and
 * the ZIP reader wraps what its inflater throws as `ZIP_CORRUPT`, so anything else is a bug to surface.
 */
export function classifyDownloadFailure(error: unknown): DownloadFailure {
  if (error instanceof AuditExportError || error instanceof JsonlParseError) return verdicts[error.code];
  return 'fatal';
}
