/**
 * `audit-export sync <api> --state FILE --out-dir DIR`: from the saved cursor up to now minus --lag, one file
 * per window, re-scanning --overlap behind the cursor and dropping what earlier runs wrote. A window's file is
 * written as `<name>.partial`, renamed when complete, and only then does the cursor move.
 */
import { access, constants, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ApiName, type ExportItem, ITEM_KINDS, parseApi } from '../apis.js';
import type { Binding } from '../binding.js';
import { Budget } from '../budget.js';
import { resolveCredentials } from '../credentials.js';
import { syncDirectory } from '../durable.js';
import { IncompleteError, UsageError } from '../errors.js';
import { exportWindow } from '../export-window.js';
import { acquireLock } from '../lock.js';
import { OutputFile } from '../output/output-file.js';
import { createReporter, type Reporter, reportMode } from '../progress/reporter.js';
import { type InProgress, loadState, newState, type SyncState, saveState } from '../sync/state.js';
import { isoOf, parseDuration, parseInstant, stampOf } from '../times.js';
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

/** The flags of sync. */
export interface SyncFlags extends ExportFlags {
  state?: string;
  outDir?: string;
  since?: string;
  until?: string;
  lag: string;
  overlap: string;
  window: string;
  gzip?: boolean;
  dailyBudget?: string;
  budgetReserve: string;
}

/** The checked inputs of a sync. */
interface SyncPlan {
  api: ApiName;
  baseUrl: string;
  filters: ReturnType<typeof filtersOf>;
  /** One target per run, fixed at its start: a run does not chase the clock with ever smaller windows. */
  nowMs: number;
  lagMs: number;
  overlapMs: number;
  windowMs: number;
  sinceMs: number | undefined;
  untilMs: number | undefined;
  checkpointEvery: number;
  reserve: number;
  dailyBudget: number | undefined;
  pollIntervalMs: number;
  resultLimit: number | undefined;
  statePath: string;
  outDir: string;
  gzip: boolean;
  params: Binding;
}

/** Checks every flag (and the output directory) before the lock or the state is touched. */
async function planSync(apiText: string, flags: SyncFlags, context: RunContext): Promise<SyncPlan> {
  const api = parseApi(apiText);
  const baseUrl = parseBaseUrl(flags.baseUrl);
  if (!flags.state)
    throw new UsageError('--state FILE is required: where the feed keeps its cursor.', { flag: '--state' });
  if (!flags.outDir)
    throw new UsageError("--out-dir DIR is required: where each window's file goes.", { flag: '--out-dir' });
  const filters = filtersOf(api, flags);
  const now = context.now();
  const windowMs = parseDuration(flags.window, '--window');
  if (windowMs <= 0) throw new UsageError('--window must be longer than 0.', { flag: '--window' });
  const outDir = resolve(flags.outDir);
  const writable = await stat(outDir)
    .then(
      (s) => s.isDirectory() && access(outDir, constants.W_OK).then(() => true),
      () => false,
    )
    .catch(() => false);
  if (!writable) {
    throw new UsageError(
      `--out-dir ${flags.outDir} is not a writable directory: create it (mkdir -p) or choose another.`,
      {
        flag: '--out-dir',
        code: 'OUTPUT_UNWRITABLE',
      },
    );
  }
  const gzip = Boolean(flags.gzip);
  return {
    api,
    baseUrl,
    filters,
    nowMs: now,
    lagMs: parseDuration(flags.lag, '--lag'),
    overlapMs: parseDuration(flags.overlap, '--overlap'),
    windowMs,
    sinceMs: flags.since === undefined ? undefined : parseInstant(flags.since, '--since', now),
    untilMs: flags.until === undefined ? undefined : parseInstant(flags.until, '--until', now),
    checkpointEvery: parseCount(flags.checkpointEvery, '--checkpoint-every'),
    reserve: parseCount(flags.budgetReserve, '--budget-reserve'),
    dailyBudget: flags.dailyBudget === undefined ? undefined : parseCount(flags.dailyBudget, '--daily-budget'),
    pollIntervalMs: pollIntervalOf(flags),
    resultLimit: resultLimitOf(api, flags),
    statePath: resolve(flags.state),
    outDir,
    gzip,
    params: { command: 'sync', api, baseUrl, filters: JSON.stringify(filters), gzip: String(gzip) },
  };
}

