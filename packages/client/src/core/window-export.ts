/**
 * Complete windows: one export of a time window, read as many jobs ("parts") as the server's result limit needs.
 *
 * Both APIs cut a job's result at a limit and keep the earliest items (decisions D16/D19 and Z9), so every item
 * earlier than the latest one read is in a cut result and only the latest instant may be short. The next part
 * starts at that instant, and the items at it that were already delivered are dropped by id: every item of the
 * window once, in O(items at one instant) memory. When `limit` or more items share one instant, no part can
 * reach past them: ResultLimitError with `instant`, never a silent gap.
 */
import type { Clock } from './clock.js';
import { throwIfAborted } from './clock.js';
import { ExportIncompleteError, InvalidArgumentError, ResultLimitError, UnexpectedResponseError } from './errors.js';
import { instantKey } from './instant.js';
import { DownloadPosition, type DownloadSource, resumableBatches } from './resumable-download.js';
import { type OpenedPoint, type ResumePoint, sealPoint, type WindowPoint } from './resume-point.js';

/** A part's job, finished and ready to download. */
export interface ReadyPart<T> {
  source: DownloadSource<T>;
  /** Most items the job returns: the server's result limit. */
  limit: number;
}

/** A part's new job, and where the part ends when it stops short of the window's end. */
export interface CreatedPart {
  jobId: string;
  until?: string | undefined;
}

/** What an export's place looks like to a progress report. */
export interface WindowProgress {
  jobId: string;
  /** 1-based number of the part (job) being read. */
  part: number;
  /** Items delivered to the caller so far. */
  delivered: number;
  /** Result bytes received in the current download attempt. */
  bytes: number;
  /** The latest time read so far: the window is delivered up to here. */
  reached: string | undefined;
}

/** The API side of a window export. */
export interface WindowApi<T> {
  /** The whole window's query, kept in resume points; undefined for an existing job, which cannot be continued. */
  query: unknown;
  /** Creates the job of the part that starts at `from` (undefined: the window's own start). */
  createPart(from: string | undefined, signal: AbortSignal | undefined): Promise<CreatedPart>;
  /** Waits until a part's job is finished (resuming or reporting as the API does) and says what to download. */
  preparePart(jobId: string, signal: AbortSignal | undefined): Promise<ReadyPart<T>>;
  /** The item's time (the audit query's `timestamp`, Zoho's audited time); anything but a time text is unreadable. */
  timeOf(item: T): unknown;
  /** What dedups an item at a part boundary (an event's id; a Zoho entry's values). */
  idOf(item: T): string;
  /** Names a job's file in messages, e.g. `the result of job …`. */
  describe(jobId: string, file: number): string;
  /** The call that continues after an error, for its message. */
  continueWith: string;
  /** What the items are called in messages (`events`, `entries`). */
  noun: string;
  /** Removes credentials from a failure's text before it goes into a message. */
  scrub(text: string): string;
  /** Called whenever the export's place changes. */
  progress?(progress: WindowProgress): void;
}

/** Options of windowExport. */
export interface WindowExportOptions {
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Where a previous run stopped (already opened and checked against this window or job). */
  resumeFrom?: OpenedPoint | undefined;
  /** The existing job to read when there is no resume point and no query. */
  jobId?: string | undefined;
  /** Most jobs this call creates (default: as many as the window needs). */
  maxJobs?: number | undefined;
  downloadRetries?: number | undefined;
}

/** A window export: its items, in batches or one by one, and where it stands. */
export interface WindowExport<T> {
  batches(): AsyncGenerator<T[], void, undefined>;
  items(): AsyncGenerator<T, void, undefined>;
  /** Where to continue after everything handed out so far; undefined until a job exists. */
  resumePoint(): ResumePoint | undefined;
  /** The current part's job id ('' before the first job exists). */
  jobId(): string;
}

