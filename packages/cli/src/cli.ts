/** The `audit-export` process: parses the command line, runs the command, maps its end to the documented exit code. */
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CommanderError } from 'commander';
import { runCheck } from './commands/check.js';
import type { RunContext } from './commands/common.js';
import { runPull } from './commands/pull.js';
import { runSync } from './commands/sync.js';
import { bashCompletion, zshCompletion } from './completion.js';
import { type CliError, EXIT } from './errors.js';
import { rerunCommand, toCliError } from './outcome.js';
import { buildProgram } from './program.js';
import { scrubKnown } from './secrets.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// Where Node cannot re-execute itself (before 22.15, Windows), bin/audit-export.js runs this module in a worker
// thread (a capped young generation keeps a pull's memory down): the terminal and the signals are the main
// thread's, passed on here.
const terminal = (workerData as { stderr?: { isTTY: boolean; columns?: number } } | null)?.stderr;
if (terminal?.isTTY) Object.assign(process.stderr, { isTTY: true, columns: terminal.columns ?? 80 });

const controller = new AbortController();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl+C does not wait for the commit
  interrupted = true;
  controller.abort(new Error(`received ${signal}`));
};
if (isMainThread) {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
} else {
  parentPort?.on('message', (message: { signal?: NodeJS.Signals }) => message.signal && onSignal(message.signal));
  // Listening for signals must not keep the worker alive once the command is done.
  parentPort?.unref();
}

const argv = process.argv.slice(2);
const context: RunContext = {
  env: process.env,
  isTty: Boolean(process.stderr.isTTY),
  signal: controller.signal,
  interrupted: () => interrupted,
  rerun: rerunCommand(argv),
  now: Date.now,
};
let jsonErrors = false;

const program = buildProgram(
  {
    pull: (api, flags) => {
      jsonErrors = errorsAsJson(flags);
      return runPull(api, flags as never, context);
    },
    sync: (api, flags) => {
      jsonErrors = errorsAsJson(flags);
      return runSync(api, flags as never, context);
    },
    check: async (api, flags) => {
      await runCheck(api, flags as never, context, (text) => process.stdout.write(`${text}\n`));
    },
    completion: (shell) => {
      process.stdout.write(shell === 'zsh' ? zshCompletion(program) : bashCompletion(program));
    },
  },
  version,
);

function errorsAsJson(flags: Record<string, unknown>): boolean {
  return flags.logFormat === 'json' || (flags.logFormat === undefined && !flags.quiet && !process.stderr.isTTY);
}

try {
  await program.parseAsync(process.argv);
  process.exitCode = EXIT.ok;
} catch (caught) {
  if (caught instanceof CommanderError) {
    // Help and version end with 0; every parse error (unknown flag, missing argument) is a usage error.
    process.exitCode = caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const error: CliError = toCliError(caught, interrupted, context.rerun);
    const message = scrubKnown(error.message);
    if (jsonErrors) {
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'exit', code: error.code, exitCode: error.exitCode, message })}\n`,
      );
    } else {
      process.stderr.write(`audit-export: ${message}\n`);
    }
    process.exitCode = error.exitCode;
  }
}
