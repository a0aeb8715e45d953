// Says when a change needs a changeset it does not have: every publishable package whose
// published files changed since the base ref must be named in a pending changeset, and a
// change that removes or rewrites lines of the client's generated types (a spec change that
// breaks a client type) needs a major bump of the client.
//
// Reading the changesets is @changesets/read's job. Which packages changed stays ours, because
// `changeset status` only fails when there is no changeset at all, not when one package lacks one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readChangesets as readPendingChangesets } from '@changesets/read';
import { publishablePackages } from './workspace.mjs';

const bumpRank = { patch: 1, minor: 2, major: 3 };
// Files that are never published, so changing them needs no release.
const unpublished = /(^|\/)(test|bench|scripts)\/|(^|\/)CHANGELOG\.md$|\.test\.[cm]?[jt]s$/;
const clientGeneratedTypes = /^packages\/client\/src\/generated\/.*\.gen\.ts$/;

/** The pending changesets; none when the folder does not exist. */
async function readPending(cwd) {
  return existsSync(join(cwd, '.changeset')) ? readPendingChangesets(cwd) : [];
}

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout;
}

/** Reads the pending changesets (with @changesets/read): package name → the highest bump any asks for. */
export async function readChangesets(cwd) {
  const bumps = new Map();
  for (const changeset of await readPending(cwd)) {
    for (const { name, type } of changeset.releases) {
      if ((bumpRank[type] ?? 0) > (bumpRank[bumps.get(name)] ?? 0)) bumps.set(name, type);
    }
  }
  return bumps;
}

/** Lines of the client's generated types removed or rewritten since `since`, comments aside. */
function breakingTypeLines(cwd, since, files) {
  const generated = files.filter((file) => clientGeneratedTypes.test(file));
  if (generated.length === 0) return [];
  const diff = git(cwd, ['diff', '--unified=0', since, '--', ...generated]);
  return diff
    .split('\n')
    .filter((line) => line.startsWith('-') && !line.startsWith('---'))
    .map((line) => line.slice(1).trim())
    .filter((line) => line !== '' && !/^(\/\/|\/\*\*?|\*)/.test(line) && !documentVersion.test(line));
}

/** The `specValues.version` line: the description's own version moves with every spec release, no type does. */
const documentVersion = /^"version": "[^"]*",?$/;

/**
 * Checks the changesets of the working tree against `since`.
 * @param {{ cwd: string, since: string }} options
 * @returns {Promise<{ ok: boolean, problems: string[], changed: string[] }>}
 */
export async function checkChangesets({ cwd, since }) {
  const files = git(cwd, ['diff', '--name-only', since])
    .concat(git(cwd, ['ls-files', '--others', '--exclude-standard']))
    .split('\n')
    .filter(Boolean);
  const bumps = await readChangesets(cwd);
  const problems = [];
  const changed = [];
  for (const pkg of publishablePackages(cwd)) {
    const prefix = `${pkg.relativeDir}/`;
    const touched = files.filter((file) => file.startsWith(prefix) && !unpublished.test(file.slice(prefix.length)));
    if (touched.length === 0) continue;
    changed.push(pkg.name);
    if (!bumps.has(pkg.name)) {
      problems.push(
        `${pkg.name} changed (${touched.slice(0, 3).join(', ')}${touched.length > 3 ? ', …' : ''}) but no changeset names it. Run \`pnpm changeset\` and pick ${pkg.name}.`,
      );
    }
  }
  const breaking = breakingTypeLines(cwd, since, files);
  if (breaking.length > 0 && bumps.get('@audit-export/client') !== 'major') {
    problems.push(
      `The client's generated types lost or rewrote ${breaking.length} line(s) (e.g. \`${breaking[0]}\`): a spec change that breaks a client type needs a major changeset for @audit-export/client.`,
    );
  }
  return { ok: problems.length === 0, problems, changed };
}
