import type { AuditExportErrorCode, AuditExportErrorCodes, ErrorCodeOf } from './error-codes.js';

/**
 * Where an export stopped: pass it back as `resumeFrom` (with the same filters or criteria, or the same `jobId`)
 * to continue right after the last item delivered, with no duplicate. Plain data: it survives `JSON.stringify`,
 * so a process can save it and another one continue. Sealed: its `fingerprint` binds every field, so a point that
 * was altered, inflated, rewound or zeroed is refused (`InvalidArgumentError`) instead of skipping or repeating items.
 */
export interface ResumePoint {
  /** The export job the items come from (for a window export: the current part's job). */
  jobId: string;
  /** Items (events or entries) delivered to the caller in total, all parts and files together. */
  eventsDelivered: number;
  /**
   * `count:lane:lane:seal`: an order-sensitive fingerprint of the items read from file `fileIndex` (the
   * continuation proves the file still starts with exactly them, or fails with `RESULT_CHANGED`), and a seal
   * over every field of the point.
   */
  fingerprint: string;
  /** The file the stop happened in: always 0 for the audit query API, the index in `download_links` for Zoho. */
  fileIndex: number;
  /** Where a window export (one created from filters or criteria) stands; absent for a single job's download. */
  window?: WindowPoint | undefined;
}

/**
 * A window export's place: which part (job) it reads, from which instant, and the ids at the boundary between
 * parts that must not be delivered twice. Read and written by the client only; documented for the curious.
 */
export interface WindowPoint {
  /** 0-based number of the part being read. */
  part: number;
  /** The whole window's query (audit query) or criteria and range (Zoho), as first sent. */
  query: unknown;
  /** Where the current part starts; absent for the first part (the window's own start). */
  cursor?: string | undefined;
  /** Where the current part ends when it stops short of the window's end (Zoho's 180-day ranges). */
  until?: string | undefined;
  /** Ids of items at `cursor` that earlier parts delivered. */
  carried: string[];
  /** The latest time read in the current part, and the ids read at it. */
  latest?: string | undefined;
  latestIds: string[];
  /** Items read from the current part's files before `fileIndex`. */
  received: number;
  /** True when the current part's job is not created yet (the point was taken between parts). */
  pending?: boolean | undefined;
}

/** Fields every error of this package carries; none of them ever holds a credential. */
export interface AuditExportErrorFields {
  /** Stable machine-readable code (see {@link AuditExportErrorCodes} for the list and what each means). */
  code: AuditExportErrorCode;
  /** HTTP status of the response that caused the error, when there was one. */
  status?: number | undefined;
  /** Request path (no query string, no host) of the failing call. */
  path?: string | undefined;
  /** HTTP method of the failing call. */
  method?: string | undefined;
  /** The API's own error code: Zoho's `code`, or the Spring body's `error`. */
  apiCode?: string | undefined;
  /** The API's own error message (Spring `message`, Zoho `message`), with credentials redacted. */
  apiMessage?: string | undefined;
  /** Export job concerned, when the call was about one. */
  jobId?: string | undefined;
  /** The lower-level error, kept for debugging; never serialised by `toJSON()`. */
  cause?: unknown;
}

/** The fields of an error whose class carries only the codes `Code`. */
type FieldsOf<Code extends AuditExportErrorCode> = Omit<AuditExportErrorFields, 'code'> & { code: Code };

/** Base class of every error thrown by the client: one hierarchy, one `code` field to switch on. */
export class AuditExportError extends Error {
  override name = 'AuditExportError';
  readonly code: AuditExportErrorCode;
  readonly status: number | undefined;
  readonly path: string | undefined;
  readonly method: string | undefined;
  readonly apiCode: string | undefined;
  readonly apiMessage: string | undefined;
  readonly jobId: string | undefined;

  constructor(message: string, fields: AuditExportErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = fields.code;
    this.status = fields.status;
    this.path = fields.path;
    this.method = fields.method;
    this.apiCode = fields.apiCode;
    this.apiMessage = fields.apiMessage;
    this.jobId = fields.jobId;
  }

