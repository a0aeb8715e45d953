import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, JsonlParseError, parseJsonl, serializeEvent } from '../src/index.js';
import { chunked, sampleEvent, utf8 } from './helpers.js';

// Fixed seed, bounded runs: fast-check prints the seed and the counterexample's path on failure.
const SEED = 160_007;

const events = fc
  .array(fc.string({ unit: fc.constantFrom('a', '"', '\\', 'é', '日', '🎉', '\n', ' '), maxLength: 10 }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((notes) => notes.map((note, i) => sampleEvent({ actorId: String(i), attributes: { note } })));
const cuts = fc.array(fc.nat(), { maxLength: 12 });

async function outcome(source: AsyncIterable<Uint8Array>): Promise<{ items: AuditEvent[]; error: unknown }> {
  const items: AuditEvent[] = [];
  try {
    for await (const event of parseJsonl(source)) items.push(event);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

describe('hostile JSON Lines streams (property)', () => {
  it('truncated and re-chunked: the events of whole lines exactly, or a JsonlParseError', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.constantFrom('\n', '\r\n'), fc.nat(), cuts, async (list, eol, cutAt, at) => {
        const lines = list.map((event) => utf8(`${serializeEvent(event)}${eol}`));
        const bytes = utf8(list.map((event) => `${serializeEvent(event)}${eol}`).join(''));
        const cut = cutAt % (bytes.length + 1);
        const body = bytes.subarray(0, cut);
        const result = await outcome(
          chunked(
            body,
            at.map((c) => c % (body.length + 1)),
          ),
        );
        // A line is whole when its JSON text is all there (the line break may be cut off).
        let end = 0;
        let whole = 0;
        for (const [i, line] of lines.entries()) {
          end += line.length;
          if (cut >= end - eol.length) whole = i + 1;
        }
        if (result.error === undefined) expect(result.items).toEqual(list.slice(0, whole));
        else {
          expect(result.error).toBeInstanceOf(JsonlParseError);
          expect((result.error as JsonlParseError).code).toBe('TRUNCATED');
          expect(result.items).toEqual(list.slice(0, whole));
        }
      }),
      { seed: SEED, numRuns: 300, verbose: 1 },
    );
  });

  it('corrupted (JSON Lines has no checksum): it ends, with events or a JsonlParseError, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.nat(), fc.integer({ min: 1, max: 255 }), cuts, async (list, flipAt, bits, at) => {
        const bytes = utf8(list.map((event) => `${serializeEvent(event)}\n`).join(''));
        const i = flipAt % bytes.length;
        bytes[i] = (bytes[i] as number) ^ bits;
        const result = await outcome(
          chunked(
            bytes,
            at.map((c) => c % (bytes.length + 1)),
          ),
        );
        if (result.error !== undefined) expect(result.error).toBeInstanceOf(JsonlParseError);
        expect(result.items.length).toBeLessThanOrEqual(list.length + 1);
      }),
      { seed: SEED, numRuns: 300, verbose: 1 },
    );
  });
});
