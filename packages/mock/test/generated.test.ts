import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('src/generated/spec-facts.gen.ts', () => {
  it('is what scripts/generate.mjs makes from the current spec', async () => {
    const script = new URL('../scripts/generate.mjs', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--check']);
    expect(stdout).toContain('up to date');
  });
});
