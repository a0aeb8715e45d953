/** `audit-export pull <api>`: one window to one file, exactly once, resumable after a crash from `FILE.checkpoint.json`. */
import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type ApiName, parseApi } from '../apis.js';
import { type Binding, bindingHash } from '../binding.js';
import { Budget } from '../budget.js';
import { resolveCredentials } from '../credentials.js';
import { UsageError } from '../errors.js';
import type { Window } from '../export-source.js';
import { type Committed, exportWindow } from '../export-window.js';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from '../output/checkpoint.js';
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
  resultLimitOf,
  retryReporter,
} from './common.js';

/** The flags of pull. */
export interface PullFlags extends ExportFlags {
  from?: string;
  to: string;
  out?: string;
}

const DAY_MS = 86_400_000;

/** The checked inputs of a pull. */
interface PullPlan {
  api: ApiName;
  baseUrl: string;
  filters: ReturnType<typeof filtersOf>;
  checkpointEvery: number;
  pollIntervalMs: number;
  resultLimit: number | undefined;
  window: Window;
  /** The resolved output path, or `-`. */
  out: string;
  checkpointPath: string;
  params: Binding;
}

/** Checks every flag before anything is created or touched. */
function planPull(apiText: string, flags: PullFlags, context: RunContext): PullPlan {
  const api = parseApi(apiText);
  const baseUrl = parseBaseUrl(flags.baseUrl);
  if (!flags.from) {
    throw new UsageError('--from is required: e.g. --from 24h or --from 2024-09-16T00:00:00Z.', { flag: '--from' });
  }
  if (!flags.out) {
    throw new UsageError('--out is required: a file (.jsonl, or .jsonl.gz for gzip), or - for stdout.', {
      flag: '--out',
    });
  }
  const filters = filtersOf(api, flags);
  const now = context.now();
  const window = { startMs: parseInstant(flags.from, '--from', now), endMs: parseInstant(flags.to, '--to', now) };
  checkWindow(api, window);
  const out = flags.out === '-' ? '-' : resolve(flags.out);
  return {
    api,
    baseUrl,
    filters,
    checkpointEvery: parseCount(flags.checkpointEvery, '--checkpoint-every'),
    pollIntervalMs: pollIntervalOf(flags),
    resultLimit: resultLimitOf(api, flags),
    window,
    out,
    checkpointPath: `${out}.checkpoint.json`,
    params: { command: 'pull', api, baseUrl, from: flags.from, to: flags.to, filters: JSON.stringify(filters) },
  };
}

/** Where an earlier run left the output: nothing, a checkpoint to continue (and the bytes to keep), or done. */
type OutputState =
  | { kind: 'new' }
  | { kind: 'resume'; checkpoint: Checkpoint; resumeAt: number | undefined }
  | { kind: 'complete'; checkpoint: Checkpoint };

/** Reads the checkpoint and the output beside it; refuses combinations that would lose or overwrite data. */
async function outputState(plan: PullPlan, shown: string): Promise<OutputState> {
  const checkpoint = await loadCheckpoint(plan.checkpointPath, plan.params);
  const exists = await access(plan.out).then(
    () => true,
    () => false,
  );
  if (!checkpoint && exists) {
    throw new UsageError(
      `--out ${shown} already exists and has no checkpoint beside it: choose another --out, or delete the file to export again.`,
      { flag: '--out', code: 'OUTPUT_EXISTS' },
    );
  }
  if (checkpoint && !exists && checkpoint.output.bytes > 0) {
    throw new UsageError(
      `--out ${shown} is missing, but its checkpoint says ${checkpoint.output.bytes} bytes were written: restore the file, or delete ${plan.checkpointPath} to export again.`,
      { flag: '--out', code: 'OUTPUT_MISSING' },
    );
  }
  await access(dirname(plan.out), constants.W_OK).catch(() => {
    throw new UsageError(`--out ${shown}: the directory ${dirname(plan.out)} does not exist or is not writable.`, {
      flag: '--out',
      code: 'OUTPUT_UNWRITABLE',
    });
  });
  if (!checkpoint) return { kind: 'new' };
  if (checkpoint.complete && exists) return { kind: 'complete', checkpoint };
  return { kind: 'resume', checkpoint, resumeAt: exists ? checkpoint.output.bytes : undefined };
}

/** Runs pull; resolves when the window is complete (or was already). */
export async function runPull(apiText: string, flags: PullFlags, context: RunContext): Promise<void> {
  const plan = planPull(apiText, flags, context);
  const shown = flags.out as string;
  const toStdout = plan.out === '-';
  const reporter = createReporter(reportMode(flags, context.isTty));
  const state: OutputState = toStdout ? { kind: 'new' } : await outputState(plan, shown);
  if (state.kind === 'complete') {
    const { items } = state.checkpoint.output;
    reporter.note('info', `${shown} is complete (${items} items); nothing to do.`, { items });
    return;
  }
  // A rerun of `--from 24h` continues the window the first run resolved.
  const window = state.kind === 'resume' ? state.checkpoint.window : plan.window;
  const auth = await resolveCredentials(plan.api, flags, context.env);
  const budget = new Budget(plan.api, undefined, context.now);
  const save = async (committed: Committed, complete = false) => {
    if (toStdout) return;
    const { bytes, items, resume } = committed;
    const { params } = plan;
    await saveCheckpoint(
      plan.checkpointPath,
      {
        binding: bindingHash(params),
        params,
        window,
        output: { bytes, items },
        resume,
        complete,
      },
      complete,
    );
  };
  // The checkpoint first: a crash right after creating the output then still finds one.
  if (state.kind === 'new' && !toStdout) await save({ bytes: 0, items: 0, resume: null });
  const sink = toStdout
    ? new StdoutSink()
    : await openOutput(plan.out, shown, state.kind === 'resume' ? state.resumeAt : undefined);
  const from =
    state.kind === 'resume' && state.resumeAt !== undefined
      ? { ...state.checkpoint.output, resume: state.checkpoint.resume }
      : undefined;
  reporter.windowStart(window, { api: plan.api, out: shown, resumed: from !== undefined, items: from?.items ?? 0 });
  try {
    const committed = await exportWindow({
      request: {
        api: plan.api,
        baseUrl: plan.baseUrl,
        auth,
        filters: plan.filters,
        window,
        signal: context.signal,
        fetch: budget.countingFetch(),
        rateLimit: budget.perSecond(),
        pollIntervalMs: plan.pollIntervalMs,
        resultLimit: plan.resultLimit,
        onRetry: retryReporter(reporter),
      },
      from,
      sink,
      reporter,
      checkpointEvery: plan.checkpointEvery,
      checkpointMs: 10_000,
      save: (committed) => save(committed),
    });
    await save(committed, true);
    reporter.windowDone(window, { items: committed.items, bytes: committed.bytes, file: shown });
  } finally {
    await sink.close();
    reporter.close();
  }
}

/** Opens the output file, new or cut back to `resumeAt`. */
async function openOutput(out: string, shown: string, resumeAt: number | undefined): Promise<Sink> {
  return OutputFile.open(out, { gzip: out.endsWith('.gz'), resumeAt }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`--out ${shown} cannot be written (${error.code ?? error.message}).`, {
      flag: '--out',
      code: 'OUTPUT_UNWRITABLE',
    });
  });
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
