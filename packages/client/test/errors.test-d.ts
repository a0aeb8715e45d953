// Type-level: one error hierarchy whose classes carry their context as typed fields.
import { describe, expectTypeOf, it } from 'vitest';
import {
  AbortError,
  AuditExportError,
  type AuditExportErrorCode,
  type AuthError,
  type BadRequestError,
  type ErrorCodeOf,
  type ExportIncompleteError,
  ExportJobFailedError,
  FileVerificationError,
  type HttpError,
  type InvalidArgumentError,
  type LimitExceededError,
  NetworkError,
  RateLimitError,
  type ResultLimitError,
  type ResumePoint,
  type TimeoutError,
} from '../src/index.js';

describe('the error classes', () => {
  it('all extend AuditExportError and Error, with a code of one typed list to switch on', () => {
    expectTypeOf<AbortError>().toExtend<AuditExportError>();
    expectTypeOf<BadRequestError>().toExtend<AuditExportError>();
    expectTypeOf<ExportIncompleteError>().toExtend<AuditExportError>();
    expectTypeOf<InvalidArgumentError>().toExtend<AuditExportError>();
    expectTypeOf<TimeoutError>().toExtend<AuditExportError>();
    expectTypeOf<AuditExportError>().toExtend<Error>();
    expectTypeOf<AuditExportError['code']>().toEqualTypeOf<AuditExportErrorCode>();
    expectTypeOf<LimitExceededError>().toExtend<FileVerificationError>();
  });

  it('narrow the code to what each class carries', () => {
    expectTypeOf<NetworkError['code']>().toEqualTypeOf<'NETWORK' | 'CREATE_OUTCOME_UNKNOWN'>();
    expectTypeOf<AuthError['code']>().toEqualTypeOf<'AUTH' | 'AUTH_MISSING' | 'AUTH_PROVIDER_FAILED'>();
    expectTypeOf<ResultLimitError['code']>().toEqualTypeOf<'RESULT_LIMIT_REACHED'>();
    expectTypeOf<ExportIncompleteError['code']>().toEqualTypeOf<
      ErrorCodeOf<'ExportIncompleteError' | 'ResultLimitError'>
    >();
    expectTypeOf<LimitExceededError['code']>().toExtend<FileVerificationError['code']>();
    expectTypeOf<'ZIP_CORRUPT'>().toExtend<FileVerificationError['code']>();
    expectTypeOf<'ZIP_CORRUPT'>().not.toExtend<LimitExceededError['code']>();
  });

  it('refuse a code that is not in the list, or not of the class', () => {
    // @ts-expect-error -- not a code of this package
    new AuditExportError('x', { code: 'MY_CODE' });
    // @ts-expect-error -- a file's code on a network error
    new NetworkError('x', { code: 'ZIP_CORRUPT' });
    // @ts-expect-error -- a network code on a file error
    new FileVerificationError('x', { code: 'NETWORK' });
  });

  it('have a status on every HTTP error and maybe one elsewhere', () => {
    expectTypeOf<HttpError['status']>().toEqualTypeOf<number>();
    expectTypeOf<BadRequestError['status']>().toEqualTypeOf<number>();
    expectTypeOf<AuditExportError['status']>().toEqualTypeOf<number | undefined>();
  });

  it('carry what the caller acts on: retry time, failure reason, resume point', () => {
    expectTypeOf<RateLimitError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ExportJobFailedError>().toHaveProperty('failureReason').toEqualTypeOf<string | undefined>();
    expectTypeOf<ExportIncompleteError['resumePoint']>().toEqualTypeOf<ResumePoint | undefined>();
    expectTypeOf<ExportIncompleteError['eventsDelivered']>().toEqualTypeOf<number>();
  });

  it('narrow with instanceof', () => {
    const error: unknown = new RateLimitError('slow down', { code: 'RATE_LIMITED', status: 429 });
    if (error instanceof RateLimitError) expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
    if (error instanceof AuditExportError) expectTypeOf(error.toJSON()).toEqualTypeOf<Record<string, unknown>>();
  });

  it('fix their own code: callers cannot pass another', () => {
    // @ts-expect-error -- AbortError's code is always ABORTED.
    new AbortError('stopped', { code: 'OTHER' });
    // @ts-expect-error -- a job failure's code is always JOB_FAILED.
    new ExportJobFailedError('failed', { code: 'OTHER' });
  });
});
