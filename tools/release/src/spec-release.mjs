// The spec's part of `pnpm release`: the dry run prints, for each API description, the rated
// changes since its last release (what a maintainer reads before publishing), and `--publish` tags
// each released version (`spec/<id>@<version>`) so the next diff and the docs' changes pages have a base.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { formatChange, rateDocuments } from './spec-diff.mjs';
import { apiIdsIn, documentPath, extractSpec, git, releaseTag, specReleases } from './spec-history.mjs';

/** `info` of API `id`'s root document in the working tree. */
function workingInfo(cwd, id) {
  return parse(readFileSync(documentPath(cwd, id), 'utf8'))?.info ?? {};
}

/**
 * The last release of API `id` before the working tree: its newest release tag, or without tags the
 * newest version in its git history other than the working tree's own (which is what is being released).
 */
export function lastRelease(cwd, id) {
  const { source, releases } = specReleases(cwd, id);
  const current = workingInfo(cwd, id).version;
  const earlier = source === 'tags' ? releases : releases.filter((release) => release.version !== current);
  return earlier.at(-1);
}

/**
 * Rates each API description of the working tree against its last release.
 * @returns {Promise<{ id: string, since: { version: string, ref: string } | undefined, rating: import('./spec-diff.d.mts').Rating | undefined }[]>}
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
      const baseRoot = extractSpec(cwd, since.ref, join(scratch, `${id}-${since.version}`));
      const locate = (file, pointer) => {
        const inBase = relative(baseRoot, file);
        return `${inBase.startsWith('..') ? relative(cwd, file) : `${since.ref}:${inBase}`}${pointer}`;
      };
      const rating = await rateDocuments({
        api: id,
        base: documentPath(baseRoot, id),
        revision: documentPath(cwd, id),
        config: join(cwd, 'spec', 'redocly.yaml'),
        locate,
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
  for (const { id, since, rating } of results) {
    if (!rating) {
      lines.push(`${id}: no earlier release (first release of this description).`);
      continue;
    }
    const { base, revision } = rating.versions;
    lines.push(
      `${id}: ${base} (${since.ref.length === 40 ? since.ref.slice(0, 12) : since.ref}) → ${revision}: ${rating.changes.length} change(s)${rating.impact ? `, requires a ${rating.impact} bump` : ''}`,
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