/** Runs sync until the feed is caught up (or its budget says stop). */
export async function runSync(apiText: string, flags: SyncFlags, context: RunContext): Promise<void> {
  const plan = await planSync(apiText, flags, context);
  const reporter = createReporter(reportMode(flags, context.isTty));
  const lock = await acquireLock(`${plan.statePath}.lock`, { rerun: context.rerun });
  try {
    const state = (await loadState(plan.statePath, plan.params, flags.state)) ?? newState(plan.params);
    if (state.cursorMs === null && !state.inProgress && plan.sinceMs === undefined) {
      throw new UsageError(
        `--state ${flags.state} is new: give --since for the first run's start (e.g. --since 24h).`,
        {
          flag: '--since',
        },
      );
    }
    const auth = await resolveCredentials(plan.api, flags, context.env);
    const budget = new Budget(plan.api, state.budget ?? undefined, context.now, plan.dailyBudget);
    // Commits inside a window need not make the rename durable (the previous one is as consistent); the rest do.
    const save = async (final = true) => {
      await lock.assertHeld();
      state.budget = budget.snapshot();
      await saveState(plan.statePath, state, final);
    };
    const windowContext: WindowContext = { ...context, ...plan, auth, budget, save, reporter };
    for (;;) {
      const window = state.inProgress ?? nextWindow(plan.api, state, plan);
      if (!window) {
        const cursor = state.cursorMs === null ? null : isoOf(state.cursorMs);
        reporter.note('info', `Caught up: the cursor is at ${cursor ?? 'the start'}.`, { cursor });
        await save();
        return;
      }
      await checkBudget(budget, plan.reserve, window, save, reporter, context.rerun);
      await exportOne(plan.api, window, state, windowContext);
    }
  } finally {
    await lock.release();
    reporter.close();
  }
}

/** Stops cleanly (exit 3) when fewer than `reserve` requests are left today; warns when it is getting close. */
async function checkBudget(
  budget: Budget,
  reserve: number,
  window: InProgress,
  save: () => Promise<void>,
  reporter: Reporter,
  rerun: string,
): Promise<void> {
  const left = budget.remaining();
  if (left < reserve) {
    await save();
    throw new IncompleteError(
      `The daily request budget is nearly spent (${budget.used()} requests today (UTC), ${Math.max(left, 0)} left, ${reserve} kept in reserve); stopping cleanly before the window from ${isoOf(window.startMs)}. A run after 00:00 UTC continues from the cursor.`,
      rerun,
      { code: 'BUDGET_EXHAUSTED' },
    );
  }
  if (left < reserve * 4)
    reporter.note('warn', `The daily request budget is running low: ${left} requests left today (UTC).`, { left });
}

/** The next window after the cursor, or undefined when the feed is caught up. */
function nextWindow(
  api: ApiName,
  state: SyncState,
  o: {
    sinceMs: number | undefined;
    untilMs: number | undefined;
    nowMs: number;
    lagMs: number;
    overlapMs: number;
    windowMs: number;
    gzip: boolean;
  },
): InProgress | undefined {
  const startMs = state.cursorMs ?? (o.sinceMs as number);
  let endMs = Math.min(o.nowMs - o.lagMs, startMs + o.windowMs);
  if (o.untilMs !== undefined) endMs = Math.min(endMs, o.untilMs);
  // Whole seconds: Zoho's ranges are seconds, and file names stay readable.
  endMs = Math.floor(endMs / 1000) * 1000;
  if (endMs <= startMs) return undefined;
  // Re-scan only as far back as the remembered keys reach: before that, nothing could be de-duplicated.
  const scanFromMs = state.cursorMs === null ? startMs : Math.max(startMs - o.overlapMs, state.recentFromMs ?? startMs);
  const file = `${api}-${stampOf(startMs)}-${stampOf(endMs)}.jsonl${o.gzip ? '.gz' : ''}`;
  return { startMs, endMs, scanFromMs, file, bytes: 0, items: 0, resume: null, written: [] };
}

