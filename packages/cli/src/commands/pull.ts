/** `audit-export pull <api>`: one window to one file, exactly once, resumable after a crash from `FILE.checkpoint.json`. */
import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseApi } from '../apis.js';
import { Budget } from '../budget.js';
import { resolveCredentials } from '../credentials.js';
import { UsageError } from '../errors.js';
import { exportWindow } from '../export-window.js';
import { type Binding, bindingHash, type Checkpoint, loadCheckpoint, saveCheckpoint } from '../output/checkpoint.js';
import { OutputFile, type Sink, StdoutSink } from '../output/output-file.js';
import { createReporter, reportMode } from '../progress/reporter.js';
import { zohoMaxRangeDays } from '../spec-facts.js';
import { isoOf, parseInstant } from '../times.js';
import {
  type ExportFlags,
  filtersOf,
  parseBaseUrl,
  parseCount,
  pollIntervalOf,
  type RunContext,
  retryReporter,
} from './common.js';

/** The flags of pull. */
export interface PullFlags extends ExportFlags {
  from?: string;
  to: string;
  out?: string;
}

const DAY_MS = 86_400_000;

/** Runs pull; resolves when the window is complete (or was already). */
export async function runPull(apiText: string, flags: PullFlags, context: RunContext): Promise<void> {
  // Every input is checked before anything is created or touched.
  const api = parseApi(apiText);
  const baseUrl = parseBaseUrl(flags.baseUrl);
  if (!flags.from)
    throw new UsageError('--from is required: e.g. --from 24h or --from 2024-09-16T00:00:00Z.', { flag: '--from' });
  if (!flags.out)
    throw new UsageError('--out is required: a file (.jsonl, or .jsonl.gz for gzip), or - for stdout.', {
      flag: '--out',
    });
  const filters = filtersOf(api, flags);
  const checkpointEvery = parseCount(flags.checkpointEvery, '--checkpoint-every');
  const pollIntervalMs = pollIntervalOf(flags);
  const now = context.now();
  let window = { startMs: parseInstant(flags.from, '--from', now), endMs: parseInstant(flags.to, '--to', now) };
  checkWindow(api, window);
  const toStdout = flags.out === '-';
  const out = toStdout ? '-' : resolve(flags.out);
  const checkpointPath = `${out}.checkpoint.json`;
  const params: Binding = {
    command: 'pull',
    api,
    baseUrl,
    from: flags.from,
    to: flags.to,
    filters: JSON.stringify(filters),
  };
  const reporter = createReporter(reportMode(flags, context.isTty));
  let checkpoint: Checkpoint | undefined;
  let resumeAt: number | undefined;
  if (!toStdout) {
    checkpoint = await loadCheckpoint(checkpointPath, params);
    const exists = await access(out).then(
      () => true,
      () => false,
    );
    if (checkpoint?.complete && exists) {
      reporter.note('info', `${flags.out} is complete (${checkpoint.output.items} items); nothing to do.`, {
        items: checkpoint.output.items,
      });
      return;
    }
    if (!checkpoint && exists) {
      throw new UsageError(
        `--out ${flags.out} already exists and has no checkpoint beside it: choose another --out, or delete the file to export again.`,
        { flag: '--out', code: 'OUTPUT_EXISTS' },
      );
    }
    if (checkpoint && !exists && checkpoint.output.bytes > 0) {
      throw new UsageError(
        `--out ${flags.out} is missing, but its checkpoint says ${checkpoint.output.bytes} bytes were written: restore the file, or delete ${checkpointPath} to export again.`,
        { flag: '--out', code: 'OUTPUT_MISSING' },
      );
    }
    if (checkpoint) {
      window = checkpoint.window;
      resumeAt = exists ? checkpoint.output.bytes : undefined;
    }
    await access(dirname(out), constants.W_OK).catch(() => {
      throw new UsageError(`--out ${flags.out}: the directory ${dirname(out)} does not exist or is not writable.`, {
        flag: '--out',
        code: 'OUTPUT_UNWRITABLE',
      });
    });
  }
  const auth = await resolveCredentials(api, flags, context.env);
  const budget = new Budget(api, undefined, context.now);

  const save = async (committed: { bytes: number; items: number; resume: unknown }, complete = false) => {
    if (toStdout) return;
    await saveCheckpoint(checkpointPath, {
      binding: bindingHash(params),
      params,
      window,
      output: { bytes: committed.bytes, items: committed.items },
      resume: committed.resume,
      complete,
    });
  };
  let sink: Sink;
  if (toStdout) sink = new StdoutSink();
  else {
    // The checkpoint first: a crash right after creating the output then still finds one.
    if (!checkpoint) await save({ bytes: 0, items: 0, resume: null });
    sink = await OutputFile.open(out, { gzip: out.endsWith('.gz'), resumeAt }).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--out ${flags.out} cannot be written (${error.code ?? error.message}).`, {
        flag: '--out',
        code: 'OUTPUT_UNWRITABLE',
      });
    });
  }
  const from = checkpoint && resumeAt !== undefined ? { ...checkpoint.output, resume: checkpoint.resume } : undefined;
  reporter.windowStart(window, { api, out: flags.out, resumed: from !== undefined, items: from?.items ?? 0 });
  try {
    const committed = await exportWindow({
      request: {
        api,
        baseUrl,
        auth,
        filters,
        window,
        signal: context.signal,
        fetch: budget.countingFetch(),
        rateLimit: budget.perSecond(),
        pollIntervalMs,
        onRetry: retryReporter(reporter),
      },
      from,
      sink,
      reporter,
      checkpointEvery,
      checkpointMs: 10_000,
      save: (committed) => save(committed),
    });
    await save(committed, true);
    reporter.windowDone(window, { items: committed.items, bytes: committed.bytes, file: flags.out });
  } finally {
    await sink.close();
    reporter.close();
  }
}

/** A window the API can export: start before end, Zoho's at most x-max-range-days. */
function checkWindow(api: string, window: { startMs: number; endMs: number }): void {
  if (window.startMs >= window.endMs) {
    throw new UsageError(
      `--from ${isoOf(window.startMs)} is not before --to ${isoOf(window.endMs)}: swap them, or move --to later.`,
      { flag: '--from', code: 'WINDOW_REVERSED' },
    );
  }
  if (api === 'zoho') {
    const days = zohoMaxRangeDays();
    if (window.endMs - window.startMs > days * DAY_MS) {
      throw new UsageError(
        `Zoho exports at most ${days} days at once, and --from to --to spans ${((window.endMs - window.startMs) / DAY_MS).toFixed(1)}: split the range into pulls of ${days} days or less.`,
        { flag: '--from', code: 'ZOHO_RANGE_TOO_LONG' },
      );
    }
  }
}
