import { AbortError, ExportIncompleteError, ExportJobFailedError } from '@audit-export/client';
import { faultyFetch } from '@audit-export/mock';
import { describe, expect, it } from 'vitest';
import { createExportStore, createStreamStore, getExportJobResultStore, type StreamSnapshot } from '../src/index.js';
import { isResult, PERIOD, startMock } from './helpers/mock.js';

/** Every distinct snapshot a store publishes. */
function record<T, J>(store: { subscribe(l: () => void): () => void; getSnapshot(): StreamSnapshot<T, J> }) {
  const seen: StreamSnapshot<T, J>[] = [store.getSnapshot()];
  store.subscribe(() => {
    if (seen.at(-1) !== store.getSnapshot()) seen.push(store.getSnapshot());
  });
  return seen;
}

describe('createExportStore', () => {
  it('creates, polls and streams the ground truth in frame batches, with counts and job status', async () => {
    const { mock, client } = await startMock();
    const store = createExportStore(client, { ...PERIOD, attributes: {}, autoStart: false });
    const seen = record(store);
    store.start();
    const final = await store.settled();
    const truth = mock.expectedEvents(final.jobId ?? '').map((event) => event.eventId);
    expect(truth.length).toBeGreaterThan(100);
    expect(final).toMatchObject({ status: 'done', jobStatus: 'COMPLETED', events: truth.length, error: undefined });
    expect(final.items.map((event) => event.eventId)).toEqual(truth);
    expect(final.bytes).toBeGreaterThan(truth.length * 50);
    const statuses = seen.map((s) => s.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['idle', 'creating', 'polling', 'streaming', 'done']);
    // Batched: far fewer snapshots than events, and each batch adds up.
    const batches = seen.filter((s, i) => i > 0 && s.events !== seen[i - 1]?.events);
    expect(batches.length).toBeLessThan(truth.length / 10);
    expect(batches.reduce((sum, s) => sum + s.lastBatch.length, 0)).toBe(truth.length);
  });

  it('flushes every N events with flushEvery: N', async () => {
    const { client } = await startMock();
    const store = createExportStore(client, { ...PERIOD, attributes: {}, flushEvery: 50, autoStart: false });
    const seen = record(store);
    store.start();
    const final = await store.settled();
    const sizes = seen.filter((s, i) => i > 0 && s.events !== seen[i - 1]?.events).map((s) => s.lastBatch.length);
    expect(sizes.slice(0, -1).every((size) => size === 50)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(final.events);
  });

  it('aborts: status aborted, an AbortError, and nothing added afterwards', async () => {
    const fetch = faultyFetch('dribble=400:4000', isResult);
    const { client } = await startMock({}, { fetch });
    const store = createExportStore(client, { ...PERIOD, attributes: {}, flushEvery: 1 });
    await new Promise<void>((resolve) => {
      const off = store.subscribe(() => {
        if (store.getSnapshot().events > 0) {
          off();
          resolve();
        }
      });
    });
    store.abort();
    const at = store.getSnapshot();
    expect(at.status).toBe('aborted');
    expect(at.error).toBeInstanceOf(AbortError);
    expect(at.resumable).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.getSnapshot()).toBe(at);
    expect(store.resume()).toBe(false);
  });

  it.each([1, 7])(
    'aborted by a listener in the middle of a batch (flushEvery: %i): the rest of the batch is not added (a flush mid-batch once let it add the rest)',
    async (flushEvery) => {
      const { client } = await startMock();
      const store = createExportStore(client, { ...PERIOD, attributes: {}, flushEvery, autoStart: false });
      let at: StreamSnapshot<unknown, unknown> | undefined;
      let batchesAfter = 0;
      store.subscribe(() => {
        if (at) batchesAfter++;
        if (!at && store.getSnapshot().events > 0) {
          store.abort();
          at = store.getSnapshot();
        }
      });
      store.start();
      const final = await store.settled();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(at?.status).toBe('aborted');
      expect(at?.events).toBe(flushEvery);
      expect(store.getSnapshot()).toBe(at);
      expect(final).toBe(at);
      expect(final.items).toHaveLength(flushEvery);
      expect(batchesAfter).toBe(0);
    },
  );

  it('resumes after ExportIncompleteError from its resume point: every event exactly once', async () => {
    let results = 0;
    const fetch = faultyFetch('drop-after-lines=37', (request) => isResult(request) && results++ === 0);
    const { mock, client } = await startMock({}, { fetch });
    const store = createExportStore(client, { ...PERIOD, attributes: {}, downloadRetries: 0 });
    const failed = await store.settled();
    expect(failed.status).toBe('error');
    expect(failed.error).toBeInstanceOf(ExportIncompleteError);
    expect(failed.resumable).toBe(true);
    expect(failed.events).toBe(37);
    expect(store.resume()).toBe(true);
    const final = await store.settled();
    expect(final.status).toBe('done');
    const truth = mock.expectedEvents(final.jobId ?? '').map((event) => event.eventId);
    expect(final.items.map((event) => event.eventId)).toEqual(truth);
    expect(final.events).toBe(truth.length);
  });

  it('resumes a FAILED job', async () => {
    const fetch = faultyFetch('fail-job', (request) => /\/v2\/export$/.test(new URL(request.url).pathname));
    const { mock, client } = await startMock({}, { fetch });
    const store = createExportStore(client, { ...PERIOD, attributes: {} });
    const failed = await store.settled();
    expect(failed).toMatchObject({ status: 'error', jobStatus: 'FAILED', resumable: true });
    expect(failed.error).toBeInstanceOf(ExportJobFailedError);
    expect(store.resume()).toBe(true);
    const final = await store.settled();
    expect(final.status).toBe('done');
    expect(final.items.map((e) => e.eventId)).toEqual(mock.expectedEvents(final.jobId ?? '').map((e) => e.eventId));
  });
});

describe('stream stores', () => {
  it('getExportJobResultStore streams a completed job’s result', async () => {
    const { mock, client } = await startMock();
    const job = await client.createExport({ ...PERIOD, attributes: {} });
    await client.waitForJob(job.jobId);
    const final = await getExportJobResultStore(client, { jobId: job.jobId }, { retain: false }).settled();
    expect(final.status).toBe('done');
    expect(final.items).toEqual([]);
    expect(final.events).toBe(mock.expectedEvents(job.jobId).length);
  });

  it('uses requestAnimationFrame where there is one', async () => {
    const frames: Array<() => void> = [];
    const global = globalThis as { requestAnimationFrame?: (callback: () => void) => number };
    global.requestAnimationFrame = (callback) => frames.push(callback);
    try {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const store = createStreamStore<number>({
        initialStatus: 'streaming',
        async *run() {
          yield [1, 2];
          yield [3];
          await gate;
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(store.getSnapshot().events).toBe(0);
      expect(frames).toHaveLength(1);
      frames.shift()?.();
      expect(store.getSnapshot()).toMatchObject({ events: 3, lastBatch: [1, 2, 3], status: 'streaming' });
      release();
      expect((await store.settled()).status).toBe('done');
    } finally {
      delete global.requestAnimationFrame;
    }
  });
});
