import type { ResumePoint } from './resume-point.js';

/**
 * An export in progress: iterate it for its items (or batches), and ask it where to continue at any point
 * between them — after writing a batch to disk, say — to save a checkpoint another process can resume from.
 */
export interface ExportRun<T> extends AsyncGenerator<T, void, undefined> {
  /**
   * Where to continue after everything handed out so far (pass it as `resumeFrom` with the same filters,
   * criteria or job); undefined until the export's first job exists. Plain, sealed JSON.
   */
  resumePoint(): ResumePoint | undefined;
}

/** An export once it is set up: its items, and where it stands. */
export interface StartedExport<T> {
  items: AsyncGenerator<T, void, undefined>;
  resumePoint(): ResumePoint | undefined;
}

/**
 * An ExportRun that sets itself up on the first `next()`: a bad option or resume point is thrown while iterating,
 * like every other failure of an export, not by the call that returned the run.
 */
export function exportRun<T>(start: () => StartedExport<T>): ExportRun<T> {
  let started: StartedExport<T> | undefined;
  async function* run(): AsyncGenerator<T, void, undefined> {
    started = start();
    yield* started.items;
  }
  return Object.assign(run(), { resumePoint: () => started?.resumePoint() });
}
