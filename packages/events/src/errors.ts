/**
 * Every `code` an error of this package carries: the key is the code, the value the class that carries it, and
 * the comment what it means (the README's error table is checked against these comments by a test). Types only.
 */
export interface EventsErrorCodes {
  /** A line is not valid JSON. */
  MALFORMED_JSON: 'JsonlParseError';
  /** A line is not valid UTF-8. */
  INVALID_UTF8: 'JsonlParseError';
  /** A line is JSON but not an object, or (with `validate`) not an AuditEvent of the spec (`issues` says why). */
  INVALID_EVENT: 'JsonlParseError';
  /** A line is longer than `maxLineLength`; it was never held in memory whole. */
  LINE_TOO_LONG: 'JsonlParseError';
  /** The stream ended inside a line: a cut download, reported whatever `onInvalid` says. */
  TRUNCATED: 'JsonlParseError';
  /** The source was a `Response` with a non-2xx status (`status`); its body was cancelled. */
  HTTP_STATUS: 'JsonlParseError';
  /** The caller's AbortSignal fired (its reason is the `cause`). */
  ABORTED: 'AbortError';
}

/** Every code an error of this package carries (see {@link EventsErrorCodes} for what each means). */
export type EventsErrorCode = keyof EventsErrorCodes;

/** What went wrong with a line or a stream: the codes of a {@link JsonlParseError}. */
export type JsonlErrorCode = {
  [Code in EventsErrorCode]: EventsErrorCodes[Code] extends 'JsonlParseError' ? Code : never;
}[EventsErrorCode];

/** One schema violation of an event: where (JSON Pointer into the event) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly keyword: string;
  readonly message: string;
}

/** Context carried by a {@link JsonlParseError}. */
export interface JsonlErrorContext {
  /** 1-based line number in the stream (0 when the error is not about a line). */
  readonly line: number;
  /** Offset of the line's first byte from the start of the stream. */
  readonly byteOffset: number;
  /** Start of the line with tokens, hex and base64 runs redacted; never the raw line. */
  readonly excerpt: string;
  /** Schema violations, for INVALID_EVENT. */
  readonly issues?: readonly ValidationIssue[];
  /** HTTP status, for HTTP_STATUS. */
  readonly status?: number;
}

/** A bad line or stream met by parseJsonl; `code` says which, the fields say where. */
export class JsonlParseError extends Error {
  override readonly name = 'JsonlParseError';
  readonly code: JsonlErrorCode;
  readonly line: number;
  readonly byteOffset: number;
  readonly excerpt: string;
  readonly issues: readonly ValidationIssue[];
  readonly status: number | undefined;

  constructor(code: JsonlErrorCode, message: string, context: JsonlErrorContext) {
    super(message);
    this.code = code;
    this.line = context.line;
    this.byteOffset = context.byteOffset;
    this.excerpt = context.excerpt;
    this.issues = context.issues ?? [];
    this.status = context.status;
  }
}

/** Reading stopped because the caller's AbortSignal fired; `cause` is the signal's reason. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  readonly code = 'ABORTED';

  constructor(reason: unknown) {
    const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
    super(`Reading the JSON Lines stream was aborted${why ? `: ${why}` : ''}.`, { cause: reason });
  }
}
