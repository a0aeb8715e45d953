import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, type AuditEvent, parseJsonl, parseJsonlBatches, serializeEvent } from '../src/index.js';
import { sampleEvent, utf8 } from './helpers.js';

const SEED = 160_002;

// Every unhandled rejection while a test runs: an abort must never leave one behind.
let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Lets pending rejections surface: Node reports an unhandled one after the microtask queue drains. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

const events = Array.from({ length: 6 }, (_, i) => sampleEvent({ actorId: String(i) }));
const text = events.map((event) => `${serializeEvent(event)}\n`).join('');

/** Reads until the end or an error, per event or per batch (parseJsonlBatches); `body` runs per event or batch (it may abort). */
async function consume(
  source: Parameters<typeof parseJsonl>[0],
  signal: AbortSignal,
  body: (seen: AuditEvent[]) => void = () => undefined,
  form: 'events' | 'batches' = 'events',
): Promise<{ seen: AuditEvent[]; error: unknown }> {
  const seen: AuditEvent[] = [];
  try {
    const read = form === 'events' ? parseJsonl(source, { signal }) : parseJsonlBatches(source, { signal });
    for await (const item of read) {
      if (Array.isArray(item)) seen.push(...item);
      else seen.push(item);
      body(seen);
    }
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

/** A body like fetch's: the same signal errors the stream, so a read started after the abort rejects. */
function fetchLikeBody(chunks: Uint8Array[], signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
    },
  });
}

describe('parseJsonl with an AbortSignal (regressions)', () => {
  it('an abort between events of a fetch-like body: no event after it, an AbortError, no unhandled rejection', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed Cancel');
    const { seen, error } = await consume(fetchLikeBody([utf8(text)], controller.signal), controller.signal, () =>
      controller.abort(reason),
    );
    await settle();
    expect(seen).toEqual(events.slice(0, 1));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe('ABORTED');
    expect((error as AbortError).cause).toBe(reason);
    expect(unhandled).toEqual([]);
  });

  it('an abort while a read of a fetch-like body is pending', async () => {
    const controller = new AbortController();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8(`${serializeEvent(events[0] as AuditEvent)}\n`));
        controller.signal.addEventListener('abort', () => c.error(controller.signal.reason), { once: true });
      },
    });
    const timeout = AbortSignal.any([controller.signal]);
    setTimeout(() => controller.abort(new DOMException('gave up', 'TimeoutError')), 10);
    const { seen, error } = await consume(stream, timeout);
    await settle();
    expect(seen).toEqual(events.slice(0, 1));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toMatchObject({ name: 'TimeoutError' });
    expect(unhandled).toEqual([]);
  });

  it('an already-aborted signal rejects with an AbortError before reading anything', async () => {
    const reason = new Error('too late');
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const { seen, error } = await consume(stream, AbortSignal.abort(reason));
    expect(seen).toEqual([]);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect(pulled).toBe(false);
  });

  it('a Node stream destroyed by the abort leaves no unhandled rejection', async () => {
    const controller = new AbortController();
    const node = Readable.from([utf8(text.slice(0, 500)), utf8(text.slice(500))], { objectMode: true });
    const { seen, error } = await consume(node, controller.signal, () => controller.abort('stop'));
    await settle();
    expect(seen).toEqual(events.slice(0, 1));
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED', cause: 'stop' });
    expect(node.destroyed).toBe(true);
    expect(unhandled).toEqual([]);
  });
});

/** How the source delivers chunks: at once, after a microtask, or after a timer. */
const delay = fc.constantFrom('sync', 'microtask', 'timer');
type Delay = 'sync' | 'microtask' | 'timer';
const wait = (how: Delay) =>
  how === 'sync' ? undefined : how === 'microtask' ? Promise.resolve() : new Promise((r) => setTimeout(r, 0));

function source(kind: string, chunks: Uint8Array[], delays: Delay[], signal: AbortSignal, errorsOnAbort: boolean) {
  async function* generate() {
    for (const [i, chunk] of chunks.entries()) {
      await wait(delays[i % delays.length] ?? 'sync');
      if (errorsOnAbort && signal.aborted) throw signal.reason;
      yield chunk;
    }
  }
  if (kind === 'node') return Readable.from(generate(), { objectMode: true });
  if (kind === 'iterable') return generate();
  const iterator = generate();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (errorsOnAbort) signal.addEventListener('abort', () => controller.error(signal.reason), { once: true });
    },
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

describe('parseJsonl and parseJsonlBatches aborted at random points (property)', () => {
  it('never leaves an unhandled rejection, never yields after abort(), always rejects with AbortError(cause)', async () => {
    const bytes = utf8(text);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('web', 'iterable', 'node'),
        fc.constantFrom('events', 'batches'),
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        fc.array(delay, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.oneof(fc.record({ after: fc.nat({ max: events.length }) }), fc.record({ timerMs: fc.nat({ max: 3 }) })),
        async (kind, form, cuts, delays, errorsOnAbort, when) => {
          unhandled = [];
          const sorted = [...cuts].sort((x, y) => x - y);
          const chunks = [0, ...sorted].map((start, i) => bytes.slice(start, sorted[i] ?? bytes.length));
          const controller = new AbortController();
          const reason = new Error('abort at a random point');
          let seenAtAbort = -1;
          const abort = (count: number) => {
            if (seenAtAbort >= 0) return;
            seenAtAbort = count;
            controller.abort(reason);
          };
          const timer = 'timerMs' in when ? setTimeout(() => abort(result.seen.length), when.timerMs) : undefined;
          const result: { seen: AuditEvent[]; error: unknown } = { seen: [], error: undefined };
          const run = await consume(
            source(kind, chunks, delays as Delay[], controller.signal, errorsOnAbort),
            controller.signal,
            (seen) => {
              result.seen = seen;
              // A batch may step over `after`: abort at the first body call that reaches it.
              if ('after' in when && seen.length >= when.after) abort(seen.length);
            },
            form as 'events' | 'batches',
          );
          clearTimeout(timer);
          await settle();
          expect(run.seen).toEqual(events.slice(0, run.seen.length));
          if (seenAtAbort >= 0 && (run.error !== undefined || run.seen.length < events.length)) {
            expect(run.seen).toHaveLength(seenAtAbort);
            expect(run.error).toBeInstanceOf(AbortError);
            expect((run.error as AbortError).cause).toBe(reason);
          } else {
            expect(run.error).toBeUndefined();
            expect(run.seen).toEqual(events);
          }
          expect(unhandled).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 200, verbose: 1 },
    );
  });
});
