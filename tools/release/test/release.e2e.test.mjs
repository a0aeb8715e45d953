// The release, end to end, against a real registry: Verdaccio on loopback, `changeset version`
// and `changeset publish` on a staged copy of the built packages, then a fresh consumer project
// installs them from that registry and uses them as a team would. When a spec document changed since
// the base ref, yesterday's client (built at the base ref) is published too and runs its exports
// against today's mock: a change the gate rates minor or patch must not break it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBaseClient, nameOperation } from '../src/base-client.mjs';
import { startRegistry } from '../src/registry.mjs';
import { rateChangedDocuments } from '../src/spec-gate.mjs';
import { apiIdsAt, baseRef, changedApis } from '../src/spec-history.mjs';
import { addChangeset, exec, stagedVersions, stageWorkspace } from '../src/stage.mjs';
import { root } from '../src/workspace.mjs';

const here = import.meta.dirname;
const bin = (name) => join(here, '..', 'node_modules', '.bin', name);
const fixtures = join(here, 'fixtures', 'consumer');
const scratch = mkdtempSync(join(tmpdir(), 'release-e2e-'));
const stage = join(scratch, 'stage');
const consumer = join(scratch, 'consumer');
const baseConsumer = join(scratch, 'base-consumer');
let registry;
let versions;

// Yesterday's client runs when a spec document changed since the base ref, and only then.
const since = baseRef(root);
const changedSinceBase = since ? changedApis(root, since, apiIdsAt(root, since)) : [];
const whyNoBaseRun = !since
  ? 'no base ref (no origin/main, no AUDIT_EXPORT_BASE_REF): nothing to compare with'
  : changedSinceBase.length === 0
    ? `no spec document changed since ${since.slice(0, 12)}`
    : undefined;
console.log(
  whyNoBaseRun
    ? `yesterday's client: not run, ${whyNoBaseRun}.`
    : `yesterday's client: ${changedSinceBase.map((c) => c.id).join(', ')} changed since ${since.slice(0, 12)}; its client runs against today's mock.`,
);

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

/** Publishes yesterday's client to the registry and installs it beside today's mock; the exports' JSON summary. */
function runYesterdaysClient() {
  const env = { ...process.env, npm_config_registry: `${registry.url}/`, npm_config_cache: join(scratch, 'npm-cache') };
  const built = buildBaseClient({ cwd: root, ref: since, log: (line) => console.log(line) });
  console.log(`yesterday's client: ${built.cached ? 'cached build' : 'built'} of ${built.sha.slice(0, 12)}`);
  for (const pkg of built.packages) {
    exec('npm', ['publish', pkg.tarball, '--tag', 'base', '--provenance=false', '--loglevel=error'], {
      cwd: stage,
      env,
    });
  }
  mkdirSync(baseConsumer, { recursive: true });
  writeFileSync(join(baseConsumer, '.npmrc'), readFileSync(registry.npmrc));
  for (const file of ['package.json', 'yesterday.mjs']) {
    writeFileSync(join(baseConsumer, file), readFileSync(join(here, 'fixtures', 'base-consumer', file)));
  }
  const client = built.packages.find((pkg) => pkg.name === '@audit-export/client');
  exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${client.name}@${client.version}`,
      `@audit-export/mock@${versions['@audit-export/mock']}`,
    ],
    { cwd: baseConsumer, env },
  );
  return JSON.parse(exec(process.execPath, ['yesterday.mjs'], { cwd: baseConsumer, timeout: 120_000 }));
}

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

  it.skipIf(whyNoBaseRun !== undefined)(
    "runs yesterday's client (built at the base ref) against today's mock: a minor or patch change keeps its exports whole",
    async () => {
      const ratings = await rateChangedDocuments({ cwd: root, since });
      const major = ratings.filter((rating) => rating.impact === 'major').map((rating) => rating.api);
      const summary = runYesterdaysClient();
      console.log(`yesterday's client against today's mock: ${JSON.stringify(summary)}`);
      for (const [api, result] of [
        ['audit-query', summary.auditQuery],
        ['zoho', summary.zoho],
      ]) {
        const where = result.ok
          ? undefined
          : `${api}: ${nameOperation(api, result.method, result.path)} failed: ${result.message}`;
        if (major.includes(api)) {
          // A major change may break yesterday's client; when it does, the failure names the operation.
          if (where) expect(where).toMatch(/^[a-z-]+: [A-Za-z]+ \((GET|POST|PUT|DELETE|PATCH) \//);
          continue;
        }
        expect(where, `${api} (rated ${ratings.find((r) => r.api === api)?.impact ?? 'unchanged'})`).toBeUndefined();
        expect(result.count, api).toBeGreaterThan(0);
        expect(result.count, api).toBe(result.expected);
        expect(result.duplicates, api).toBe(0);
      }
    },
    600_000,
  );

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
