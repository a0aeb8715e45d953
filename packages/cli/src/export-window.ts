/**
 * The commit protocol both `pull` and `sync` use: items are appended to the sink as they arrive; every
 * `checkpointEvery` items (and every `checkpointMs`) the sink is flushed and fsynced, and only then is the
 * resume point saved (atomically) with the committed byte offset. A crash at any instant leaves a saved point
 * whose bytes are on disk; the rerun cuts the output back to them and continues from that point.
 */
import { type ExportItem, ITEM_KINDS } from './apis.js';
import { type ExportSource, openExport, type SourceRequest } from './export-source.js';
import type { Sink } from './output/output-file.js';
import type { Reporter } from './progress/reporter.js';

/** What is committed: output bytes and items, and where the export continues. */
export interface Committed {
  bytes: number;
  items: number;
  resume: unknown;
}

/** Options of {@link exportWindow}. */
export interface WindowExport {
  request: Omit<SourceRequest, 'onProgress' | 'resumeFrom' | 'delivered'>;
  /** The committed state of an earlier run (undefined: from the window's start). */
  from: Committed | undefined;
  sink: Sink;
  reporter: Reporter;
  /** Commit after this many items (default 10,000). */
  checkpointEvery: number;
  /** Commit at least this often while items arrive (ms). */
  checkpointMs: number;
  /** Drops items already written by an earlier run (sync's overlap); also sees every item written. */
  filter?: { keep(item: ExportItem): boolean; written(item: ExportItem): void };
  /** Saves the committed state durably (checkpoint or sync state). Called after the sink's data is durable. */
  save(committed: Committed): Promise<void>;
}

/** Exports one window through the commit protocol; the final commit is saved before it returns. */
export async function exportWindow(options: WindowExport): Promise<Committed> {
  const kind = ITEM_KINDS[options.request.api];
  const { sink, filter } = options;
  let items = options.from?.items ?? 0;
  let source: ExportSource | undefined;
  source = openExport({
    ...options.request,
    resumeFrom: options.from?.resume,
    delivered: items,
    onProgress: (progress) => options.reporter.progress(progress),
  });
  let uncommitted = 0;
  let lastCommit = Date.now();
  let sinkFailed = false;
  const commit = async (): Promise<Committed> => {
    let bytes: number;
    try {
      bytes = await sink.commit();
    } catch (error) {
      sinkFailed = true;
      throw error;
    }
    const committed = { bytes, items, resume: source?.resumePoint() ?? null };
    await options.save(committed);
    uncommitted = 0;
    lastCommit = Date.now();
    return committed;
  };
  try {
    for await (const batch of source.batches()) {
      let text = '';
      let written = 0;
      for (const item of batch) {
        if (filter && !filter.keep(item)) continue;
        text += `${kind.lineOf(item)}\n`;
        filter?.written(item);
        written++;
      }
      if (written > 0) {
        try {
          await sink.append(Buffer.from(text, 'utf8'));
        } catch (error) {
          sinkFailed = true;
          throw error;
        }
      }
      items += written;
      uncommitted += batch.length;
      if (uncommitted >= options.checkpointEvery || Date.now() - lastCommit >= options.checkpointMs) await commit();
    }
    return await commit();
  } catch (error) {
    // Everything appended belongs to the last batch taken, so the resume point matches: keep the progress.
    if (!sinkFailed && uncommitted > 0) await commit().catch(() => undefined);
    throw error;
  }
}