/** Starts a window export (nothing happens until one of its generators is iterated). */
export function windowExport<T>(api: WindowApi<T>, options: WindowExportOptions): WindowExport<T> {
  const maxJobs = options.maxJobs ?? Number.POSITIVE_INFINITY;
  if (!(maxJobs >= 1) || (Number.isFinite(maxJobs) && !Number.isInteger(maxJobs))) {
    throw new InvalidArgumentError(`maxJobs must be a positive integer, got ${String(options.maxJobs)}.`);
  }
  const state = new WindowState(options.resumeFrom, options.jobId);
  let bytes = 0;
  const report = () =>
    api.progress?.({
      jobId: state.jobId ?? '',
      part: state.part + 1,
      delivered: state.delivered,
      bytes,
      reached: state.latest ?? state.cursor,
    });

  async function* run<Out>(emit: (batch: T[]) => Generator<Out, void, undefined>): AsyncGenerator<Out, void> {
    const { signal } = options;
    let created = 0;
    for (;;) {
      if (state.jobId === undefined || state.pending) {
        if (created >= maxJobs) throw state.limitReached(api, maxJobsMessage(maxJobs));
        const part = await api.createPart(state.cursor, signal);
        created++;
        state.startPart(part);
        report();
      }
      const jobId = state.jobId as string;
      const ready = await api.preparePart(jobId, signal);
      state.checkFiles(ready.source.files, jobId);
      state.limit = ready.limit;
      const download = resumableBatches(ready.source, {
        clock: options.clock,
        signal,
        position: state.position,
        downloadRetries: options.downloadRetries,
        onBytes: (count) => {
          bytes = count;
          report();
        },
        changed: (file) => state.changed(api, jobId, file),
        stopped: (file, failure) => state.stopped(api, jobId, file, failure),
      });
      for await (const batch of download) {
        yield* emit(batch);
        report();
      }
      if (state.finishPart(api, ready.limit) === 'complete') {
        report();
        return;
      }
      bytes = 0;
    }
  }

  function* batchOf(batch: T[]): Generator<T[], void, undefined> {
    const fresh: T[] = [];
    for (const item of batch) if (state.absorb(api, item)) fresh.push(item);
    if (fresh.length > 0) {
      yield fresh;
      throwIfAborted(options.signal, { jobId: state.jobId });
    }
  }

  function* itemsOf(batch: T[]): Generator<T, void, undefined> {
    for (const item of batch) {
      if (!state.absorb(api, item)) continue;
      yield item;
      // The consumer may have aborted inside its loop body: the rest of the batch is not handed out.
      throwIfAborted(options.signal, { jobId: state.jobId });
    }
  }

  return {
    batches: () => run(batchOf),
    items: () => run(itemsOf),
    resumePoint: () => state.point(api.query),
    jobId: () => state.jobId ?? '',
  };
}

function maxJobsMessage(maxJobs: number): string {
  return `the export may create at most ${maxJobs} job(s) (maxJobs)`;
}

/** Everything a resume point holds, and the rules that move it. */
class WindowState {
  jobId: string | undefined;
  pending = false;
  part = 0;
  cursor: string | undefined;
  until: string | undefined;
  carried = new Set<string>();
  latest: string | undefined;
  latestIds = new Set<string>();
  position = new DownloadPosition();
  delivered = 0;
  limit = 0;
  /** Items of the current part handed on (not dropped as duplicates) and items with no readable time. */
  freshInPart = 0;
  unreadable = 0;

  constructor(point: OpenedPoint | undefined, jobId: string | undefined) {
    this.jobId = point?.jobId ?? jobId;
    if (!point) return;
    const window = point.window;
    this.delivered = point.delivered;
    const before = window ? window.received : point.delivered - point.fingerprint.count;
    this.position = new DownloadPosition(point.fileIndex, before, point.fingerprint);
    if (!window) return;
    this.part = window.part;
    this.pending = window.pending === true;
    this.cursor = window.cursor;
    this.until = window.until;
    this.carried = new Set(window.carried);
    this.latest = window.latest;
    this.latestIds = new Set(window.latestIds);
  }

