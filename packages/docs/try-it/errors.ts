/** Codes of {@link TryItError}: each names one way a try can go wrong before an answer is read. */
export type TryItErrorCode =
  | 'VALUE_REFUSED'
  | 'BODY_NOT_JSON'
  | 'TARGET_INVALID'
  | 'TARGET_UNREACHABLE'
  | 'CORS_REFUSED'
  | 'MOCK_UNAVAILABLE'
  | 'WORKFLOW_FAILED';

/** Something the reader can fix: `message` says what, `context` where (never a credential). */
export class TryItError extends Error {
  override readonly name = 'TryItError';
  constructor(
    readonly code: TryItErrorCode,
    message: string,
    readonly context: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
