/** The CLI's errors: each has a stable `code`, the exit code it ends the process with, and a message a person can act on. */

/** The documented exit codes. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Failed: rerunning the same command will not help until the cause is fixed. */
  failed: 1,
  /** Usage or bad input: nothing was written or overwritten. */
  usage: 2,
  /** Incomplete but resumable: the message names the command to rerun. */
  incomplete: 3,
  /** Interrupted (Ctrl+C, SIGTERM): committed progress is kept; rerun to continue. */
  interrupted: 130,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base class of every error the CLI reports itself. */
export class CliError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** The process exit code this error ends with. */
  readonly exitCode: ExitCode;
  constructor(message: string, code: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad input: names the flag (or file) and the fix; exit 2. */
export class UsageError extends CliError {
  /** The flag or file at fault, e.g. `--from`. */
  readonly flag: string | undefined;
  constructor(message: string, options: { code?: string; flag?: string; cause?: unknown } = {}) {
    super(message, options.code ?? 'USAGE', EXIT.usage, options);
    this.flag = options.flag;
  }
}

/** The export stopped with its progress committed; the same command continues it; exit 3. */
export class IncompleteError extends CliError {
  /** The command line that continues the export. */
  readonly rerun: string;
  constructor(message: string, rerun: string, options: { code?: string; cause?: unknown } = {}) {
    super(
      `${message}\nCommitted progress is kept; continue with:\n  ${rerun}`,
      options.code ?? 'INCOMPLETE',
      EXIT.incomplete,
      options,
    );
    this.rerun = rerun;
  }
}

/** Interrupted by a signal after committing; exit 130. */
export class InterruptedError extends CliError {
  constructor(rerun: string) {
    super(`Interrupted; committed progress is kept. Continue with:\n  ${rerun}`, 'INTERRUPTED', EXIT.interrupted);
  }
}

/** A failure a rerun will not fix by itself (credentials, a changed result, a server refusing the request); exit 1. */
export class FailedError extends CliError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.code ?? 'FAILED', EXIT.failed, options);
  }
}