  /** Plain data for logs: the context fields only (no cause, no headers, so no credentials). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of ['status', 'method', 'path', 'apiCode', 'apiMessage', 'jobId'] as const) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    return json;
  }
}

/** The codes of an HttpError and its subclasses. */
type HttpErrorCode = ErrorCodeOf<
  'HttpError' | 'BadRequestError' | 'AuthError' | 'NotFoundError' | 'RateLimitError' | 'ServerError'
>;

/** An HTTP response with a status the workflow does not accept (base of the status-specific classes). */
export class HttpError extends AuditExportError {
  override name = 'HttpError';
  declare readonly code: HttpErrorCode;
  declare readonly status: number;
  constructor(message: string, fields: FieldsOf<HttpErrorCode>) {
    super(message, fields);
  }
}

/** 400: the API rejected the request as invalid (e.g. cancel of a job that is not pending). */
export class BadRequestError extends HttpError {
  override name = 'BadRequestError';
  declare readonly code: 'BAD_REQUEST';
  constructor(message: string, fields: FieldsOf<'BAD_REQUEST'>) {
    super(message, fields);
  }
}

/** 401 or 403, or a token provider that failed: the credentials are missing, expired or lack a scope. */
export class AuthError extends HttpError {
  override name = 'AuthError';
  declare readonly code: ErrorCodeOf<'AuthError'>;
  constructor(message: string, fields: FieldsOf<ErrorCodeOf<'AuthError'>>) {
    super(message, fields);
  }
}

/** 404: unknown job id or path. */
export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  declare readonly code: 'NOT_FOUND';
  constructor(message: string, fields: FieldsOf<'NOT_FOUND'>) {
    super(message, fields);
  }
}

