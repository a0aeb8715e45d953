import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkManifest, checkTarball } from '../src/hygiene.mjs';

const good = {
  name: '@audit-export/events',
  version: '1.2.3',
  type: 'module',
  license: 'MIT',
  repository: { type: 'git', url: 'git+https://example.invalid/r.git', directory: 'packages/events' },
  engines: { node: '>=20' },
  exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
  files: ['dist'],
  publishConfig: { access: 'public' },
};

describe('checkManifest', () => {
  it('accepts a complete manifest', () => {
    expect(checkManifest(good)).toEqual([]);
  });

  it('wants "types" first in every condition', () => {
    const manifest = { ...good, exports: { '.': { default: './dist/index.js', types: './dist/index.d.ts' } } };
    expect(checkManifest(manifest)).toEqual(['exports["."]: "types" must come first']);
  });

  it('wants the repository directory provenance links to', () => {
    expect(checkManifest({ ...good, repository: { url: good.repository.url } })).toEqual([
      'repository needs url and directory (provenance links the package to its source)',
    ]);
  });
});

describe('checkTarball', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tarball-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = {
    'package.json': '{}',
    'README.md': '# x',
    'dist/index.js': 'export {}',
    'dist/index.test.js': 'test',
    'test/fixtures/a.jsonl': '{}',
    'dist/config.js': 'const npmrc = "//registry/:_authToken=abc";',
  };
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }

  it('names every test, fixture and secret that would be published', () => {
    expect(checkTarball(dir, Object.keys(files))).toEqual([
      'dist/index.test.js should not be published',
      'test/fixtures/a.jsonl should not be published',
      'dist/config.js contains an npm auth token setting',
    ]);
  });
});
