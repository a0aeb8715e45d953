// The spec's part of `pnpm release`: the dry run prints, for each API description, the rated
// changes since its last release (what a maintainer reads before publishing), and `--publish` keeps
// each released version in spec/releases (the base of the next dry run and of the docs' changes pages)
// and tags it (`spec/<id>@<version>`).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatChange, rateDocuments } from './spec-diff.mjs';
import { apiIdsIn, documentPath, git, releaseTag } from './spec-history.mjs';
import { bundleInto, releasedVersions } from './spec-snapshots.mjs';

/** `info` of API `id`'s root document in the working tree. */
function workingInfo(cwd, id) {
  return parse(readFileSync(documentPath(cwd, id), 'utf8'))?.info ?? {};
}

/** The last release of API `id`: the newest version kept in spec/releases (`{ version, file }`), or undefined. */
export function lastRelease(cwd, id) {
  return releasedVersions(cwd, id).at(-1);
}

/**
 * Rates each API description of the working tree against its last release.
 * @returns {Promise<{ id: string, since: { version: string, file: string } | undefined, rating: import('./spec-diff.d.mts').Rating | undefined }[]>}
 */
export async function rateSinceLastRelease(cwd) {
  const scratch = mkdtempSync(join(tmpdir(), 'spec-release-'));
  try {
    const out = [];
    for (const id of apiIdsIn(cwd)) {
      const since = lastRelease(cwd, id);
      if (!since) {
        out.push({ id, since, rating: undefined });
        continue;
      }
      // The working tree bundled as the releases are, so that only the descriptions' differences show.
      const working = join(scratch, `${id}.json`);
      bundleInto(cwd, id, working);
      const rating = await rateDocuments({
        api: id,
        base: since.file,
        revision: working,
        config: join(cwd, 'spec', 'redocly.yaml'),
        locate: (file, pointer) => `${id} ${file === since.file ? since.version : 'working tree'}${pointer}`,
      });
      out.push({ id, since, rating });
    }
    return out;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The dry run's report of `rateSinceLastRelease`: one block per API, every change on its own line. */
export function formatSinceLastRelease(results) {
  const lines = [];
  for (const { id, rating } of results) {
    if (!rating) {
      lines.push(`${id}: no earlier release (first release of this description).`);
      continue;
    }
    const { base, revision } = rating.versions;
    lines.push(
      `${id}: ${base} (released) → ${revision}: ${rating.changes.length} change(s)${rating.impact ? `, requires a ${rating.impact} bump` : ''}`,
    );
    const order = { major: 0, minor: 1, patch: 2 };
    for (const change of rating.changes.toSorted((a, b) => order[a.impact] - order[b.impact])) {
      lines.push(`  ${change.impact.padEnd(5)}  ${formatChange(change)}`);
    }
  }
  return lines.join('\n');
}

/** Throws unless the spec descriptions are committed: a release tag names what HEAD holds. */
export function assertSpecCommitted(cwd) {
  const dirty = git(cwd, ['status', '--porcelain', '--', 'spec/apis', 'spec/shared']).trim();
  if (dirty) throw new Error(`Commit the spec descriptions before publishing: release tags point at HEAD.\n${dirty}`);
}

/**
 * Tags the working tree's version of every API description that has no release tag yet, at HEAD.
 * @returns {string[]} the tags created
 */
export function tagReleases(cwd) {
  assertSpecCommitted(cwd);
  const created = [];
  for (const id of apiIdsIn(cwd)) {
    const info = workingInfo(cwd, id);
    const tag = releaseTag(id, info.version);
    if (git(cwd, ['tag', '--list', tag]).trim() !== '') continue;
    git(cwd, ['tag', '-a', tag, '-m', `${info.title ?? id} ${info.version}`, 'HEAD']);
    created.push(tag);
  }
  return created;
}
