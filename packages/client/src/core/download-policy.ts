import {
  AbortError,
  AuditExportError,
  FileVerificationError,
  HttpError,
  LimitExceededError,
  TimeoutError,
} from './errors.js';

/**
 * How a failed download attempt is treated:
 * - `transient`: the connection broke or the body was cut (5xx, 429, reset, a truncated line, CSV or ZIP) —
 *   restart, up to `downloadRetries` times;
 * - `corrupt`: a FileVerificationError other than a cut — the bytes arrived but are wrong (CRC or size
 *   mismatch, damaged deflate data, a body that is not the format the link names, such as a login page) —
 *   restart once, since a broken proxy or a passing glitch may not repeat itself; a file that is wrong twice
 *   is wrong at its source;
 * - `fatal`: anything else, including a LimitExceededError (field, row, entry, compression ratio) and
 *   `ZIP_UNSUPPORTED`: the same bytes would fail the same way, so no restart.
 */
export type DownloadFailure = 'transient' | 'corrupt' | 'fatal';

/** Fresh downloads allowed after a `corrupt` failure (within `downloadRetries`). */
export const CORRUPT_RESTARTS = 1;

/** Codes of a body that ended too early: JSONL `TRUNCATED`, `CSV_TRUNCATED`, `ZIP_TRUNCATED`. */
const CUT = /(?:^|_)TRUNCATED$/;

/** Classifies a failed download attempt (see {@link DownloadFailure}). */
export function classifyDownloadFailure(error: unknown): DownloadFailure {
  if (error instanceof AbortError || error instanceof TimeoutError) return 'fatal';
  if (error instanceof HttpError) return error.status >= 500 || error.status === 429 ? 'transient' : 'fatal';
  if (error instanceof LimitExceededError) return 'fatal';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (code === 'NETWORK' || CUT.test(code)) return 'transient';
    if (error instanceof FileVerificationError) return code === 'ZIP_UNSUPPORTED' ? 'fatal' : 'corrupt';
    if (error instanceof AuditExportError) return 'fatal';
  }
  // Body read failures surface as TypeError ("terminated", "network error") in fetch implementations.
  if (error instanceof TypeError) return 'transient';
  // fflate's own errors: a cut stream ends in "unexpected EOF"; damaged deflate data is "invalid ...".
  if (error instanceof Error && /unexpected EOF/i.test(error.message)) return 'transient';
  if (error instanceof Error && /invalid (?:zip|block|length|distance)/i.test(error.message)) return 'corrupt';
  return 'fatal';
}
