// The release, end to end, against a real registry: Verdaccio on loopback, `changeset version`
// and `changeset publish` on a staged copy of the built packages, then a fresh consumer project
// installs them from that registry and uses them as a team would.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../src/registry.mjs';
import { addChangeset, exec, stagedVersions, stageWorkspace } from '../src/stage.mjs';

const here = import.meta.dirname;
const bin = (name) => join(here, '..', 'node_modules', '.bin', name);
const fixtures = join(here, 'fixtures', 'consumer');
const scratch = mkdtempSync(join(tmpdir(), 'release-e2e-'));
const stage = join(scratch, 'stage');
const consumer = join(scratch, 'consumer');
let registry;
let versions;

beforeAll(async () => {
  registry = await startRegistry({ dir: join(scratch, 'registry') });
  const packages = stageWorkspace(stage);
  addChangeset(
    stage,
    'release-test',
    Object.fromEntries(packages.map((pkg) => [pkg.name, 'minor'])),
    'Release test: every package gets a minor bump.',
  );
  writeFileSync(join(stage, '.npmrc'), readFileSync(registry.npmrc));
  const env = { ...process.env, npm_config_registry: `${registry.url}/`, npm_config_provenance: 'false' };
  exec(bin('changeset'), ['version'], { cwd: stage, env });
  versions = stagedVersions(stage, packages);
  exec(bin('changeset'), ['publish', '--no-git-tag'], { cwd: stage, env });

  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, '.npmrc'), readFileSync(registry.npmrc));
  for (const file of [
    'package.json',
    'consumer.ts',
    'tsconfig.nodenext.json',
    'tsconfig.bundler.json',
    'export.mjs',
    'browser.ts',
  ]) {
    writeFileSync(join(consumer, file), readFileSync(join(fixtures, file)));
  }
  const installs = Object.entries(versions).map(([name, version]) => `${name}@${version}`);
  exec('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installs], {
    cwd: consumer,
    env: { ...process.env, npm_config_registry: `${registry.url}/`, npm_config_cache: join(scratch, 'npm-cache') },
  });
}, 600_000);

afterAll(async () => {
  await registry?.close();
  if (!process.env.KEEP_RELEASE_SCRATCH) rmSync(scratch, { recursive: true, force: true });
});

describe('pnpm release against a real registry', () => {
  it('publishes every package at its new version', () => {
    for (const [name, version] of Object.entries(versions)) {
      const latest = exec('npm', ['view', name, 'dist-tags.latest', `--registry=${registry.url}/`], { cwd: consumer });
      expect(latest.trim(), name).toBe(version);
    }
  });

  it('rewrites workspace: ranges to the published versions', () => {
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules/@audit-export/client/package.json'), 'utf8'));
    for (const range of Object.values(manifest.dependencies ?? {})) expect(range).not.toMatch(/^workspace:/);
  });

  it.each(['nodenext', 'bundler'])('type-checks a TypeScript consumer under moduleResolution %s', (resolution) => {
    const tsc = join(consumer, 'node_modules', '.bin', 'tsc');
    exec(tsc, ['-p', `tsconfig.${resolution}.json`], { cwd: consumer });
  });

  it('runs an export with the installed client against the installed mock', () => {
    const output = exec(process.execPath, ['export.mjs'], { cwd: consumer, timeout: 60_000 });
    const result = JSON.parse(output);
    expect(result.events).toBeGreaterThan(0);
    expect(result.events).toBe(result.expected);
    expect(result.duplicates).toBe(0);
  });

  it('installs the audit-export bin: --help and a pull against the installed mock', () => {
    writeFileSync(join(consumer, 'cli-pull.mjs'), readFileSync(join(fixtures, 'cli-pull.mjs')));
    const result = JSON.parse(exec(process.execPath, ['cli-pull.mjs'], { cwd: consumer, timeout: 60_000 }));
    expect(result).toMatchObject({ help: true, sameAsGroundTruth: true });
    expect(result.events).toBeGreaterThan(0);
  });

  it('bundles the client for a browser with esbuild', () => {
    const esbuild = join(consumer, 'node_modules', '.bin', 'esbuild');
    exec(esbuild, ['browser.ts', '--bundle', '--platform=browser', '--format=esm', '--outfile=out/browser.js'], {
      cwd: consumer,
    });
    const bundle = readFileSync(join(consumer, 'out', 'browser.js'), 'utf8');
    expect(bundle).not.toMatch(/from ["']node:/);
    expect(bundle.length).toBeGreaterThan(1000);
  });
});