  /** A new part's job exists: read it from its first item. */
  startPart(part: CreatedPart): void {
    this.jobId = part.jobId;
    this.until = part.until;
    this.pending = false;
    this.position = new DownloadPosition();
    this.latest = undefined;
    this.latestIds = new Set();
    this.freshInPart = 0;
    this.unreadable = 0;
  }

  /** A resume point naming a file the job does not have was not written for it. */
  checkFiles(files: number, jobId: string): void {
    if (this.position.fileIndex > 0 && this.position.fileIndex >= files) {
      throw new InvalidArgumentError(
        `resumeFrom cannot be used: its fileIndex ${this.position.fileIndex} is not one of job ${jobId}'s ${files} file(s).`,
        { jobId },
      );
    }
  }

  /**
   * Accounts for one item read and says whether to hand it on: not when an earlier part delivered it (an item
   * at or before the part's start that the boundary holds, or before it at all).
   */
  absorb(api: WindowApi<unknown>, item: unknown): boolean {
    const id = api.idOf(item);
    this.position.take(id);
    const time = api.timeOf(item);
    if (!readableTime(time)) {
      // Without a time it cannot be placed; an id the boundary holds is still a duplicate.
      if (this.cursor !== undefined && this.carried.has(id)) return false;
      this.unreadable++;
    } else {
      if (this.cursor !== undefined) {
        const order = compareTimes(time, this.cursor);
        // Earlier parts read everything before their end: an item before this part's start was delivered.
        if (order < 0 || (order === 0 && this.carried.has(id))) {
          this.see(time, id);
          return false;
        }
      }
      this.see(time, id);
    }
    this.delivered++;
    this.freshInPart++;
    return true;
  }

  /** Keeps the latest time of the part and the ids read at it (they may not be delivered again). */
  private see(time: string, id: string): void {
    const order = this.latest === undefined ? 1 : compareTimes(time, this.latest);
    if (order > 0) {
      this.latest = time;
      // Reused rather than replaced: times mostly rise item by item, and a set each would be garbage.
      this.latestIds.clear();
      this.latestIds.add(id);
    } else if (order === 0) {
      this.latestIds.add(id);
    }
  }

  /** After a part's last item: the window is complete, or the state moves to the next part. */
  finishPart(api: WindowApi<unknown>, limit: number): 'complete' | 'next' {
    const cut = this.position.received >= limit;
    let next: string;
    if (!cut) {
      if (this.until === undefined) return 'complete';
      next = this.until;
    } else {
      if (this.unreadable > 0 || this.latest === undefined) {
        throw new UnexpectedResponseError(
          `Job ${this.jobId} returned ${this.position.received} ${api.noun}, its limit of ${limit}, and ${this.unreadable > 0 ? `${this.unreadable} of them have no readable time` : 'none of them inside its window'}, so the export cannot tell where to continue. Export a narrower window.`,
          { code: 'BAD_RESPONSE', jobId: this.jobId },
        );
      }
      if (api.query === undefined) {
        throw this.limitReached(
          api,
          `job ${this.jobId}'s result reached its limit of ${limit}, and an existing job carries no query to continue with`,
        );
      }
      if (this.cursor !== undefined && compareTimes(this.latest, this.cursor) === 0 && this.freshInPart === 0) {
        throw this.limitReached(
          api,
          `${limit} or more ${api.noun} share the instant ${this.latest}, and a job returns at most ${limit}, so no job can reach past it`,
          this.latest,
        );
      }
      next = this.latest;
    }
    const atNext =
      this.latest !== undefined && compareTimes(this.latest, next) === 0 ? this.latestIds : new Set<string>();
    const stayed = this.cursor !== undefined && compareTimes(next, this.cursor) === 0;
    this.carried = stayed ? new Set([...this.carried, ...atNext]) : atNext;
    this.cursor = next;
    this.part++;
    this.pending = true;
    this.until = undefined;
    this.latest = undefined;
    this.latestIds = new Set();
    this.position = new DownloadPosition();
    return 'next';
  }

