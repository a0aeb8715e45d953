// Every typed error of the client, said the way the person at the console needs it: what happened,
// and what to do next. One switch on the error classes, so a new class shows up here as a review point.
import {
  AbortError,
  type AuditExportError,
  AuthError,
  BadRequestError,
  ExportIncompleteError,
  ExportJobCancelledError,
  ExportJobFailedError,
  FileVerificationError,
  InvalidArgumentError,
  LimitExceededError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '@audit-export/client';

/** What the error notice shows. */
export interface ErrorView {
  /** One line: what happened. */
  title: string;
  /** What to do about it. */
  action: string;
  /** For a 429: when the API accepts calls again, epoch ms. */
  retryAt?: number | undefined;
  /** Machine-readable code, shown small for support tickets. */
  code: string;
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

/** Turns a client error into words; `now` dates a 429's wait. */
export function describeError(error: AuditExportError | Error, now = Date.now()): ErrorView {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : error.name;
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs;
    return {
      title:
        wait === undefined
          ? 'The API is rate limiting this token (429).'
          : `The API is rate limiting this token (429): it asks to wait ${seconds(wait)}.`,
      action: 'The client already retried with backoff. Try again once the wait is over; the job is kept.',
      retryAt: wait === undefined ? undefined : now + wait,
      code,
    };
  }
  if (error instanceof AuthError) {
    return error.status === 403
      ? {
          title: 'Access denied (403): this account may not export audit logs for this tenant.',
          action:
            'Use a token of the tenant’s company with the audit permission (Medallia Audit Role, or Zoho’s export permission).',
          code,
        }
      : {
          title: 'Your token has expired or was refused (401).',
          action:
            'Paste a fresh token in Settings (mock: node packages/mock/dist/cli.js token --tenant acme), then Continue: the job is not lost.',
          code,
        };
  }
  if (error instanceof ExportIncompleteError) {
    return error.resumePoint
      ? {
          title: `The download broke off after ${error.eventsDelivered.toLocaleString('en')} events.`,
          action: 'Resume continues right after the last event received, with no event twice.',
          code,
        }
      : {
          title: 'The result changed on the server since the download started.',
          action: 'The rows shown cannot be continued safely. Start a new export to get a consistent result.',
          code,
        };
  }
  if (error instanceof ExportJobFailedError) {
    return {
      title: `The export job failed${error.failureReason ? `: ${error.failureReason}` : '.'}`,
      action: 'Resume the job: the server runs it again and the console streams it.',
      code,
    };
  }
  if (error instanceof ExportJobCancelledError) {
    return { title: 'The export job was cancelled.', action: 'Resume it to run it again, or delete it.', code };
  }
  if (error instanceof AbortError) return { title: 'Stopped.', action: 'Start the export again when you want.', code };
  if (error instanceof TimeoutError) {
    return { title: 'The job did not finish in time.', action: 'Continue waiting, or narrow the time range.', code };
  }
  if (error instanceof NetworkError) {
    return {
      title: 'The API cannot be reached.',
      action: 'Check the base URL in Settings and that the mock runs (npm start).',
      code,
    };
  }
  if (error instanceof NotFoundError) {
    return { title: 'Not found (404): the job or file no longer exists.', action: 'Start a new export.', code };
  }
  if (error instanceof BadRequestError) {
    return {
      title: `The API refused the request: ${error.apiMessage ?? error.message}`,
      action: 'Check the filters.',
      code,
    };
  }
  if (error instanceof ServerError) {
    return {
      title: `The API failed (${error.status}).`,
      action: 'Try again in a moment; the client already retried.',
      code,
    };
  }
  if (error instanceof LimitExceededError) {
    return { title: error.message, action: `Raise ${error.option} if the file is expected to be this large.`, code };
  }
  if (error instanceof FileVerificationError) {
    return {
      title: `A downloaded file is damaged or not what it claims: ${error.message}`,
      action: 'Download it again.',
      code,
    };
  }
  if (error instanceof InvalidArgumentError)
    return { title: error.message, action: 'Correct the form and try again.', code };
  if (error instanceof UnexpectedResponseError) {
    return {
      title: 'The API answered something the spec does not allow.',
      action: 'Report it with the code below.',
      code,
    };
  }
  return { title: error.message, action: 'Try again.', code };
}
