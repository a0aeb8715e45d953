// A clone with nothing beside it passes `npm test`: no test, build step or task input of the
// repository reads the seeds or anything else outside it. The facts live in test/fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, specDir } from './helpers.ts';

const root = join(specDir, '..');
const skip = new Set(['node_modules', '.git', 'dist', '.turbo', 'test-results', 'coverage']);
const scanned = /\.(ts|mts|mjs|js|json|ya?ml)$/;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (scanned.test(entry.name) && !path.startsWith(fixturesDir)) yield path;
  }
}

describe('the repository stands on its own', () => {
  // Spelled in parts so that this file does not find itself.
  const outside = [['shared', 'seeds'].join('/'), ['shared', 'reference'].join('/'), `${'/work'}/`];

  it('no source, script, config or test names a path outside the repository', () => {
    const found: string[] = [];
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      for (const needle of outside) if (text.includes(needle)) found.push(`${relative(root, file)}: ${needle}`);
    }
    expect(found).toEqual([]);
  });

  it('every fixture folder says where its facts come from', () => {
    for (const dir of readdirSync(fixturesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const readme = readFileSync(join(fixturesDir, dir.name, 'README.md'), 'utf8');
      for (const file of readdirSync(join(fixturesDir, dir.name)).filter((f) => f !== 'README.md'))
        expect(readme, `${dir.name}/README.md names ${file}`).toContain(`\`${file}`);
    }
  });
});