  /** The export cannot read past a limit: what was delivered, up to when, and how to go on. */
  limitReached(api: WindowApi<unknown>, why: string, instant?: string): ResultLimitError {
    const resumable = instant === undefined && api.query !== undefined;
    const reached = instant ?? this.cursor;
    return new ResultLimitError(
      `The export stopped at the server's result limit: ${why}. ${this.delivered} ${api.noun} were delivered, each once${reached ? `, up to ${reached}` : ''}; the rest of the window was not. ${
        instant !== undefined
          ? `${capitalize(api.noun)} at ${instant} beyond the first ${this.limit} cannot be listed by this API; to go on, export again from just after that instant, accepting that gap.`
          : resumable
            ? `Continue with ${api.continueWith} (error.resumePoint).`
            : 'Export by filters or criteria instead of by job id, so the client can continue with more jobs.'
      }`,
      {
        jobId: this.jobId,
        eventsDelivered: this.delivered,
        limit: this.limit,
        instant,
        reached,
        resumePoint: resumable ? this.point(api.query) : undefined,
      },
    );
  }

  /** The re-downloaded file does not start with the items already read. */
  changed(api: WindowApi<unknown>, jobId: string, file: number): ExportIncompleteError {
    return new ExportIncompleteError(
      `${capitalize(api.describe(jobId, file))} changed between download attempts: it no longer starts with the items already delivered, so the download cannot continue without duplicates or gaps. Start a new export.`,
      { code: 'RESULT_CHANGED', jobId, eventsDelivered: this.delivered, bytesReceived: 0 },
    );
  }

  /** Restarts ran out, or the failure is not one a restart fixes: say how far it got and how to continue. */
  stopped(
    api: WindowApi<unknown>,
    jobId: string,
    file: number,
    failure: { error: unknown; attempts: number; bytes: number },
  ): ExportIncompleteError {
    const { error } = failure;
    const reason = api.scrub(error instanceof Error ? error.message : String(error));
    return new ExportIncompleteError(
      `${capitalize(api.describe(jobId, file))} could not be read to the end: ${this.delivered} ${api.noun} were delivered, then ${reason} (after ${failure.attempts} download attempt(s)). Continue after them with ${api.continueWith} (error.resumePoint); without resumeFrom the export starts again from the first item.`,
      {
        jobId,
        eventsDelivered: this.delivered,
        bytesReceived: failure.bytes,
        resumePoint: this.point(api.query),
        cause: error,
      },
    );
  }

  /** The sealed resume point of the current place. */
  point(query: unknown): ResumePoint | undefined {
    if (this.jobId === undefined) return undefined;
    let window: WindowPoint | undefined;
    if (query !== undefined) {
      window = {
        part: this.part,
        query,
        carried: [...this.carried].sort(),
        latestIds: [...this.latestIds].sort(),
        received: this.position.before,
      };
      if (this.cursor !== undefined) window.cursor = this.cursor;
      if (this.until !== undefined) window.until = this.until;
      if (this.latest !== undefined) window.latest = this.latest;
      if (this.pending) window.pending = true;
    }
    return sealPoint(
      { jobId: this.jobId, eventsDelivered: this.delivered, fileIndex: this.position.fileIndex, window },
      this.position.fingerprint,
    );
  }
}

// The shape the APIs write (`2024-09-26T12:34:15.884Z`): no need to parse it to know it is a time.
const UTC_TIME = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d(?:\.\d{1,9})?Z$/;

function readableTime(time: unknown): time is string {
  return typeof time === 'string' && (UTC_TIME.test(time) || instantKey(time) !== undefined);
}

/**
 * Orders two time texts. The APIs write times in one shape (same length, UTC `Z`): then the texts order as the
 * instants do and no parsing is needed; any other pair is compared by instant.
 */
export function compareTimes(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z') && a[10] === b[10]) return a < b ? -1 : 1;
  const ka = instantKey(a) ?? '';
  const kb = instantKey(b) ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
