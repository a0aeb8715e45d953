// Says when a change needs a changeset it does not have: every publishable package whose
// published files changed since the base ref must be named in a pending changeset, and every
// spec document that changed is rated by `redocly diff` (src/spec-gate.mjs): its info.version and
// the changesets must move as far as the changes require.
//
// Reading the changesets is @changesets/read's job. Which packages changed stays ours, because
// `changeset status` only fails when there is no changeset at all, not when one package lacks one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readChangesets as readPendingChangesets } from '@changesets/read';
import { bumpRank } from './semver.mjs';
import { checkSpecChanges } from './spec-gate.mjs';
import { git } from './spec-history.mjs';
import { publishablePackages } from './workspace.mjs';

// Files that are never published, so changing them needs no release.
const unpublished = /(^|\/)(test|bench|scripts)\/|(^|\/)CHANGELOG\.md$|\.test\.[cm]?[jt]s$/;

/** The pending changesets; none when the folder does not exist. */
async function readPending(cwd) {
  return existsSync(join(cwd, '.changeset')) ? readPendingChangesets(cwd) : [];
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

/**
 * Checks the changesets of the working tree against `since`.
 * @param {{ cwd: string, since: string }} options
 * @returns {Promise<{ ok: boolean, problems: string[], changed: string[], ratings: import('./spec-diff.d.mts').Rating[] }>}
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
  const spec = await checkSpecChanges({ cwd, since, bumps });
  problems.push(...spec.problems);
  return { ok: problems.length === 0, problems, changed, ratings: spec.ratings };
}
