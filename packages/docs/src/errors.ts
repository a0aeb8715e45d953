/** Codes of {@link DocsBuildError}: each names one way the inputs of the site can be wrong. */
export type DocsBuildErrorCode =
  | 'SPEC_DIST_MISSING'
  | 'SPEC_DOCUMENT_INVALID'
  | 'EVENT_CATALOG_INVALID'
  | 'LIFECYCLE_DRIFT'
  | 'REDOC_BUILD_FAILED'
  | 'REDOC_BUNDLE_MISMATCH'
  | 'EXTERNAL_ASSET'
  | 'TYPEDOC_FAILED'
  | 'TRY_IT_SPEC_UNSUPPORTED'
  | 'TRY_IT_BUNDLE_FAILED'
  | 'ARAZZO_INVALID';

/** A build input is missing or inconsistent; `code` says which check failed, `context` where. */
export class DocsBuildError extends Error {
  override readonly name = 'DocsBuildError';
  /** Machine-readable reason. */
  readonly code: DocsBuildErrorCode;
  /** Where it happened: file, API id, event name, state… */
  readonly context: Readonly<Record<string, string | number>>;

  constructor(code: DocsBuildErrorCode, message: string, context: Record<string, string | number> = {}) {
    super(message);
    this.code = code;
    this.context = context;
  }
}
