// Where an audit query export stands: the job's lifecycle, the stream's progress, and what went wrong with
// what the reader can do about it (resume the download, or attach to the same job again).
import { AuthError, NetworkError, RateLimitError, ServerError, TimeoutError } from '@audit-export/client';
import type { UseExportResult } from '@audit-export/query/react';
import { ErrorNotice } from './components/ErrorNotice.js';
import { Lifecycle } from './components/Lifecycle.js';
import { Progress } from './components/Progress.js';

/** Errors after which the same job can be attached to again (the job itself is fine). */
const canContinue = (error: unknown) =>
  error instanceof AuthError ||
  error instanceof RateLimitError ||
  error instanceof NetworkError ||
  error instanceof ServerError ||
  error instanceof TimeoutError;

/** The lifecycle, progress and error notices of one export run. */
export function AuditQueryStatus({
  run,
  jobState,
  deleted,
  fraction,
  mutationError,
  onContinue,
}: {
  run: UseExportResult;
  jobState: string | undefined;
  /** The id of the job the reader deleted, if any. */
  deleted: string | undefined;
  /** How much of the window the events received cover, 0..1, when known. */
  fraction: number | undefined;
  /** A failed cancel or delete. */
  mutationError: Error | null;
  /** Attach to the run's job again. */
  onContinue: (jobId: string) => void;
}) {
  const gone = deleted !== undefined && deleted === run.jobId;
  return (
    <>
      <Lifecycle jobId={run.jobId} state={gone && run.jobId ? 'DELETED' : jobState} />
      <Progress run={run} fraction={fraction} noun="events" />
      {run.error && run.status === 'error' && (
        <ErrorNotice error={run.error}>
          {run.resumable && (
            <button type="button" onClick={run.resume}>
              Resume
            </button>
          )}
          {!run.resumable && run.jobId && canContinue(run.error) && (
            <button type="button" onClick={() => run.jobId && onContinue(run.jobId)}>
              Continue
            </button>
          )}
        </ErrorNotice>
      )}
      {mutationError && <ErrorNotice error={mutationError} />}
      {gone && <p role="status">Job {deleted} deleted.</p>}
    </>
  );
}