/** 429 that outlived the retries: `retryAfterMs` says when the API will accept calls again. */
export class RateLimitError extends HttpError {
  override name = 'RateLimitError';
  declare readonly code: 'RATE_LIMITED';
  /** Milliseconds the API asked us to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, fields: FieldsOf<'RATE_LIMITED'> & { retryAfterMs?: number | undefined }) {
    super(message, fields);
    this.retryAfterMs = fields.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return this.retryAfterMs === undefined ? super.toJSON() : { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

/** 5xx that outlived the retries, or that was not retried because the call may have had an effect. */
export class ServerError extends HttpError {
  override name = 'ServerError';
  declare readonly code: 'SERVER_ERROR';
  constructor(message: string, fields: FieldsOf<'SERVER_ERROR'>) {
    super(message, fields);
  }
}

/** The request never got a whole HTTP response (DNS, refused, reset, a body that broke off) after the allowed retries. */
export class NetworkError extends AuditExportError {
  override name = 'NetworkError';
  declare readonly code: ErrorCodeOf<'NetworkError'>;
  constructor(message: string, fields: FieldsOf<ErrorCodeOf<'NetworkError'>>) {
    super(message, fields);
  }
}

/** The API answered something the spec does not promise: a 2xx body of another shape, or a redirect the client will not follow. */
export class UnexpectedResponseError extends AuditExportError {
  override name = 'UnexpectedResponseError';
  declare readonly code: ErrorCodeOf<'UnexpectedResponseError'>;
  constructor(message: string, fields: FieldsOf<ErrorCodeOf<'UnexpectedResponseError'>>) {
    super(message, fields);
  }
}

/** The caller passed something the API cannot take (bad date, comma inside an attribute filter...). */
export class InvalidArgumentError extends AuditExportError {
  override name = 'InvalidArgumentError';
  declare readonly code: ErrorCodeOf<'InvalidArgumentError'>;
  constructor(message: string, fields: Partial<FieldsOf<ErrorCodeOf<'InvalidArgumentError'>>> = {}) {
    super(message, { code: 'INVALID_ARGUMENT', ...fields });
  }
}

/** The export job reached FAILED; `failureReason` is the API's explanation, `jobId` can be resumed. */
export class ExportJobFailedError extends AuditExportError {
  override name = 'ExportJobFailedError';
  declare readonly code: 'JOB_FAILED';
  /** The API's `failureReason` for the job, when it gave one. */
  readonly failureReason: string | undefined;
  constructor(message: string, fields: Omit<AuditExportErrorFields, 'code'> & { failureReason?: string | undefined }) {
    super(message, { code: 'JOB_FAILED', ...fields });
    this.failureReason = fields.failureReason;
  }
  override toJSON(): Record<string, unknown> {
    return this.failureReason === undefined ? super.toJSON() : { ...super.toJSON(), failureReason: this.failureReason };
  }
}

/** The export job reached CANCELLED (by someone else, or by us on abort). */
export class ExportJobCancelledError extends AuditExportError {
  override name = 'ExportJobCancelledError';
  declare readonly code: 'JOB_CANCELLED';
  constructor(message: string, fields: Omit<AuditExportErrorFields, 'code'>) {
    super(message, { code: 'JOB_CANCELLED', ...fields });
  }
}

/** A download stopped before its end: `eventsDelivered` events were yielded, the rest were not. */
export class ExportIncompleteError extends AuditExportError {
  override name = 'ExportIncompleteError';
  declare readonly code: ErrorCodeOf<'ExportIncompleteError' | 'ResultLimitError'>;
  /** Events (or entries) already handed to the caller before the download broke for good. */
  readonly eventsDelivered: number;
  /** Bytes of the result body received in the last attempt. */
  readonly bytesReceived: number;
  /**
   * Where to continue: pass it as `resumeFrom` with the same `jobId` to get the remaining items exactly once.
   * Undefined when the download cannot be continued (`RESULT_CHANGED`: the result differs from what was delivered).
   */
  readonly resumePoint: ResumePoint | undefined;
  /** The resume point's fingerprint of the items delivered from its file (undefined without a resume point). */
  readonly fingerprint: string | undefined;
  constructor(
    message: string,
    fields: Omit<AuditExportErrorFields, 'code'> & {
      code?: ErrorCodeOf<'ExportIncompleteError' | 'ResultLimitError'>;
      eventsDelivered: number;
      bytesReceived: number;
      resumePoint?: ResumePoint | undefined;
    },
  ) {
    super(message, { code: 'EXPORT_INCOMPLETE', ...fields });
    this.eventsDelivered = fields.eventsDelivered;
    this.bytesReceived = fields.bytesReceived;
    this.resumePoint = fields.resumePoint;
    this.fingerprint = fields.resumePoint?.fingerprint;
  }
  override toJSON(): Record<string, unknown> {
    const json = { ...super.toJSON(), eventsDelivered: this.eventsDelivered, bytesReceived: this.bytesReceived };
    return this.resumePoint === undefined ? json : { ...json, resumePoint: { ...this.resumePoint } };
  }
}

/**
 * A job's result reached the server's result limit (`limit`) and the export could not read past it: `maxJobs`
 * jobs were used (`resumePoint` continues with more), a single existing job was exported without the query
 * that would continue it, or `limit` or more items share one instant (`instant`), which no window can split.
 * `eventsDelivered` items were delivered, every one of them once; the window after `reached` was not.
 */
export class ResultLimitError extends ExportIncompleteError {
  override name = 'ResultLimitError';
  declare readonly code: 'RESULT_LIMIT_REACHED';
  /** The server's result limit of the job that reached it. */
  readonly limit: number;
  /** The instant holding `limit` or more items, when that is what stopped the export. */
  readonly instant: string | undefined;
  /** The latest time delivered: the window is complete up to here (exclusive when `instant` is set). */
  readonly reached: string | undefined;
  constructor(
    message: string,
    fields: Omit<AuditExportErrorFields, 'code'> & {
      eventsDelivered: number;
      limit: number;
      instant?: string | undefined;
      reached?: string | undefined;
      resumePoint?: ResumePoint | undefined;
    },
  ) {
    super(message, { ...fields, code: 'RESULT_LIMIT_REACHED', bytesReceived: 0 });
    this.limit = fields.limit;
    this.instant = fields.instant;
    this.reached = fields.reached;
  }
  override toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { ...super.toJSON(), limit: this.limit };
    if (this.instant !== undefined) json.instant = this.instant;
    if (this.reached !== undefined) json.reached = this.reached;
    return json;
  }
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class AbortError extends AuditExportError {
  override name = 'AbortError';
  declare readonly code: 'ABORTED';
  constructor(message: string, fields: Omit<AuditExportErrorFields, 'code'> = {}) {
    super(message, { code: 'ABORTED', ...fields });
  }
}

/** A wait (polling `maxWaitTime`, or an AbortSignal.timeout) ran out before the job finished. */
export class TimeoutError extends AuditExportError {
  override name = 'TimeoutError';
  declare readonly code: ErrorCodeOf<'TimeoutError' | 'UnknownJobStatusError'>;
  constructor(
    message: string,
    fields: Omit<AuditExportErrorFields, 'code'> & {
      code?: ErrorCodeOf<'TimeoutError' | 'UnknownJobStatusError'>;
    } = {},
  ) {
    super(message, { code: 'TIMEOUT', ...fields });
  }
}

/**
 * The wait ran out while the job was in a status this client does not know (a newer server's, e.g. a
 * new queueing state): the client kept polling, as for any active state, until `maxWaitTimeMs`.
 * `jobStatus` is that status; upgrading the client, or raising `polling.maxWaitTimeMs`, are the ways on.
 */
export class UnknownJobStatusError extends TimeoutError {
  override name = 'UnknownJobStatusError';
  declare readonly code: 'UNKNOWN_JOB_STATUS';
  /** The status the job reported last, unknown to this version of the client. */
  readonly jobStatus: string;
  constructor(message: string, fields: Omit<AuditExportErrorFields, 'code'> & { jobStatus: string }) {
    super(message, { ...fields, code: 'UNKNOWN_JOB_STATUS' });
    this.jobStatus = fields.jobStatus;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), jobStatus: this.jobStatus };
  }
}

