#!/usr/bin/env node
// `pnpm release`: version and publish the packages with changesets.
//   pnpm release             dry run (the default): prints the rated changes of each spec
//                            description since its last release, versions a staged copy, shows
//                            the new versions and what each tarball would contain; changes nothing.
//   pnpm release --publish   `changeset version`, refresh the lockfile, `changeset publish`, then
//                            keep each released spec version in spec/releases (commit them) and
//                            tag it (`spec/<id>@<version>`, push the tags).
//                            Set NPM_CONFIG_PROVENANCE=true in CI to sign with provenance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChangesets } from './src/check-changesets.mjs';
import { assertSpecCommitted, formatSinceLastRelease, rateSinceLastRelease, tagReleases } from './src/spec-release.mjs';
import { keepReleases } from './src/spec-snapshots.mjs';
import { exec, npmEnvironment, stagedVersions, stageWorkspace } from './src/stage.mjs';
import { publishablePackages, root } from './src/workspace.mjs';

const changeset = join(import.meta.dirname, 'node_modules', '.bin', 'changeset');

// `changeset version` refuses to run with nothing pending; publishing what the registry lacks
// (a first release) still makes sense then.
const pending = (await readChangesets(root)).size > 0;
// Children (changeset, pnpm, npm) get only the settings npm knows: the log shows what matters.
const env = npmEnvironment();

/** `changeset version` and `changeset publish` in the repository, then the spec's release tags. */
function publish() {
  // Checked before anything is published: the release tags will point at HEAD.
  assertSpecCommitted(root);
  if (pending) {
    exec(changeset, ['version'], { cwd: root, env, stdio: 'inherit' });
    exec('pnpm', ['install', '--lockfile-only'], { cwd: root, env, stdio: 'inherit' });
  }
  exec(changeset, ['publish'], { cwd: root, env, stdio: 'inherit' });
  const kept = keepReleases(root);
  if (kept.length)
    console.log(`Kept the released descriptions: ${kept.join(', ')}. Commit them with the version files.`);
  const tags = tagReleases(root);
  console.log(tags.length ? `Tagged ${tags.join(', ')}: git push --tags` : 'Every spec version was tagged already.');
}

/** The versions and tarballs `changeset version` would give, on a staged copy. */
function dryRunPackages() {
  if (!pending) {
    console.log('No pending changesets: `pnpm changeset` adds one. Current versions:');
    for (const pkg of publishablePackages()) console.log(`  ${pkg.name.padEnd(24)} ${pkg.version}`);
    console.log('`pnpm release --publish` would publish those of them the registry does not have yet.');
    return;
  }
  const stage = mkdtempSync(join(tmpdir(), 'audit-export-release-'));
  try {
    const before = Object.fromEntries(publishablePackages().map((pkg) => [pkg.name, pkg.version]));
    const packages = stageWorkspace(stage);
    // Its "All files have been updated" is about the staged copy: shown only when it fails.
    exec(changeset, ['version'], { cwd: stage, env });
    const after = stagedVersions(stage, packages);
    console.log('\nDry run: nothing is published and the repository is unchanged.\n');
    for (const pkg of packages) {
      const bump = before[pkg.name] === after[pkg.name] ? 'unchanged' : `${before[pkg.name]} -> ${after[pkg.name]}`;
      console.log(`${pkg.name.padEnd(24)} ${bump}`);
      if (bump !== 'unchanged') {
        exec('pnpm', ['publish', '--dry-run', '--no-git-checks'], {
          cwd: join(stage, pkg.relativeDir),
          env,
          stdio: 'inherit',
        });
      }
    }
    console.log('\nTo publish for real: pnpm release --publish');
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv.includes('--publish')) {
  publish();
} else {
  console.log("Spec descriptions, rated since each one's last release (redocly diff with spec/redocly.yaml):");
  console.log(`${formatSinceLastRelease(await rateSinceLastRelease(root))}\n`);
  dryRunPackages();
}
