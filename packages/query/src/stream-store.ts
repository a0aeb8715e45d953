import { AbortError, type AuditExportError } from '@audit-export/client';
import { type Adapters, adapters } from './adapters.js';
import type { ApiId, ClientOf, OperationId, ParamsOf } from './options.js';

/** Where a stream is: `creating` and `polling` only for stores that create or wait for a job. */
export type StreamStatus = 'idle' | 'creating' | 'polling' | 'streaming' | 'done' | 'error' | 'aborted';

/** An immutable view of a stream, replaced (never changed) on every batch or status change. */
export interface StreamSnapshot<T, J = string> {
  readonly status: StreamStatus;
  /** Items flushed to the snapshot so far (across resumes). */
  readonly events: number;
  /** Result bytes received so far (across download attempts and resumes); 0 when the source does not count them. */
  readonly bytes: number;
  /**
   * Every item so far, in order (empty with `retain: false`). The array grows in place, so that a million rows
   * are not copied on every frame: watch the snapshot (or `events`) for change, not this array's identity.
   */
  readonly items: readonly T[];
  /** The items of the last flush. */
  readonly lastBatch: readonly T[];
  readonly jobId: string | undefined;
  /** The job's last status seen while polling. */
  readonly jobStatus: J | undefined;
  /** The client's typed error when `status` is `error` (or the AbortError when `aborted`). */
  readonly error: AuditExportError | undefined;
  /** True when `resume()` can continue after the error. */
  readonly resumable: boolean;
}

/** A framework-agnostic store: `subscribe`/`getSnapshot` fit React's useSyncExternalStore, Vue refs, Svelte stores. */
export interface StreamStore<T, J = string> {
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot (the same object until something changes). */
  getSnapshot(): StreamSnapshot<T, J>;
  /** Starts the stream (once; later calls do nothing). */
  start(): void;
  /** Stops the stream: status `aborted`, nothing more is added. */
  abort(reason?: unknown): void;
  /** Continues after a resumable error (see `resumable`); false when there is nothing to resume. */
  resume(): boolean;
  /** Resolves when the stream stops (done, error or aborted), with the final snapshot. */
  settled(): Promise<StreamSnapshot<T, J>>;
}

/** How a store batches items into snapshots. */
export interface StreamStoreOptions<T> {
  /** `'frame'` (default): one snapshot per animation frame (16 ms timer where there are no frames); a number N: every N items. */
  flushEvery?: 'frame' | number | undefined;
  /** Keep every item in `items` (default true); false for consumers that take `lastBatch` or `onBatch` and drop it. */
  retain?: boolean | undefined;
  /** Called with each flushed batch, before listeners are told. */
  onBatch?: ((batch: readonly T[]) => void) | undefined;
  /** Start at once (default true). */
  autoStart?: boolean | undefined;
}

/** What a run reports besides items. */
export interface RunContext<J> {
  signal: AbortSignal;
  /** Reports job, status or byte progress (`bytes`: the running total of the current attempt). */
  report(update: { jobId?: string; jobStatus?: J; status?: StreamStatus; bytes?: number }): void;
}

/** The source of a store: one run, in batches, and how to continue after its error (undefined: not resumable). */
export interface StreamSource<T, J> {
  /** The status a store shows when it starts. */
  initialStatus: StreamStatus;
  run(context: RunContext<J>): AsyncIterable<readonly T[]>;
  resumeAfter?(error: unknown): ((context: RunContext<J>) => AsyncIterable<readonly T[]>) | undefined;
}

/** Adapts a source of single items to a source of batches (one item each: the store batches them again). */
export async function* singles<T>(items: AsyncIterable<T>): AsyncGenerator<readonly T[], void, undefined> {
  for await (const item of items) yield [item];
}

