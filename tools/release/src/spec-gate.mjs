// The spec diff gate: every document under spec/apis that changed since a ref is rated against
// that ref's copy of it (src/spec-diff.mjs), and the ratings are judged against the pending
// changesets (src/compatibility.mjs). The changeset check runs it; the dry run prints its ratings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { judgeRatings } from './compatibility.mjs';
import { rateDocuments } from './spec-diff.mjs';
import { apiIdsAt, changedApis, documentPath, extractSpec } from './spec-history.mjs';

/** Document-level rules: a whole API description added or removed. */
export const documentRules = { 'document-added': 'minor', 'document-removed': 'major' };

function wholeDocument(id, status, versions) {
  const rule = status === 'added' ? 'document-added' : 'document-removed';
  return {
    api: id,
    versions,
    impact: documentRules[rule],
    changes: [
      {
        impact: documentRules[rule],
        kind: status,
        rule,
        message: `The ${id} description was ${status}.`,
        operation: undefined,
        pointer: '#',
        location: `spec/apis/${id}/openapi.yaml`,
      },
    ],
  };
}

/**
 * Rates the documents of the tree at `cwd` that changed since the ref `since` (of the same repository).
 * Locations in the base read `<ref>:spec/…`, in the working tree `spec/…`.
 * @returns {Promise<import('./spec-diff.d.mts').Rating[]>}
 */
export async function rateChangedDocuments({ cwd, since, label = since.slice(0, 12) }) {
  const changed = changedApis(cwd, since, apiIdsAt(cwd, since));
  // Most changes touch no description: nothing to extract or rate.
  if (changed.length === 0) return [];
  const scratch = mkdtempSync(join(tmpdir(), 'spec-gate-'));
  try {
    const baseRoot = changed.some((c) => c.status === 'changed')
      ? extractSpec(cwd, since, join(scratch, 'base'))
      : scratch;
    const locate = (file, pointer) => {
      const inBase = relative(baseRoot, file);
      const path = inBase.startsWith('..') ? relative(cwd, file) : `${label}:${inBase}`;
      return `${path}${pointer}`;
    };
    const config = join(cwd, 'spec', 'redocly.yaml');
    const ratings = [];
    // One document at a time: each diff already runs Redocly three times in parallel.
    for (const { id, status } of changed) {
      if (status !== 'changed') {
        ratings.push(wholeDocument(id, status, { base: undefined, revision: undefined }));
        continue;
      }
      ratings.push(
        await rateDocuments({
          api: id,
          base: documentPath(baseRoot, id),
          revision: documentPath(cwd, id),
          config,
          locate,
        }),
      );
    }
    return ratings;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The gate: the problems of the spec changes since `since` given the pending changesets (`bumps`).
 * @returns {Promise<{ ratings: import('./spec-diff.d.mts').Rating[], problems: string[] }>}
 */
export async function checkSpecChanges({ cwd, since, bumps }) {
  const ratings = await rateChangedDocuments({ cwd, since });
  return { ratings, problems: judgeRatings(ratings, bumps) };
}
