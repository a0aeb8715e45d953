/** Turns whatever ended a run into the CLI's error classes: the exit code and what to do next. */
import {
  AbortError,
  AuditExportError,
  AuthError,
  ExportIncompleteError,
  ExportJobCancelledError,
  ExportJobFailedError,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@audit-export/client';
import { CliError, FailedError, IncompleteError, InterruptedError } from './errors.js';
import { scrubKnown } from './secrets.js';

/** The command line that reruns this process (to name in messages). */
export function rerunCommand(argv: readonly string[] = process.argv.slice(2)): string {
  return scrubKnown(['audit-export', ...argv.map(quote)].join(' '));
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The CliError that `error` means; `interrupted` says a signal asked us to stop. */
export function toCliError(error: unknown, interrupted: boolean, rerun: string): CliError {
  if (interrupted) return new InterruptedError(rerun);
  if (error instanceof CliError) return error;
  // The client's errors carry no credential (it scrubs them); known secrets are removed once more. Token-shaped
  // patterns are not applied here: they would hide request paths a person needs.
  const message = scrubKnown(messageOf(error));
  if (error instanceof AbortError) return new InterruptedError(rerun);
  // A download cut by a 401 ends in ExportIncompleteError with the AuthError as its cause: rerunning as is won't help.
  if (error instanceof AuthError || (error instanceof ExportIncompleteError && error.cause instanceof AuthError)) {
    return new FailedError(
      `The server refused the credentials: ${message} Fix them and rerun; committed progress is kept.`,
      {
        code: error.code,
        cause: error,
      },
    );
  }
  if (error instanceof ExportIncompleteError && error.code === 'RESULT_CHANGED') {
    return new FailedError(message, { code: error.code, cause: error });
  }
  const transient =
    error instanceof ExportIncompleteError ||
    error instanceof NetworkError ||
    error instanceof ServerError ||
    error instanceof RateLimitError ||
    error instanceof TimeoutError ||
    error instanceof ExportJobFailedError ||
    error instanceof ExportJobCancelledError ||
    ['ENOSPC', 'EIO', 'EDQUOT'].includes((error as NodeJS.ErrnoException)?.code ?? '');
  const code = error instanceof AuditExportError ? error.code : ((error as { code?: string })?.code ?? 'FAILED');
  if (transient) return new IncompleteError(`The export stopped: ${message}`, rerun, { code, cause: error });
  return new FailedError(message, { code, cause: error });
}

/** What went wrong, in words for the CLI: an incomplete export's own cause rather than the client's call advice. */
function messageOf(error: unknown): string {
  if (error instanceof ExportIncompleteError && error.cause instanceof Error && error.code === 'EXPORT_INCOMPLETE') {
    return `${error.eventsDelivered} events were delivered, then: ${error.cause.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
