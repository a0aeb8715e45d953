/**
 * Every `code` an error of this package carries: the key is the code, the value the class that carries it, and
 * the comment what it means (the README's error table is checked against these comments by a test). Types only:
 * nothing of it ships. A new code is added here first; the restart policy (download-policy.ts) then fails the
 * typecheck until it says how a download treats it.
 */
export interface AuditExportErrorCodes {
  /** An HTTP status no other code covers (a 3xx still there after 5 redirects, a 405, a 409, …). */
  HTTP_ERROR: 'HttpError';
  /** 400: the API refused the request as invalid (e.g. a cancel of a job that is not pending). */
  BAD_REQUEST: 'BadRequestError';
  /** 401 or 403: the credentials are expired or wrong, or lack a scope or role. */
  AUTH: 'AuthError';
  /** A credential is missing or blank in the `auth` option or in what the provider returned; nothing was sent. */
  AUTH_MISSING: 'AuthError';
  /** The token provider threw or returned no credentials (a scrubbed copy of what it threw is the `cause`). */
  AUTH_PROVIDER_FAILED: 'AuthError';
  /** 404: unknown job id or path (jobs and results expire). */
  NOT_FOUND: 'NotFoundError';
  /** 429 that outlived the retries: `retryAfterMs` says when the API takes calls again. */
  RATE_LIMITED: 'RateLimitError';
  /** 5xx that outlived the retries, or that was not retried because the call may have had an effect. */
  SERVER_ERROR: 'ServerError';
  /** No whole answer (refused, reset, a body that broke off) after the allowed retries. */
  NETWORK: 'NetworkError';
  /** A create got no whole answer after it may have reached the server: check for the job before creating another. */
  CREATE_OUTCOME_UNKNOWN: 'NetworkError';
  /** An answer the spec does not promise: not JSON, another shape, no job id, a status the spec does not define. */
  BAD_RESPONSE: 'UnexpectedResponseError';
  /** An answer that is not a streamed download went past `maxResponseBytes`. */
  RESPONSE_TOO_LARGE: 'UnexpectedResponseError';
  /** A redirect that a browser could only follow by sending `api_token` wherever it leads. */
  REDIRECT_REFUSED: 'UnexpectedResponseError';
  /** The caller passed something the API cannot take: a bad date, filter, limit or resume point. */
  INVALID_ARGUMENT: 'InvalidArgumentError';
  /** A download link's origin may not receive the token (see `downloadOrigins`); nothing was sent. */
  UNTRUSTED_DOWNLOAD_ORIGIN: 'InvalidArgumentError';
  /** The export job reached FAILED (`failureReason` says why); it can be resumed. */
  JOB_FAILED: 'ExportJobFailedError';
  /** The export job reached CANCELLED. */
  JOB_CANCELLED: 'ExportJobCancelledError';
  /** A download stopped for good before its end: `eventsDelivered` items came once, `resumePoint` continues. */
  EXPORT_INCOMPLETE: 'ExportIncompleteError';
  /** A restarted or resumed result no longer starts with the items delivered: start a new export. */
  RESULT_CHANGED: 'ExportIncompleteError';
  /** The server's result limit stopped the export: `maxJobs` used, a lone `jobId`, or `limit` items at one instant. */
  RESULT_LIMIT_REACHED: 'ResultLimitError';
  /** The caller's AbortSignal fired (its reason is the `cause`). */
  ABORTED: 'AbortError';
  /** `polling.maxWaitTimeMs` ran out before the job finished (the job keeps running). */
  TIMEOUT: 'TimeoutError';
  /** `polling.maxWaitTimeMs` ran out while the job was in a status this client does not know (`jobStatus`). */
  UNKNOWN_JOB_STATUS: 'UnknownJobStatusError';
  /** A downloaded file is empty. */
  EMPTY_BODY: 'FileVerificationError';
  /** A `.zip` link's body does not start like a ZIP (e.g. an HTML page). */
  NOT_A_ZIP: 'FileVerificationError';
  /** A CSV whose header shares no column with the spec's audit log header (e.g. a login page). */
  UNEXPECTED_CSV_HEADER: 'FileVerificationError';
  /** A ZIP that holds no CSV file. */
  ZIP_NO_CSV: 'FileVerificationError';
  /** A ZIP entry fails its CRC-32 check. */
  ZIP_CRC_MISMATCH: 'FileVerificationError';
  /** A ZIP entry's sizes differ from its local header or data descriptor. */
  ZIP_SIZE_MISMATCH: 'FileVerificationError';
  /** Damaged ZIP records or deflate data, a central directory that differs from the entries, bytes after the end. */
  ZIP_CORRUPT: 'FileVerificationError';
  /** A ZIP feature the reader refuses: encryption, ZIP64, a method other than stored or deflate. */
  ZIP_UNSUPPORTED: 'FileVerificationError';
  /** The ZIP ended before its end record: the download was cut. */
  ZIP_TRUNCATED: 'FileVerificationError';
  /** The CSV ended inside a quote or a row, or without its final line break: the download was cut. */
  CSV_TRUNCATED: 'FileVerificationError';
  /** A CSV row with another number of fields than the header. */
  CSV_FIELD_COUNT: 'FileVerificationError';
  /** A CSV that breaks RFC 4180 (text after a closing quote). */
  CSV_MALFORMED: 'FileVerificationError';
  /** A CSV that is not valid UTF-8. */
  CSV_INVALID_UTF8: 'FileVerificationError';
  /** A CSV header that names two columns alike (entries are keyed by column name). */
  CSV_DUPLICATE_COLUMN: 'FileVerificationError';
  /** A CSV header that leaves a column unnamed. */
  CSV_EMPTY_COLUMN: 'FileVerificationError';
  /** A CSV field over `maxFieldBytes`. */
  FIELD_TOO_LARGE: 'LimitExceededError';
  /** A CSV row over `maxRowBytes`. */
  ROW_TOO_LARGE: 'LimitExceededError';
  /** A CSV row (the header first) with more than `maxColumns` columns. */
  TOO_MANY_COLUMNS: 'LimitExceededError';
  /** A CSV file, plain or inflated, over `maxEntryBytes`. */
  ENTRY_TOO_LARGE: 'LimitExceededError';
  /** A ZIP entry inflating to more than `maxCompressionRatio` times its compressed bytes (a decompression bomb). */
  COMPRESSION_RATIO: 'LimitExceededError';
}

/** Every code an error of this package carries (see {@link AuditExportErrorCodes} for what each means). */
export type AuditExportErrorCode = keyof AuditExportErrorCodes;

/** The codes that errors of the named classes carry, e.g. `ErrorCodeOf<'NetworkError'>`. */
export type ErrorCodeOf<ClassName extends string> = {
  [Code in AuditExportErrorCode]: AuditExportErrorCodes[Code] extends ClassName ? Code : never;
}[AuditExportErrorCode];
