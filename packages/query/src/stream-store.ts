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

/** Creates a store over any source of items (the export store and the per-operation stream stores use it). */
export function createStreamStore<T, J = string>(
  source: StreamSource<T, J>,
  options: StreamStoreOptions<T> = {},
): StreamStore<T, J> {
  const flushEvery = options.flushEvery ?? 'frame';
  const retain = options.retain ?? true;
  const listeners = new Set<() => void>();
  const items: T[] = [];
  let pending: T[] = [];
  let scheduled = false;
  let bytesBefore = 0;
  let attemptBytes = 0;
  let controller = new AbortController();
  let started = false;
  let settle: Array<(snapshot: StreamSnapshot<T, J>) => void> = [];
  let snapshot: StreamSnapshot<T, J> = {
    status: 'idle',
    events: 0,
    bytes: 0,
    items,
    lastBatch: [],
    jobId: undefined,
    jobStatus: undefined,
    error: undefined,
    resumable: false,
  };
  let resumeRun: ((context: RunContext<J>) => AsyncIterable<readonly T[]>) | undefined;

  const update = (change: Partial<StreamSnapshot<T, J>>) => {
    // Whatever still runs after `abort()` (a flush, a report, the rest of a batch) changes nothing.
    if (snapshot.status === 'aborted') return;
    const batch = pending;
    pending = [];
    if (batch.length > 0 && retain) for (const item of batch) items.push(item);
    snapshot = {
      ...snapshot,
      ...change,
      events: snapshot.events + batch.length,
      bytes: bytesBefore + attemptBytes,
      lastBatch: batch.length > 0 ? batch : snapshot.lastBatch,
    };
    if (batch.length > 0) options.onBatch?.(batch);
    for (const listener of [...listeners]) listener();
    if (['done', 'error', 'aborted'].includes(snapshot.status)) {
      for (const resolve of settle) resolve(snapshot);
      settle = [];
    }
  };
  const flushScheduled = () => {
    scheduled = false;
    if (pending.length > 0 && controller.signal.aborted === false) update({});
  };
  const context = (signal: AbortSignal): RunContext<J> => ({
    signal,
    report(change) {
      if (signal.aborted) return;
      if (change.bytes !== undefined) {
        // A new download attempt starts counting from 0 again: bank what the previous one received.
        if (change.bytes < attemptBytes) bytesBefore += attemptBytes;
        attemptBytes = change.bytes;
      }
      const next: { -readonly [K in keyof StreamSnapshot<T, J>]?: StreamSnapshot<T, J>[K] } = {};
      if (change.jobId !== undefined && change.jobId !== snapshot.jobId) next.jobId = change.jobId;
      if (change.jobStatus !== undefined && change.jobStatus !== snapshot.jobStatus) next.jobStatus = change.jobStatus;
      if (change.status !== undefined && change.status !== snapshot.status) next.status = change.status;
      // Byte counts alone wait for the next batch; a job or status change is shown at once.
      if (Object.keys(next).length > 0) update(next);
    },
  });

  const drive = async (run: (context: RunContext<J>) => AsyncIterable<readonly T[]>) => {
    const { signal } = controller;
    const ctx = context(signal);
    try {
      for await (const batch of run(ctx)) {
        if (signal.aborted) break;
        if (snapshot.status !== 'streaming') ctx.report({ status: 'streaming' });
        for (const item of batch) {
          // A listener or onBatch told of one flush may abort: the rest of the batch is not added.
          if (signal.aborted) break;
          pending.push(item);
          if (typeof flushEvery === 'number' && pending.length >= flushEvery) update({});
        }
        if (signal.aborted) break;
        if (flushEvery === 'frame' && !scheduled && pending.length > 0) {
          scheduled = true;
          schedule(flushScheduled);
        }
      }
      if (!signal.aborted) update({ status: 'done' });
    } catch (error) {
      if (signal.aborted) return;
      resumeRun = source.resumeAfter?.(error);
      update({ status: 'error', error: error as AuditExportError, resumable: resumeRun !== undefined });
    }
  };

  const store: StreamStore<T, J> = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    start() {
      if (started) return;
      started = true;
      update({ status: source.initialStatus });
      void drive((ctx) => source.run(ctx));
    },
    abort(reason) {
      if (!started || ['done', 'error', 'aborted'].includes(snapshot.status)) return;
      controller.abort(reason);
      const error = new AbortError('The stream was aborted.', { jobId: snapshot.jobId, cause: reason });
      pending = [];
      update({ status: 'aborted', error, resumable: false });
    },
    resume() {
      const run = resumeRun;
      if (snapshot.status !== 'error' || run === undefined) return false;
      resumeRun = undefined;
      controller = new AbortController();
      update({
        status: source.initialStatus === 'streaming' ? 'streaming' : 'polling',
        error: undefined,
        resumable: false,
      });
      void drive(run);
      return true;
    },
    settled() {
      if (['done', 'error', 'aborted'].includes(snapshot.status)) return Promise.resolve(snapshot);
      return new Promise((resolve) => settle.push(resolve));
    },
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
