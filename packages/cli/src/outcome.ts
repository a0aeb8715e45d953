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
import { scrub } from './secrets.js';

/** The command line that reruns this process (to name in messages). */
export function rerunCommand(argv: readonly string[] = process.argv.slice(2)): string {
  return scrub(['audit-export', ...argv.map(quote)].join(' '));
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The CliError that `error` means; `interrupted` says a signal asked us to stop. */
export function toCliError(error: unknown, interrupted: boolean, rerun: string): CliError {
  if (interrupted) return new InterruptedError(rerun);
  if (error instanceof CliError) return error;
  const message = scrub(error instanceof Error ? error.message : String(error));
  if (error instanceof AbortError) return new InterruptedError(rerun);
  if (error instanceof AuthError) {
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