const schedule = (flush: () => void): void => {
  // requestAnimationFrame where there are frames (a browser tab); a frame-long timer elsewhere (Node, workers).
  const raf = (globalThis as { requestAnimationFrame?: (callback: () => void) => number }).requestAnimationFrame;
  if (typeof raf === 'function') raf(flush);
  else setTimeout(flush, 16);
};

type Run<T, J> = (context: RunContext<J>) => AsyncIterable<readonly T[]>;
type SnapshotChange<T, J> = { -readonly [K in keyof StreamSnapshot<T, J>]?: StreamSnapshot<T, J>[K] };
const isFinal = (status: StreamStatus) => status === 'done' || status === 'error' || status === 'aborted';

/**
 * The state behind a store, one concern a method: `publish` makes the next snapshot from what is pending,
 * `collect` batches items as the flush mode says, `drive` pulls a run, `report` takes a run's progress.
 * Once aborted, nothing changes any more, whatever still runs (a flush, a report, the rest of a batch).
 */
class StreamState<T, J> implements StreamStore<T, J> {
  private readonly listeners = new Set<() => void>();
  private readonly items: T[] = [];
  private pending: T[] = [];
  private scheduled = false;
  // Bytes of earlier download attempts, and of the current one (which counts from 0 again on a restart).
  private bytesBefore = 0;
  private attemptBytes = 0;
  private controller = new AbortController();
  private started = false;
  private waiting: Array<(snapshot: StreamSnapshot<T, J>) => void> = [];
  private resumeRun: Run<T, J> | undefined;
  private snapshot: StreamSnapshot<T, J>;

