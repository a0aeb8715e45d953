// `--check` can fail: a committed file that differs from the generation is listed by its path,
// with the command to run. Shown on a copy of the generated tree in a temp dir, never the repo's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types.
import { GENERATE_COMMAND, generateAll, generators, staleFiles, writeFiles } from '../generate.mjs';

const root = mkdtempSync(join(tmpdir(), 'generate-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generate.mjs', () => {
  it('generates files for every generator package and finds a changed one stale', async () => {
    const files: Record<string, string> = await generateAll();
    const paths = Object.keys(files);
    for (const dir of generators as string[])
      expect(
        paths.some((p) => p.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
    writeFiles(files, root);
    expect(staleFiles(files, root)).toEqual([]);
    const [first, second] = paths as [string, string];
    writeFileSync(join(root, first), `${files[first]}// edited by hand\n`);
    rmSync(join(root, second));
    expect(staleFiles(files, root)).toEqual([first, second]);
    expect(GENERATE_COMMAND).toBe('node tools/toolchain/pnpm.mjs generate');
  });
});
