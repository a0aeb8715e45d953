import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStreamStore, type StreamSnapshot, type StreamStore } from '../src/index.js';

// Fixed seed, bounded runs: fast-check prints the seed and the counterexample's path on failure.
const SEED = 230_001;

/** Where abort() is called from: a listener, onBatch, the status change to streaming, or the source between chunks. */
const triggers = fc.record({
  kind: fc.constantFrom('listener', 'onBatch', 'streaming', 'source'),
  after: fc.nat({ max: 60 }),
});

/** Animation frames held back and run when the test says (between chunks, after the stream). */
const frames: Array<() => void> = [];
const runFrames = () => {
  for (const frame of frames.splice(0)) frame();
};
const global = globalThis as { requestAnimationFrame?: (callback: () => void) => number };
beforeEach(() => {
  global.requestAnimationFrame = (callback) => frames.push(callback);
});
afterEach(() => {
  delete global.requestAnimationFrame;
  frames.length = 0;
});

describe('createStreamStore abort (property)', () => {
  it('adds nothing after abort() returned, in every flush mode, wherever abort() is called from', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.oneof(fc.constant('frame' as const), fc.integer({ min: 1, max: 9 })),
        triggers,
        async (sizes, frameAfter, flushEvery, trigger) => {
          // Items are numbered in order, so what the store holds must be exactly a prefix of them.
          let next = 0;
          const chunks = sizes.map((size) => Array.from({ length: size }, () => next++));
          const total = next;
          let store: StreamStore<number> | undefined;
          let at: { snapshot: StreamSnapshot<number>; items: number } | undefined;
          let flushed = 0;
          let batchesAfterAbort = 0;
          const abort = () => {
            if (at || !store) return;
            store.abort();
            const snapshot = store.getSnapshot();
            // abort() after the stream ended (done) changes nothing, as documented.
            if (snapshot.status === 'aborted') at = { snapshot, items: snapshot.items.length };
          };
          store = createStreamStore<number>(
            {
              initialStatus: 'streaming',
              async *run() {
                for (const [i, chunk] of chunks.entries()) {
                  if (trigger.kind === 'source' && i === trigger.after) abort();
                  yield chunk;
                  // Frames fall between network chunks wherever the arbitrary says.
                  if (frameAfter[i]) runFrames();
                }
              },
            },
            {
              flushEvery,
              autoStart: false,
              onBatch(batch) {
                if (at) batchesAfterAbort++;
                flushed += batch.length;
                if (trigger.kind === 'onBatch' && flushed >= trigger.after) abort();
              },
            },
          );
          store.subscribe(() => {
            const snapshot = store?.getSnapshot();
            if (trigger.kind === 'listener' && (snapshot?.events ?? 0) >= Math.max(1, trigger.after)) abort();
            if (trigger.kind === 'streaming' && snapshot?.status === 'streaming') abort();
          });
          store.start();
          const settled = await store.settled();
          // Whatever was still queued (frames, timers, the source's next chunk) runs now.
          for (let i = 0; i < 3; i++) {
            runFrames();
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          const final = store.getSnapshot();
          expect(settled).toBe(final);
          if (at) {
            expect(final).toBe(at.snapshot);
            expect(final.status).toBe('aborted');
            expect(final.items.length).toBe(at.items);
            expect(batchesAfterAbort).toBe(0);
          } else {
            expect(final.status).toBe('done');
            expect(final.events).toBe(total);
          }
          expect(final.items.length).toBe(final.events);
          expect(flushed).toBe(final.events);
          expect(final.items).toEqual(Array.from({ length: final.events }, (_, i) => i));
        },
      ),
      { seed: SEED, numRuns: 400, verbose: 1 },
    );
  });
});

describe('createStreamStore', () => {
  it('works with its functions taken off the store (as useSyncExternalStore, Svelte and Vue take them)', async () => {
    const { subscribe, getSnapshot, start, settled } = createStreamStore<number>(
      {
        initialStatus: 'streaming',
        async *run() {
          yield [1, 2];
          yield [3];
        },
      },
      { flushEvery: 1, autoStart: false },
    );
    const seen: number[] = [];
    const stop = subscribe(() => seen.push(getSnapshot().events));
    start();
    expect((await settled()).items).toEqual([1, 2, 3]);
    stop();
    expect(seen.at(-1)).toBe(3);
  });
});
