// "Yesterday's client": @audit-export/client (and the @audit-export/events it depends on) as built
// at the base ref, packed as tarballs a registry takes. The base ref's tree comes from `git archive`
// (the repository is untouched), is installed offline from the pnpm store where it can be
// (`--prefer-offline`, only the two packages) and built with its own scripts. The tarballs are cached
// by commit (and pinned Node and pnpm), in node_modules/.cache, the two newest kept: the same commit
// built by the same toolchain gives the same files.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operations, readSpecJson } from '@audit-export/spec';
import { git } from './spec-history.mjs';
import { exec } from './stage.mjs';

/** The packages built at the base ref, dependencies first. */
export const BASE_PACKAGES = ['events', 'client'];
/** Cached builds kept besides the one in use. */
const KEEP = 2;

/** The cache folder of base builds in a checkout. */
export function baseBuildCache(cwd) {
  return join(cwd, 'node_modules', '.cache', 'audit-export', 'base-client');
}

function pnpmVersion(env) {
  return spawnSync('pnpm', ['--version'], { encoding: 'utf8', env }).stdout.trim();
}

/** Keeps the `KEEP` most recently used builds. */
function prune(cache) {
  const builds = readdirSync(cache, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: join(cache, entry.name), used: statSync(join(cache, entry.name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { dir } of builds.slice(KEEP)) rmSync(dir, { recursive: true, force: true });
}

/** Packs one package of the base tree at version `<its version>-base.<sha>`; the tarball's path. */
function pack(tree, name, suffix, destination, env) {
  const dir = join(tree, 'packages', name);
  const manifestFile = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.version = `${manifest.version.replace(/[-+].*$/, '')}-${suffix}`;
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  const out = exec('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, env }).trim().split('\n').at(-1);
  return {
    name: manifest.name,
    version: manifest.version,
    tarball: out.startsWith('/') ? out : join(destination, out),
  };
}

/**
 * The client and events of `ref` as tarballs: `{ sha, cached, packages: [{ name, version, tarball }] }`,
 * versions `<version>-base.<sha12>` so they never clash with the release under test.
 * @param {{ cwd: string, ref: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} options
 */
export function buildBaseClient({ cwd, ref, env = process.env, log = () => {} }) {
  const sha = git(cwd, ['rev-parse', `${ref}^{commit}`]).trim();
  const key = `${sha}-node${process.versions.node}-pnpm${pnpmVersion(env)}`;
  const cache = baseBuildCache(cwd);
  const dir = join(cache, key);
  const manifest = join(dir, 'packages.json');
  if (existsSync(manifest)) {
    // Marks the build as the most recently used one, for prune().
    utimesSync(dir, new Date(), new Date());
    return { sha, cached: true, packages: JSON.parse(readFileSync(manifest, 'utf8')) };
  }
  const tree = mkdtempSync(join(tmpdir(), 'base-client-'));
  try {
    log(`base client: git archive ${sha.slice(0, 12)}`);
    const archive = git(cwd, ['archive', '--format=tar', sha], { encoding: 'buffer' });
    const untar = spawnSync('tar', ['-x', '-C', tree], { input: archive });
    if (untar.status !== 0) throw new Error(`tar -x of ${sha} failed: ${String(untar.stderr)}`);
    const filters = BASE_PACKAGES.flatMap((name) => ['--filter', `@audit-export/${name}`]);
    log('base client: pnpm install --prefer-offline (events, client)');
    exec('pnpm', ['install', '--frozen-lockfile', '--prefer-offline', '--ignore-scripts', ...filters], {
      cwd: tree,
      env,
    });
    for (const name of BASE_PACKAGES) {
      log(`base client: build @audit-export/${name}`);
      exec('pnpm', ['--filter', `@audit-export/${name}`, 'run', 'build'], { cwd: tree, env });
    }
    const staging = join(tree, '.packed');
    mkdirSync(staging, { recursive: true });
    const suffix = `base.${sha.slice(0, 12)}`;
    const packed = BASE_PACKAGES.map((name) => pack(tree, name, suffix, staging, env));
    mkdirSync(dir, { recursive: true });
    const packages = packed.map((entry) => {
      const tarball = join(dir, entry.tarball.split('/').at(-1));
      writeFileSync(tarball, readFileSync(entry.tarball));
      return { ...entry, tarball };
    });
    writeFileSync(manifest, `${JSON.stringify(packages, null, 2)}\n`);
    prune(cache);
    return { sha, cached: false, packages };
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** A path template (`/v2/export/status/{jobId}`) as a regular expression matching its paths. */
function templatePattern(template) {
  const segments = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}

/**
 * The operation of API `api` (today's spec) a request went to: `operationId (METHOD /template)`, or the
 * method and path as they are when no operation matches.
 */
export function nameOperation(api, method, path) {
  for (const entry of operations(readSpecJson(`${api}.json`))) {
    if (entry.method.toUpperCase() === String(method).toUpperCase() && templatePattern(entry.path).test(String(path))) {
      return `${entry.operationId} (${entry.method.toUpperCase()} ${entry.path})`;
    }
  }
  return `${method} ${path}`;
}
