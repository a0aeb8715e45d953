/**
 * `FILE.checkpoint.json`: where a pull's output is durable up to and how the export continues. Versioned, and
 * bound to the command's parameters (a hash of them, with the parameters kept for the message), so a checkpoint
 * of another command is refused instead of resumed into the wrong file.
 */
import { readFile } from 'node:fs/promises';
import { type Binding, type Bound, bindingMismatch, isBound } from '../binding.js';
import { writeFileDurably } from '../durable.js';
import { UsageError } from '../errors.js';

const FORMAT = 'audit-export-checkpoint';
const VERSION = 1;

/** The checkpoint's content. */
export interface Checkpoint extends Bound {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** The window as resolved on the first run (epoch ms): a rerun of `--from 24h` continues the same window. */
  window: { startMs: number; endMs: number };
  /** Bytes of the output that are durable, and the items in them. */
  output: { bytes: number; items: number };
  /** Where the export continues (the export source's resume point; null before the first job). */
  resume: unknown;
  /** True once the whole window was written. */
  complete: boolean;
  updatedAt: string;
}

/**
 * Writes the checkpoint atomically, its content fsynced; `final` also makes the rename durable (the checkpoints in
 * between may fall back to the one before on a power cut: an earlier commit point, still consistent).
 */
export async function saveCheckpoint(
  path: string,
  checkpoint: Omit<Checkpoint, 'format' | 'version' | 'updatedAt'>,
  final = true,
) {
  const full: Checkpoint = { format: FORMAT, version: VERSION, ...checkpoint, updatedAt: new Date().toISOString() };
  await writeFileDurably(path, `${JSON.stringify(full, null, 2)}\n`, final);
}

/** Reads the checkpoint at `path`: undefined when there is none; a UsageError when it is corrupt or another command's. */
export async function loadCheckpoint(path: string, params: Binding): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read the checkpoint ${path}: ${(error as Error).message}.`, {
      flag: '--out',
      code: 'CHECKPOINT_UNREADABLE',
    });
  }
  const checkpoint = parse(text);
  if (!checkpoint) {
    throw new UsageError(
      `The checkpoint ${path} is damaged (not a version ${VERSION} audit-export checkpoint). To start over, delete it and the output file it belongs to.`,
      { flag: '--out', code: 'CHECKPOINT_CORRUPT' },
    );
  }
  const what = bindingMismatch(params, checkpoint);
  if (what !== undefined) {
    throw new UsageError(
      `The checkpoint ${path} belongs to another command (${what}): rerun with the same flags to continue it, or choose another --out.`,
      { flag: '--out', code: 'CHECKPOINT_FOREIGN' },
    );
  }
  return checkpoint;
}

function parse(text: string): Checkpoint | undefined {
  let value: Checkpoint;
  try {
    value = JSON.parse(text) as Checkpoint;
  } catch {
    return undefined;
  }
  const ok =
    isBound(value, FORMAT, VERSION) &&
    Number.isSafeInteger(value.window?.startMs) &&
    Number.isSafeInteger(value.window?.endMs) &&
    Number.isSafeInteger(value.output?.bytes) &&
    value.output.bytes >= 0 &&
    Number.isSafeInteger(value.output.items) &&
    value.output.items >= 0 &&
    typeof value.complete === 'boolean';
  return ok ? value : undefined;
}
