import { spawnSync } from 'node:child_process';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';
import { checkManifest, checkTarball, packedFiles } from '../src/hygiene.mjs';
import { publishablePackages } from '../src/workspace.mjs';

const packages = publishablePackages();

describe('publishable packages', () => {
  it('are the six the release publishes', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual([
      '@audit-export/cli',
      '@audit-export/client',
      '@audit-export/events',
      '@audit-export/mock',
      '@audit-export/query',
      '@audit-export/spec',
    ]);
  });
});

describe.each(packages)('$name', ({ dir, manifest }) => {
  it('has the manifest fields consumers and provenance need', () => {
    expect(checkManifest(manifest)).toEqual([]);
  });

  it('packs no test, fixture, benchmark or secret', () => {
    const files = packedFiles(dir);
    expect(files.some((file) => file.startsWith('dist/'))).toBe(true);
    expect(checkTarball(dir, files)).toEqual([]);
  });

  it('is publint clean', async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, level: 'warning', strict: true, pack: 'npm' });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  });

  it('has types that resolve for ESM consumers (are-the-types-wrong)', () => {
    // Data files (the spec's YAML) are exported for readers, not for `import`: not entry points to type.
    const dataEntries = Object.entries(manifest.exports)
      .filter(([, target]) => typeof target === 'string' && !/\.(c|m)?js$|\.json$/.test(target))
      .map(([subpath]) => subpath);
    const exclude = dataEntries.length > 0 ? ['--exclude-entrypoints', ...dataEntries] : [];
    const result = spawnSync('attw', ['--pack', dir, '--profile', 'esm-only', '--format', 'ascii', ...exclude], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