/**
 * A downloaded file failed verification: not the format its link says (`EMPTY_BODY`, `NOT_A_ZIP`,
 * `UNEXPECTED_CSV_HEADER`, `ZIP_NO_CSV`), damaged (`ZIP_CRC_MISMATCH`, `ZIP_SIZE_MISMATCH`, `ZIP_CORRUPT`,
 * `CSV_FIELD_COUNT`, `CSV_MALFORMED`, `CSV_INVALID_UTF8`, `CSV_DUPLICATE_COLUMN`, `CSV_EMPTY_COLUMN`), cut (`ZIP_TRUNCATED`, `CSV_TRUNCATED`) or not
 * readable (`ZIP_UNSUPPORTED`). Rows of the entry named in `entry` that were already yielded are not verified.
 */
export class FileVerificationError extends AuditExportError {
  override name = 'FileVerificationError';
  declare readonly code: ErrorCodeOf<'FileVerificationError' | 'LimitExceededError'>;
  /** The file (link's last path segment) concerned. */
  readonly file: string | undefined;
  /** The member of a ZIP concerned, when there is one. */
  readonly entry: string | undefined;
  /** Byte offset in the downloaded body (ZIP) or 1-based row (CSV) where the problem was found. */
  readonly offset: number | undefined;
  constructor(
    message: string,
    fields: FieldsOf<ErrorCodeOf<'FileVerificationError' | 'LimitExceededError'>> & {
      file?: string | undefined;
      entry?: string | undefined;
      offset?: number;
    },
  ) {
    super(message, fields);
    this.file = fields.file;
    this.entry = fields.entry;
    this.offset = fields.offset;
  }
  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
    for (const key of ['file', 'entry', 'offset'] as const) if (this[key] !== undefined) json[key] = this[key];
    return json;
  }
}

/**
 * A download went past a memory or size limit (`FIELD_TOO_LARGE`, `ROW_TOO_LARGE`, `TOO_MANY_COLUMNS`, `ENTRY_TOO_LARGE`,
 * `COMPRESSION_RATIO`): `option` names the limit to raise, `limit` is its value.
 */
export class LimitExceededError extends FileVerificationError {
  override name = 'LimitExceededError';
  declare readonly code: ErrorCodeOf<'LimitExceededError'>;
  /** The option that set the limit, e.g. `maxFieldBytes`. */
  readonly option: string;
  /** The limit's value (bytes, or the ratio for `maxCompressionRatio`). */
  readonly limit: number;
  constructor(
    message: string,
    fields: FieldsOf<ErrorCodeOf<'LimitExceededError'>> & {
      file?: string | undefined;
      entry?: string | undefined;
      option: string;
      limit: number;
    },
  ) {
    super(message, fields);
    this.option = fields.option;
    this.limit = fields.limit;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), option: this.option, limit: this.limit };
  }
}
