import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types.
import { generate } from '../scripts/generate.mjs';

const out = mkdtempSync(join(tmpdir(), 'events-generated-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('src/generated', () => {
  it('is what scripts/generate.mjs makes from the current spec (run `pnpm generate` if not)', async () => {
    const files: string[] = await generate({ outDir: out });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = readFileSync(new URL(`../src/generated/${file}`, import.meta.url), 'utf8');
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(committed);
    }
  });

  it('holds a validator that imports nothing (runs in any runtime, no Ajv at runtime)', () => {
    const code = readFileSync(new URL('../src/generated/validate.gen.ts', import.meta.url), 'utf8');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/(^|[^'"\w.])require\(/m);
  });
});
