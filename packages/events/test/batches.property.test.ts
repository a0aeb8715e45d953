import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, JsonlParseError, parseJsonl, parseJsonlBatches } from '../src/index.js';
import { chunked, collect, sampleEvent, utf8 } from './helpers.js';

const SEED = 180_001;

/** A line of an export: a valid event (some non-ASCII), a blank line, malformed JSON, an invalid event or invalid UTF-8. */
const line = fc.oneof(
  { weight: 10, arbitrary: fc.record({ note: fc.string({ unit: 'grapheme', maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '{"broken": ', '{"eventId":1}', 'invalid UTF-8') },
);

function bytesOf(lines: readonly ({ note: string } | string)[]): Uint8Array {
  const parts = lines.map((entry, index) =>
    entry === 'invalid UTF-8'
      ? Uint8Array.of(0x7b, 0xff, 0x7d, 0x0a)
      : utf8(
          `${typeof entry === 'string' ? entry : JSON.stringify(sampleEvent({ actorId: String(index), attributes: entry }))}\n`,
        ),
  );
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** Reads a source to the end or its error: the events (flattened), the error, the counters and the collected errors. */
async function read(
  iterable: AsyncIterable<AuditEvent | AuditEvent[]> & { stats: object; errors: readonly JsonlParseError[] },
) {
  const events: AuditEvent[] = [];
  const sizes: number[] = [];
  let error: unknown;
  try {
    for await (const item of iterable) {
      if (Array.isArray(item)) {
        sizes.push(item.length);
        events.push(...item);
      } else events.push(item);
    }
  } catch (caught) {
    error = caught instanceof JsonlParseError ? [caught.code, caught.line, caught.byteOffset, caught.message] : caught;
  }
  const errors = iterable.errors.map((e) => [e.code, e.line, e.byteOffset, e.excerpt]);
  return { events, error, errors, stats: { ...iterable.stats }, sizes };
}

describe('parseJsonlBatches (property)', () => {
  it('gives the events, errors, line numbers, byte offsets and counters of parseJsonl, in batches of 1..maxBatchSize', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.constantFrom('throw', 'skip', 'collect'),
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        async (lines, cuts, onInvalid, validate, maxBatchSize) => {
          const bytes = bytesOf(lines);
          const at = cuts.map((cut) => cut % (bytes.length + 1));
          const options = { onInvalid, validate } as const;
          const single = await read(parseJsonl(chunked(bytes, at), options));
          const batched = await read(parseJsonlBatches(chunked(bytes, at), { ...options, maxBatchSize }));
          expect({ ...batched, sizes: [] }).toEqual({ ...single, sizes: [] });
          for (const size of batched.sizes) {
            expect(size).toBeGreaterThanOrEqual(1);
            expect(size).toBeLessThanOrEqual(maxBatchSize);
          }
        },
      ),
      { seed: SEED, numRuns: 150, verbose: 1 },
    );
  });
});

describe('parseJsonlBatches', () => {
  const events = Array.from({ length: 5 }, (_, i) => sampleEvent({ actorId: String(i) }));
  const text = events.map((event) => `${JSON.stringify(event)}\n`).join('');

  it("hands over a chunk's complete lines as one batch: one promise per chunk, not per event", async () => {
    const batches: AuditEvent[][] = [];
    for await (const batch of parseJsonlBatches([text, text])) batches.push(batch);
    expect(batches).toEqual([events, events]);
  });

  it('splits a chunk with more lines than maxBatchSize', async () => {
    const batches: AuditEvent[][] = [];
    for await (const batch of parseJsonlBatches(text, { maxBatchSize: 2 })) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(batches.flat()).toEqual(events);
  });

  it('gives the events before a bad line as a batch, then throws its error', async () => {
    const source = `${text}{"broken": \n${text}`;
    const seen: AuditEvent[][] = [];
    const error = await (async () => {
      for await (const batch of parseJsonlBatches(source)) seen.push(batch);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([events]);
    expect(error).toBeInstanceOf(JsonlParseError);
    expect((error as JsonlParseError).line).toBe(6);
  });

  it('rejects a maxBatchSize that is not a positive integer, and a second iteration', async () => {
    expect(() => parseJsonlBatches(text, { maxBatchSize: 0 })).toThrow(RangeError);
    const once = parseJsonlBatches(text);
    await collect(parseJsonl(text));
    for await (const _ of once) break;
    expect(() => once[Symbol.asyncIterator]()).toThrow(TypeError);
  });
});
