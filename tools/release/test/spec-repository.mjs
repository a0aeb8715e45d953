// A git repository holding a copy of this repository's spec sources and published manifests, for
// the tests of the spec gate and of the release's spec steps.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from '../src/workspace.mjs';

const dirs = [];

/** Removes every repository made so far (an afterEach hook). */
export function removeRepositories() {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs git in `cwd` as a throwaway user; its trimmed stdout. */
export function git(cwd, ...args) {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

/** A repository with this spec's sources and the published manifests, committed: its dir and that commit. */
export function specRepository() {
  const dir = mkdtempSync(join(tmpdir(), 'spec-gate-repo-'));
  dirs.push(dir);
  const copied = ['spec/apis', 'spec/shared', 'spec/redocly.yaml', 'spec/package.json', '.changeset/config.json'];
  for (const name of ['client', 'events', 'query', 'mock']) copied.push(`packages/${name}/package.json`);
  for (const path of copied) cpSync(join(root, path), join(dir, path), { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return { dir, base: git(dir, 'rev-parse', 'HEAD') };
}

/** Replaces `from` (which must be there) with `to` in a file of the repository. */
export function edit(dir, path, from, to) {
  const file = join(dir, path);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** Writes a pending changeset asking `bumps` (package → bump). */
export function changeset(dir, name, bumps) {
  const file = join(dir, '.changeset', `${name}.md`);
  mkdirSync(dirname(file), { recursive: true });
  const header = Object.entries(bumps).map(([pkg, bump]) => `"${pkg}": ${bump}`);
  writeFileSync(file, `---\n${header.join('\n')}\n---\n\nA spec change.\n`);
}