interface WindowContext extends RunContext {
  baseUrl: string;
  auth: Awaited<ReturnType<typeof resolveCredentials>>;
  filters: ReturnType<typeof filtersOf>;
  budget: Budget;
  save(final?: boolean): Promise<void>;
  reporter: Reporter;
  outDir: string;
  checkpointEvery: number;
  pollIntervalMs: number;
  resultLimit: number | undefined;
  overlapMs: number;
}

/** Exports one window into its file, then renames the file into place and moves the cursor. */
async function exportOne(api: ApiName, window: InProgress, state: SyncState, c: WindowContext): Promise<void> {
  const kind = ITEM_KINDS[api];
  const final = join(c.outDir, window.file);
  const partial = `${final}.partial`;
  const fresh = state.inProgress === null;
  if (fresh) {
    state.inProgress = window;
    await c.save();
  } else if (!(await exists(partial)) && (await exists(final))) {
    // The rename happened, the state write after it did not: the window is done.
    await finish(window, state, c, window.written);
    return;
  }
  const recentKeys = new Set(state.recent.map(([, key]) => key));
  // Items of this window within the overlap of its end are the next window's de-duplication set.
  const keepFrom = window.endMs - c.overlapMs;
  const written: [number, string][] = [];
  const resumeAt = fresh || !(await exists(partial)) ? undefined : window.bytes;
  if (resumeAt === undefined && window.bytes > 0) {
    throw new UsageError(
      `The window file ${partial} is missing, but the state says ${window.bytes} bytes were written: restore it, or restore the state from a backup.`,
      {
        flag: '--state',
        code: 'OUTPUT_MISSING',
      },
    );
  }
  const sink = await OutputFile.open(partial, { gzip: window.file.endsWith('.gz'), resumeAt });
  written.push(...(fresh ? [] : window.written));
  c.reporter.windowStart(
    { startMs: window.startMs, endMs: window.endMs },
    { api, file: window.file, resumed: !fresh, items: window.items },
  );
  try {
    const committed = await exportWindow({
      request: {
        api,
        baseUrl: c.baseUrl,
        auth: c.auth,
        filters: c.filters,
        window: { startMs: window.scanFromMs, endMs: window.endMs },
        signal: c.signal,
        fetch: c.budget.countingFetch(),
        rateLimit: c.budget.perSecond(),
        pollIntervalMs: c.pollIntervalMs,
        resultLimit: c.resultLimit,
        onRetry: retryReporter(c.reporter),
      },
      from:
        fresh || resumeAt === undefined
          ? undefined
          : { bytes: window.bytes, items: window.items, resume: window.resume },
      sink,
      reporter: c.reporter,
      checkpointEvery: c.checkpointEvery,
      checkpointMs: 10_000,
      filter: {
        keep: (item: ExportItem) => !recentKeys.has(kind.keyOf(item)),
        written: (item: ExportItem) => {
          const ms = kind.timeOf(item);
          if (ms >= keepFrom) written.push([ms, kind.keyOf(item)]);
        },
      },
      save: async (committed) => {
        Object.assign(state.inProgress as InProgress, committed, { written: [...written] });
        await c.save(false);
      },
    });
    await sink.close();
    await rename(partial, final);
    await syncDirectory(c.outDir);
    c.reporter.windowDone(
      { startMs: window.startMs, endMs: window.endMs },
      { items: committed.items, bytes: committed.bytes, file: window.file },
    );
    await finish(window, state, c, written);
  } finally {
    await sink.close().catch(() => undefined);
  }
}

/** Moves the cursor to the window's end and keeps the keys inside the overlap. */
async function finish(
  window: InProgress,
  state: SyncState,
  c: WindowContext,
  written: [number, string][],
): Promise<void> {
  const from = window.endMs - c.overlapMs;
  state.recent = [...state.recent, ...written].filter(([ms]) => ms >= from);
  // Complete from the later of the kept span's start and what was complete before this window.
  state.recentFromMs = Math.max(from, state.recentFromMs ?? window.scanFromMs);
  state.cursorMs = window.endMs;
  state.inProgress = null;
  await c.save();
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
