import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Freshness of src/generated is checked once for every package by tools/generate (`generate.mjs --check`).
describe('src/generated/validate.gen.ts', () => {
  it('holds a validator that imports nothing (runs in any runtime, no Ajv at runtime)', () => {
    const code = readFileSync(new URL('../src/generated/validate.gen.ts', import.meta.url), 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/(^|[^'"\w.])require\(/m);
  });
});