  constructor(
    private readonly source: StreamSource<T, J>,
    private readonly options: StreamStoreOptions<T>,
  ) {
    this.snapshot = {
      status: 'idle',
      events: 0,
      bytes: 0,
      items: this.items,
      lastBatch: [],
      jobId: undefined,
      jobStatus: undefined,
      error: undefined,
      resumable: false,
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getSnapshot(): StreamSnapshot<T, J> {
    return this.snapshot;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.publish({ status: this.source.initialStatus });
    void this.drive((context) => this.source.run(context));
  }

  abort(reason?: unknown): void {
    if (!this.started || isFinal(this.snapshot.status)) return;
    this.controller.abort(reason);
    const error = new AbortError('The stream was aborted.', { jobId: this.snapshot.jobId, cause: reason });
    this.pending = [];
    this.publish({ status: 'aborted', error, resumable: false });
  }

  resume(): boolean {
    const run = this.resumeRun;
    if (this.snapshot.status !== 'error' || run === undefined) return false;
    this.resumeRun = undefined;
    this.controller = new AbortController();
    const status = this.source.initialStatus === 'streaming' ? 'streaming' : 'polling';
    this.publish({ status, error: undefined, resumable: false });
    void this.drive(run);
    return true;
  }

  settled(): Promise<StreamSnapshot<T, J>> {
    if (isFinal(this.snapshot.status)) return Promise.resolve(this.snapshot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The next snapshot: the pending items flushed into it, with `change`; listeners told. */
  private publish(change: SnapshotChange<T, J>): void {
    if (this.snapshot.status === 'aborted') return;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0 && (this.options.retain ?? true)) for (const item of batch) this.items.push(item);
    this.snapshot = {
      ...this.snapshot,
      ...change,
      events: this.snapshot.events + batch.length,
      bytes: this.bytesBefore + this.attemptBytes,
      lastBatch: batch.length > 0 ? batch : this.snapshot.lastBatch,
    };
    if (batch.length > 0) this.options.onBatch?.(batch);
    for (const listener of [...this.listeners]) listener();
    if (isFinal(this.snapshot.status)) {
      for (const resolve of this.waiting) resolve(this.snapshot);
      this.waiting = [];
    }
  }

  /** Pulls one run to its end, its error or an abort. */
  private async drive(run: Run<T, J>): Promise<void> {
    const { signal } = this.controller;
    const context: RunContext<J> = { signal, report: (change) => this.report(signal, change) };
    try {
      for await (const batch of run(context)) {
        if (signal.aborted) break;
        if (this.snapshot.status !== 'streaming') context.report({ status: 'streaming' });
        this.collect(batch, signal);
        if (signal.aborted) break;
      }
      if (!signal.aborted) this.publish({ status: 'done' });
    } catch (error) {
      if (signal.aborted) return;
      this.resumeRun = this.source.resumeAfter?.(error);
      this.publish({ status: 'error', error: error as AuditExportError, resumable: this.resumeRun !== undefined });
    }
  }

  /** Adds a run's batch to what is pending, flushing as the mode says (every N items, or once a frame). */
  private collect(batch: readonly T[], signal: AbortSignal): void {
    const flushEvery = this.options.flushEvery ?? 'frame';
    for (const item of batch) {
      // A listener or onBatch told of one flush may abort: the rest of the batch is not added.
      if (signal.aborted) return;
      this.pending.push(item);
      if (typeof flushEvery === 'number' && this.pending.length >= flushEvery) this.publish({});
    }
    if (flushEvery === 'frame' && !this.scheduled && this.pending.length > 0) {
      this.scheduled = true;
      schedule(() => {
        this.scheduled = false;
        if (this.pending.length > 0 && !this.controller.signal.aborted) this.publish({});
      });
    }
  }

  /** A run's job, status or byte progress; a job or status change is shown at once, bytes with the next batch. */
  private report(signal: AbortSignal, change: Parameters<RunContext<J>['report']>[0]): void {
    if (signal.aborted) return;
    if (change.bytes !== undefined) {
      // A new download attempt starts counting from 0 again: bank what the previous one received.
      if (change.bytes < this.attemptBytes) this.bytesBefore += this.attemptBytes;
      this.attemptBytes = change.bytes;
    }
    const next: SnapshotChange<T, J> = {};
    if (change.jobId !== undefined && change.jobId !== this.snapshot.jobId) next.jobId = change.jobId;
    if (change.jobStatus !== undefined && change.jobStatus !== this.snapshot.jobStatus)
      next.jobStatus = change.jobStatus;
    if (change.status !== undefined && change.status !== this.snapshot.status) next.status = change.status;
    if (Object.keys(next).length > 0) this.publish(next);
  }
}

/** Creates a store over any source of items (the export store and the per-operation stream stores use it). */
export function createStreamStore<T, J = string>(
  source: StreamSource<T, J>,
  options: StreamStoreOptions<T> = {},
): StreamStore<T, J> {
  const state = new StreamState(source, options);
  // Plain functions, not methods: callers hand `store.subscribe` and `store.getSnapshot` around unbound.
  const store: StreamStore<T, J> = {
    subscribe: (listener) => state.subscribe(listener),
    getSnapshot: () => state.getSnapshot(),
    start: () => state.start(),
    abort: (reason) => state.abort(reason),
    resume: () => state.resume(),
    settled: () => state.settled(),
  };
  if (options.autoStart ?? true) store.start();
  return store;
}

/** The item type a stream operation yields. */
export type ItemOf<A extends ApiId, O extends OperationId<A>> = Adapters[A][O] extends (
  ...args: never[]
) => AsyncIterable<infer T>
  ? T
  : never;

/** A store over one stream operation (exported per operation as `<operationId>Store`). */
export function streamStoreFor<A extends ApiId, O extends OperationId<A>>(
  api: A,
  operationId: O,
  client: ClientOf<A, O>,
  params: ParamsOf<A, O>,
  options?: StreamStoreOptions<ItemOf<A, O>>,
): StreamStore<ItemOf<A, O>> {
  const call = adapters[api][operationId] as (c: unknown, p: unknown, s: AbortSignal) => AsyncIterable<ItemOf<A, O>>;
  return createStreamStore(
    { initialStatus: 'streaming', run: ({ signal }) => singles(call(client, params, signal)) },
    options,
  );
}
