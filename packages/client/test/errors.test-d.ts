// Type-level: one error hierarchy whose classes carry their context as typed fields.
import { describe, expectTypeOf, it } from 'vitest';
import {
  AbortError,
  AuditExportError,
  BadRequestError,
  ExportIncompleteError,
  ExportJobFailedError,
  type FileVerificationError,
  type HttpError,
  InvalidArgumentError,
  type LimitExceededError,
  RateLimitError,
  type ResumePoint,
  TimeoutError,
} from '../src/index.js';

describe('the error classes', () => {
  it('all extend AuditExportError and Error, with a string code to switch on', () => {
    for (const type of [AbortError, BadRequestError, ExportIncompleteError, InvalidArgumentError, TimeoutError]) {
      expectTypeOf(type).instance.toExtend<AuditExportError>();
    }
    expectTypeOf<AuditExportError>().toExtend<Error>();
    expectTypeOf<AuditExportError['code']>().toEqualTypeOf<string>();
    expectTypeOf<LimitExceededError>().toExtend<FileVerificationError>();
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
