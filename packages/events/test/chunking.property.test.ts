import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonl, toJsonl, toJsonlStream } from '../src/index.js';
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
