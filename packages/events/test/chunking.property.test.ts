import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonl, toJsonl, toJsonlStream } from '../src/index.js';
import { WINDOW_BYTES } from '../src/text-window.js';
import { chunked, collect, sampleEvent, utf8 } from './helpers.js';

/** Events with arbitrary (including multi-byte, control and line-separator) strings in their attributes. */
const events = fc
  .array(
    fc.record({
      cmd: fc.string({ unit: 'binary', maxLength: 40 }),
      note: fc.string({ unit: 'grapheme', maxLength: 20 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) => list.map((attributes, index) => sampleEvent({ attributes, actorId: String(index) })));

const lineEnding = fc.constantFrom('\n', '\r\n');

describe('parseJsonl over re-chunked bytes', () => {
  it('yields the same events wherever the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        lineEnding,
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 30 }),
        async (list, eol, bom, finalNewline, cuts) => {
          let text = list.map((event) => JSON.stringify(event)).join(eol);
          if (finalNewline) text += eol;
          const bytes = utf8(bom ? `\uFEFF${text}` : text);
          const whole = await collect(parseJsonl(bytes));
          const pieces = await collect(
            parseJsonl(
              chunked(
                bytes,
                cuts.map((cut) => cut % (bytes.length + 1)),
              ),
            ),
          );
          expect(pieces).toEqual(list);
          expect(whole).toEqual(list);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reports the same line and byte offset for a bad line wherever the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.nat(), fc.array(fc.nat(), { maxLength: 20 }), async (list, at, cuts) => {
        const lines = list.map((event) => JSON.stringify(event));
        const bad = at % (lines.length + 1);
        lines.splice(bad, 0, '{"broken": ');
        const bytes = utf8(`${lines.join('\n')}\n`);
        const offset = utf8(
          lines
            .slice(0, bad)
            .map((line) => `${line}\n`)
            .join(''),
        ).length;
        const result = parseJsonl(
          chunked(
            bytes,
            cuts.map((cut) => cut % (bytes.length + 1)),
          ),
          { onInvalid: 'collect' },
        );
        expect(await collect(result)).toEqual(list);
        expect(result.errors.map((error) => [error.code, error.line, error.byteOffset])).toEqual([
          ['MALFORMED_JSON', bad + 1, offset],
        ]);
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * One line of a large export: a valid event padded with `size` copies of `c` (lines up to a few kB,
 * some over a decode window, some non-ASCII), malformed JSON, a real U+FFFD, or invalid UTF-8.
 */
const bigLine = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ size: fc.nat({ max: 3000 }), c: fc.constantFrom('a', 'é', '山') }),
  },
  { weight: 1, arbitrary: fc.constant({ size: WINDOW_BYTES + 100, c: 'a' }) },
  { weight: 1, arbitrary: fc.constantFrom('{"broken": ', '"\uFFFD" is not an object', 'invalid UTF-8') },
);

function lineBytes(line: { size: number; c: string } | string, index: number): Uint8Array {
  if (line === 'invalid UTF-8') return Uint8Array.of(0x7b, 0xff, 0x7d);
  if (typeof line === 'string') return utf8(line);
  return utf8(JSON.stringify(sampleEvent({ actorId: String(index), attributes: { pad: line.c.repeat(line.size) } })));
}

describe('parseJsonl over chunks larger than a decode window', () => {
  it('yields the same events, errors and offsets as small chunks of the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bigLine, { minLength: 40, maxLength: 160 }), lineEnding, async (lines, eol) => {
        const parts = lines.flatMap((line, index) => [lineBytes(line, index), utf8(eol)]);
        const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
        let offset = 0;
        for (const part of parts) {
          bytes.set(part, offset);
          offset += part.length;
        }
        const read = async (source: Uint8Array | AsyncIterable<Uint8Array>) => {
          const result = parseJsonl(source, { onInvalid: 'collect' });
          const events = await collect(result);
          const errors = result.errors.map((error) => [error.code, error.line, error.byteOffset, error.excerpt]);
          return { events, errors, stats: { ...result.stats } };
        };
        const small = await read(
          chunked(
            bytes,
            Array.from({ length: bytes.length >> 12 }, (_, i) => (i + 1) << 12),
          ),
        );
        const whole = await read(bytes);
        expect(whole).toEqual(small);
        expect(small.events).toHaveLength(lines.filter((line) => typeof line !== 'string').length);
      }),
      { numRuns: 25 },
    );
  });
});

describe('toJsonl and toJsonlStream', () => {
  it('round-trip with parseJsonl', async () => {
    await fc.assert(
      fc.asyncProperty(events, async (list) => {
        expect(await collect(parseJsonl(toJsonl(list)))).toEqual(list);
        expect(await collect(parseJsonl(toJsonlStream(list)))).toEqual(list);
      }),
      { numRuns: 100 },
    );
  });
});
