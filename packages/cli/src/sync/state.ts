/**
 * The `sync` state file: the cursor (everything before it is in durable files), the keys of recently written
 * items (for --overlap's de-duplication, only those inside the overlap, so it stays bounded), the window in
 * progress with its committed offset and resume point, and the day's request counts. Versioned and bound to
 * the API, server and filters, so one state file cannot continue another feed.
 */
import { readFile } from 'node:fs/promises';
import { type Binding, type Bound, bindingHash, bindingMismatch, isBound } from '../binding.js';
import type { BudgetCounts } from '../budget.js';
import { writeFileDurably } from '../durable.js';
import { UsageError } from '../errors.js';

const FORMAT = 'audit-export-sync-state';
const VERSION = 1;

/** A window being written. */
export interface InProgress {
  startMs: number;
  endMs: number;
  /** Where its items are exported from (the cursor minus the overlap). */
  scanFromMs: number;
  /** Final file name (in --out-dir); it is written as `<file>.partial` until complete. */
  file: string;
  bytes: number;
  items: number;
  resume: unknown;
  /** `[timeMs, key]` of the items written so far that fall within the overlap before `endMs`. */
  written: [number, string][];
}

/** The state's content. */
export interface SyncState extends Bound {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Epoch ms: every item before it is in a complete file (null before the first window completes). */
  cursorMs: number | null;
  /** `[timeMs, key]` of items written at or after `cursor - overlap`. */
  recent: [number, string][];
  /** `recent` holds the key of every item written in `[recentFromMs, cursorMs)`: how far back a re-scan can de-duplicate. */
  recentFromMs: number | null;
  inProgress: InProgress | null;
  budget: BudgetCounts | null;
  updatedAt: string;
}

/** Reads the state; undefined when the file does not exist; a UsageError when it is damaged or another feed's. */
export async function loadState(path: string, params: Binding, shown = path): Promise<SyncState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read --state ${shown}: ${(error as Error).message}.`, { flag: '--state' });
  }
  const state = parse(text);
  if (!state) {
    throw new UsageError(
      `--state ${shown} is damaged (not a version ${VERSION} audit-export sync state). Restore it from a backup, or start a new feed with a new --state and --since.`,
      { flag: '--state', code: 'STATE_CORRUPT' },
    );
  }
  const what = bindingMismatch(params, state);
  if (what !== undefined) {
    throw new UsageError(
      `--state ${shown} belongs to another feed (${what}): use the same API, --base-url and filters, or another --state.`,
      { flag: '--state', code: 'STATE_FOREIGN' },
    );
  }
  return state;
}

/** A state for a new feed. */
export function newState(params: Binding): SyncState {
  return {
    format: FORMAT,
    version: VERSION,
    binding: bindingHash(params),
    params,
    cursorMs: null,
    recent: [],
    recentFromMs: null,
    inProgress: null,
    budget: null,
    updatedAt: new Date().toISOString(),
  };
}

/** Writes the state atomically, fsynced; `final` (a moved cursor) also makes the rename durable. */
export async function saveState(path: string, state: SyncState, final = true): Promise<void> {
  state.updatedAt = new Date().toISOString();
  await writeFileDurably(path, `${JSON.stringify(state)}\n`, final);
}

function parse(text: string): SyncState | undefined {
  let value: SyncState;
  try {
    value = JSON.parse(text) as SyncState;
  } catch {
    return undefined;
  }
  const progress = value?.inProgress;
  const ok =
    isBound(value, FORMAT, VERSION) &&
    (value.cursorMs === null || Number.isSafeInteger(value.cursorMs)) &&
    validRecent(value.recent) &&
    (value.recentFromMs === null || Number.isSafeInteger(value.recentFromMs)) &&
    (progress === null ||
      (typeof progress === 'object' &&
        Number.isSafeInteger(progress.startMs) &&
        Number.isSafeInteger(progress.endMs) &&
        Number.isSafeInteger(progress.scanFromMs) &&
        typeof progress.file === 'string' &&
        /^[\w.-]+$/.test(progress.file) &&
        Number.isSafeInteger(progress.bytes) &&
        Number.isSafeInteger(progress.items) &&
        validRecent(progress.written))) &&
    (value.budget === null ||
      (typeof value.budget === 'object' &&
        typeof value.budget.day === 'string' &&
        typeof value.budget.byOperation === 'object'));
  return ok ? value : undefined;
}

function validRecent(list: unknown): boolean {
  return (
    Array.isArray(list) && list.every((r) => Array.isArray(r) && Number.isSafeInteger(r[0]) && typeof r[1] === 'string')
  );
}
