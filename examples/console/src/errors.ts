// Every typed error of the client, said the way the person at the console needs it: what happened,
// and what to do next. One table of the error classes, most specific first, so a new class shows up here as a
// review point.
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
  ResultLimitError,
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

/** What a notice says of one class of error; `now` dates a 429's wait. */
type Describe<E> = (error: E, now: number) => Omit<ErrorView, 'code'>;
/** A class of error and its describer, paired so that the describer is typed for that class. */
interface Entry {
  matches(error: Error): boolean;
  describe: Describe<Error>;
}
const entry = <E extends Error>(type: abstract new (...args: never[]) => E, describe: Describe<E>): Entry => ({
  matches: (error) => error instanceof type,
  describe: (error, now) => describe(error as E, now),
});

const views: readonly Entry[] = [
  entry(RateLimitError, (error, now) => {
    const wait = error.retryAfterMs;
    return {
      title:
        wait === undefined
          ? 'The API is rate limiting this token (429).'
          : `The API is rate limiting this token (429): it asks to wait ${seconds(wait)}.`,
      action: 'The client already retried with backoff. Try again once the wait is over; the job is kept.',
      retryAt: wait === undefined ? undefined : now + wait,
    };
  }),
  entry(AuthError, (error) =>
    error.status === 403
      ? {
          title: 'Access denied (403): this account may not export audit logs for this tenant.',
          action:
            'Use a token of the tenant’s company with the audit permission (Medallia Audit Role, or Zoho’s export permission).',
        }
      : {
          title: 'Your token has expired or was refused (401).',
          action:
            'Paste a fresh token in Settings (mock: node packages/mock/dist/cli.js token --tenant acme), then Continue: the job is not lost.',
        },
  ),
  entry(ResultLimitError, (error) => ({
    title: `The server's result limit (${error.limit.toLocaleString('en')} events a job) stopped the export after ${error.eventsDelivered.toLocaleString('en')} events${error.reached ? `, up to ${error.reached}` : ''}.`,
    action: error.resumePoint
      ? 'Resume continues with the next job of the window, with no event twice.'
      : error.instant
        ? `More events than the limit share the instant ${error.instant}: export again from just after it, or a narrower filter.`
        : 'Export by filters (not by job id) so that the console can read the rest of the window.',
  })),
  entry(ExportIncompleteError, (error) =>
    error.resumePoint
      ? {
          title: `The download broke off after ${error.eventsDelivered.toLocaleString('en')} events.`,
          action: 'Resume continues right after the last event received, with no event twice.',
        }
      : {
          title: 'The result changed on the server since the download started.',
          action: 'The rows shown cannot be continued safely. Start a new export to get a consistent result.',
        },
  ),
  entry(ExportJobFailedError, (error) => ({
    title: `The export job failed${error.failureReason ? `: ${error.failureReason}` : '.'}`,
    action: 'Resume the job: the server runs it again and the console streams it.',
  })),
  entry(ExportJobCancelledError, () => ({
    title: 'The export job was cancelled.',
    action: 'Resume it to run it again, or delete it.',
  })),
  entry(AbortError, () => ({ title: 'Stopped.', action: 'Start the export again when you want.' })),
  entry(TimeoutError, () => ({
    title: 'The job did not finish in time.',
    action: 'Continue waiting, or narrow the time range.',
  })),
  entry(NetworkError, () => ({
    title: 'The API cannot be reached.',
    action: 'Check the base URL in Settings and that the mock runs (npm start).',
  })),
  entry(NotFoundError, () => ({
    title: 'Not found (404): the job or file no longer exists.',
    action: 'Start a new export.',
  })),
  entry(BadRequestError, (error) => ({
    title: `The API refused the request: ${error.apiMessage ?? error.message}`,
    action: 'Check the filters.',
  })),
  entry(ServerError, (error) => ({
    title: `The API failed (${error.status}).`,
    action: 'Try again in a moment; the client already retried.',
  })),
  entry(LimitExceededError, (error) => ({
    title: error.message,
    action: `Raise ${error.option} if the file is expected to be this large.`,
  })),
  entry(FileVerificationError, (error) => ({
    title: `A downloaded file is damaged or not what it claims: ${error.message}`,
    action: 'Download it again.',
  })),
  entry(InvalidArgumentError, (error) => ({ title: error.message, action: 'Correct the form and try again.' })),
  entry(UnexpectedResponseError, () => ({
    title: 'The API answered something the spec does not allow.',
    action: 'Report it with the code below.',
  })),
];

/** Turns a client error into words; `now` dates a 429's wait. */
export function describeError(error: AuditExportError | Error, now = Date.now()): ErrorView {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : error.name;
  const found = views.find((view) => view.matches(error));
  return { ...(found ? found.describe(error, now) : { title: error.message, action: 'Try again.' }), code };
}
