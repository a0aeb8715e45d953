import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types.
import { auditEventSchema, loadSpec } from '../scripts/generate.mjs';
// @ts-expect-error -- a plain ESM script without types.
import { compilePattern, matchCompiled } from '../scripts/pattern-dfa.mjs';
import { specDocument } from './helpers.js';

interface CompiledPattern {
  classes: number[];
  table: number[];
  width: number;
  accepting: number[];
  prefix: boolean;
}

/** A matcher over the compiled tables, built as the generated check builds it. */
function compiled(pattern: string): ((s: string) => boolean) | null {
  const dfa = compilePattern(pattern) as CompiledPattern | null;
  if (dfa === null) return null;
  const classes = Uint8Array.from(dfa.classes);
  const table = Uint16Array.from(dfa.table);
  const accepting = Uint8Array.from(dfa.accepting);
  return (s) => matchCompiled(s, classes, table, dfa.width, accepting, dfa.prefix);
}

/** Every `pattern` keyword in a document. */
function patternsOf(document: unknown): string[] {
  const found = new Set<string>();
  JSON.stringify(document, (key, value) => {
    if (key === 'pattern' && typeof value === 'string') found.add(value);
    return value;
  });
  return [...found];
}

/** Patterns that exercise each construct the compiler accepts. */
const SUPPORTED = [
  '^(ab|a)*c?$',
  '^x{2,4}y+z{3,}$',
  '^[\\d_]-?\\w{0,3}$',
  '^\\$[.]\\/\\(\\)[a-c-]$',
  '^https?://',
  '^$',
  '^',
  '^(?:a|)b$',
  '^a{0}b*?$',
];
/** Patterns outside the subset: the generated check keeps the RegExp for them. */
const UNSUPPORTED = [
  'abc',
  '^a|b$',
  '^.$',
  '^[^a]$',
  '^\\s$',
  '^\\D$',
  '^é$',
  '^(?=a)a$',
  '^(a)\\1$',
  '^(?<year>\\d{4})$',
  '^a{1,100}$',
  '^\\bx$',
  '^[^,]+(,[^,]+)*$',
];

/** Near misses: strings that match, with a character changed, dropped or added. */
const nearMiss = (pattern: string) =>
  fc
    .tuple(
      fc.stringMatching(new RegExp(pattern, 'u'), { maxLength: 40 }),
      fc.nat(),
      fc.constantFrom('drop', 'change', 'add', 'keep'),
      fc.constantFrom(...'0aZ_-.:T Z+/é😀\n9xyz'),
    )
    .map(([s, at, edit, ch]) => {
      const i = s.length === 0 ? 0 : at % s.length;
      if (edit === 'drop') return s.slice(0, i) + s.slice(i + 1);
      if (edit === 'change') return s.slice(0, i) + ch + s.slice(i + 1);
      if (edit === 'add') return s.slice(0, i) + ch + s.slice(i);
      return s;
    });

describe('compilePattern', () => {
  it("compiles every pattern of the AuditEvent schema, so parseJsonl's check walks tables instead of calling RegExps", () => {
    const patterns = patternsOf(auditEventSchema(loadSpec().document));
    expect(patterns.length).toBeGreaterThanOrEqual(4);
    for (const pattern of patterns) expect(compiled(pattern), pattern).not.toBeNull();
  });

  it('answers exactly as the RegExp does, on matches, near misses and random strings', () => {
    // The spec's other patterns (query parameters) are checked too when they compile.
    const patterns = [...patternsOf(specDocument()).filter((pattern) => compiled(pattern) !== null), ...SUPPORTED];
    expect(patterns.length).toBeGreaterThan(SUPPORTED.length + 3);
    for (const pattern of patterns) {
      const regexp = new RegExp(pattern, 'u');
      const match = compiled(pattern);
      expect(match, pattern).not.toBeNull();
      fc.assert(
        fc.property(fc.oneof(nearMiss(pattern), fc.string({ maxLength: 40, unit: 'grapheme' })), (s) => {
          expect(match?.(s), `${pattern} on ${JSON.stringify(s)}`).toBe(regexp.test(s));
        }),
        { numRuns: 400 },
      );
    }
  });

  it('compiles a class that matches nothing into a pattern that matches nothing', () => {
    const match = compiled('^[]$');
    expect(['', 'a', '[]'].map((s) => match?.(s))).toEqual([false, false, false]);
  });

  it('returns null for what it does not compile, and throws on an invalid pattern as Ajv would', () => {
    for (const pattern of UNSUPPORTED) expect(compilePattern(pattern), pattern).toBeNull();
    expect(() => compilePattern('^(a$')).toThrow(SyntaxError);
  });
});
