import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryPointsOf, findPublishedPackages } from '../src/typedoc-pages.js';

const base = mkdtempSync(join(tmpdir(), 'docs-typedoc-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A fake workspace package: manifest plus the given source files. */
function makePackage(name: string, manifest: Record<string, unknown>, sources: string[]): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const source of sources) writeFileSync(join(dir, 'src', source), 'export const x = 1;\n');
  return dir;
}

describe('entryPointsOf', () => {
  it('maps every dist entry of the exports map back to its source file', () => {
    const dir = makePackage('client', {}, ['index.ts', 'zoho.ts', 'internal.ts']);
    const exportsMap = {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './zoho': { types: './dist/zoho.d.ts', default: './dist/zoho.js' },
      './spec.json': './dist/spec.json',
    };
    expect(entryPointsOf(dir, { exports: exportsMap })).toEqual([
      join(dir, 'src', 'index.ts'),
      join(dir, 'src', 'zoho.ts'),
    ]);
  });

  it('finds nothing for a package whose sources have not landed yet', () => {
    const dir = makePackage('empty', {}, []);
    expect(entryPointsOf(dir, { exports: { '.': './dist/index.js' } })).toEqual([]);
  });
});

describe('findPublishedPackages', () => {
  it('keeps the published @audit-export packages and drops private ones', () => {
    const published = makePackage('events', { name: '@audit-export/events', exports: './dist/index.js' }, ['index.ts']);
    const docs = makePackage('docs', { name: '@audit-export/docs', private: true }, ['index.ts']);
    const found = findPublishedPackages([published, docs, join(base, 'missing')]);
    expect(found.map((pkg) => [pkg.name, pkg.slug, pkg.entryPoints.length])).toEqual([
      ['@audit-export/events', 'events', 1],
    ]);
  });
});
