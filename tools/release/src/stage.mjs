// Stages the publishable packages, as built, into a scratch workspace where changesets can
// version and publish them without touching the repository: the dry run and the release test
// both work on such a copy.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { publishablePackages, root, workspacePackages } from './workspace.mjs';

const skipped = new Set(['node_modules', '.turbo', 'test', 'bench', 'test-results', 'coverage']);

/** Runs a command, throwing with its output when it fails. */
export function exec(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

const npmConfig = /^npm_config_/i;
let npmKnows;

/**
 * `env` without the npm_config_* settings npm does not know. pnpm hands its own settings
 * (catalog, overrides, verify-deps-before-run, …) to child processes that way, and npm prints
 * an "Unknown env config" warning for each, burying what a release log should show.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function npmEnvironment(env = process.env) {
  const withoutConfig = Object.fromEntries(Object.entries(env).filter(([key]) => !npmConfig.test(key)));
  npmKnows ??= new Set(
    Object.keys(JSON.parse(exec('npm', ['config', 'ls', '--long', '--json'], { env: withoutConfig }))),
  );
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) =>
        !npmConfig.test(key) || npmKnows.has(key.slice('npm_config_'.length).toLowerCase().replaceAll('_', '-')),
    ),
  );
}

/**
 * Copies the publishable packages and the changesets config into `target` and commits them.
 * @param {string} target an empty folder
 * @returns {{ name: string, relativeDir: string }[]} the staged packages
 */
export function stageWorkspace(target) {
  const packages = publishablePackages();
  mkdirSync(target, { recursive: true });
  for (const pkg of packages) {
    cpSync(pkg.dir, join(target, pkg.relativeDir), {
      recursive: true,
      filter: (source) => !skipped.has(source.slice(pkg.dir.length + 1).split('/')[0]),
    });
  }
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(
    join(target, 'package.json'),
    `${JSON.stringify({ name: 'release-stage', private: true, packageManager: rootManifest.packageManager }, null, 2)}\n`,
  );
  // Keep the catalog and overrides: `pnpm publish` resolves `catalog:` ranges from them.
  const workspace = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8'));
  workspace.packages = packages.map((pkg) => pkg.relativeDir);
  writeFileSync(join(target, 'pnpm-workspace.yaml'), stringify(workspace));
  mkdirSync(join(target, '.changeset'), { recursive: true });
  for (const file of readdirSync(join(root, '.changeset'))) {
    cpSync(join(root, '.changeset', file), join(target, '.changeset', file));
  }
  linkWorkspaceDependencies(target, packages);
  const git = ['-c', 'user.name=release', '-c', 'user.email=release@audit-export.invalid'];
  exec('git', ['init', '-q', '-b', 'main'], { cwd: target });
  exec('git', [...git, 'add', '-A'], { cwd: target });
  exec('git', [...git, 'commit', '-qm', 'stage'], { cwd: target });
  return packages.map(({ name, relativeDir }) => ({ name, relativeDir }));
}

/** Writes a changeset into a staged workspace. */
export function addChangeset(target, name, bumps, summary) {
  const header = Object.entries(bumps)
    .map(([pkg, bump]) => `"${pkg}": ${bump}`)
    .join('\n');
  writeFileSync(join(target, '.changeset', `${name}.md`), `---\n${header}\n---\n\n${summary}\n`);
}

/** Reads the versions of the staged packages after `changeset version`. */
export function stagedVersions(target, packages) {
  return Object.fromEntries(
    packages
      .filter((pkg) => existsSync(join(target, pkg.relativeDir, 'package.json')))
      .map((pkg) => [
        pkg.name,
        JSON.parse(readFileSync(join(target, pkg.relativeDir, 'package.json'), 'utf8')).version,
      ]),
  );
}

/**
 * Links each staged package's `workspace:` dependencies to their staged siblings (or, for a private
 * package such as the test kit, to its folder in the repository): `pnpm publish` reads the installed
 * manifest of such a dependency to turn the range into a version.
 */
function linkWorkspaceDependencies(target, packages) {
  const dirOf = new Map(workspacePackages().map((pkg) => [pkg.name, pkg.dir]));
  for (const pkg of packages) dirOf.set(pkg.name, join(target, pkg.relativeDir));
  for (const pkg of packages) {
    const manifest = pkg.manifest;
    const ranges = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
    for (const [name, range] of Object.entries(ranges)) {
      if (!String(range).startsWith('workspace:') || !dirOf.has(name)) continue;
      const link = join(target, pkg.relativeDir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(dirOf.get(name), link, 'dir');
    }
  }
}
