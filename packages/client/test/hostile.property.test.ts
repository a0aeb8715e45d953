import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { csvEntries, zipEntries } from '../src/zoho.js';
import { chunks, csvText, isTypedFileError, outcome, plainZip, recordsOf, streamedZip } from './helpers/files.js';

// Fixed seed, bounded runs: fast-check prints the seed and the counterexample's path on failure.
const SEED = 160_007;

/** Field values a hostile or just unusual export holds: separators, quotes, CR/LF, multi-byte text. */
const field = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r', ' ', 'é', '日', '🎉'),
  maxLength: 12,
});
const rows = fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 12 });
const cuts = fc.array(fc.nat(), { maxLength: 16 });

/** What to do to the body: nothing, flip bits of one byte, or cut it. */
const damage = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function apply(bytes: Uint8Array, how: Damage): Uint8Array {
  if (how.kind === 'none' || bytes.length === 0) return bytes;
  const at = how.at % bytes.length;
  if (how.kind === 'cut') return bytes.subarray(0, at);
  const out = bytes.slice();
  out[at] = (out[at] as number) ^ how.bits;
  return out;
}

describe('hostile ZIP bodies (property)', () => {
  it('corrupted, truncated or re-chunked: exactly the rows, or a typed error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        rows,
        rows,
        fc.constantFrom('plain-deflate', 'plain-stored', 'streamed-deflate', 'streamed-stored'),
        damage,
        cuts,
        async (first, second, kind, how, at) => {
          const files = { 'AuditLog_001.csv': csvText(first).text, 'AuditLog_002.csv': csvText(second, '\n').text };
          const zip =
            kind === 'plain-deflate'
              ? plainZip(files)
              : kind === 'plain-stored'
                ? plainZip(files, 0)
                : streamedZip(files, kind === 'streamed-deflate');
          const body = apply(zip, how);
          const result = await outcome(
            zipEntries(
              chunks(
                body,
                at.map((cut) => cut % (body.length + 1)),
              ),
            ),
          );
          if (result.error === undefined) {
            expect(result.items).toEqual([...recordsOf(first), ...recordsOf(second)]);
          } else {
            expect(isTypedFileError(result.error), String(result.error)).toBe(true);
          }
          // A cut ZIP never passes: its end record is missing.
          if (how.kind === 'cut') expect(result.error).toBeDefined();
        },
      ),
      { seed: SEED, numRuns: 300, verbose: 1 },
    );
  });
});

describe('hostile CSV bodies (property)', () => {
  it('truncated or re-chunked: the rows before a row boundary, exactly, or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.constantFrom('\r\n', '\n'), fc.nat(), cuts, async (list, eol, cutAt, at) => {
        const { text, ends } = csvText(list, eol);
        const bytes = strToU8(text);
        // Character offsets of line ends, as byte offsets.
        const byteEnds = ends.map((end) => strToU8(text.slice(0, end)).length);
        const cut = cutAt % (bytes.length + 1);
        const body = bytes.subarray(0, cut);
        const result = await outcome(
          csvEntries(
            chunks(
              body,
              at.map((c) => c % (body.length + 1)),
            ),
          ),
        );
        // A cut between CR and LF still leaves whole rows (a lone CR ends a row too).
        const complete = byteEnds.findIndex((end) => cut === end || (eol === '\r\n' && cut === end - 1));
        if (result.error === undefined) {
          // No error only when the cut falls exactly after a row: then those rows, exactly.
          expect(complete).toBeGreaterThanOrEqual(0);
          expect(result.items).toEqual(recordsOf(list.slice(0, complete)));
        } else {
          expect(isTypedFileError(result.error), String(result.error)).toBe(true);
          expect(result.items).toEqual(recordsOf(list).slice(0, result.items.length));
        }
      }),
      { seed: SEED, numRuns: 300, verbose: 1 },
    );
  });

  it('corrupted (a CSV has no checksum): it ends, with rows or a typed error, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(rows, damage, cuts, async (list, how, at) => {
        const body = apply(strToU8(csvText(list).text), how);
        const result = await outcome(
          csvEntries(
            chunks(
              body,
              at.map((c) => c % (body.length + 1)),
            ),
            { maxFieldBytes: 64, maxRowBytes: 256 },
          ),
        );
        if (result.error !== undefined) expect(isTypedFileError(result.error), String(result.error)).toBe(true);
        if (how.kind === 'none') expect(result).toEqual({ items: recordsOf(list), error: undefined });
      }),
      { seed: SEED, numRuns: 300, verbose: 1 },
    );
  });
});
