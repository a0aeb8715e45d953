// The release policy for spec changes, given their ratings (src/spec-diff.mjs): how far each
// document's `info.version` must move, and which packages need which changeset. Written down in
// the README ("The spec diff gate") and spec/README.md ("Compatibility").
import { eventRules } from './extension-rules.mjs';
import { bumpRank, highestBump, nextVersion, versionAtLeast } from './semver.mjs';
import { formatChange, operationSurfaceRules } from './spec-diff.mjs';

/**
 * The published packages beside @audit-export/spec that a major change reaches. The client is
 * generated from the whole document (types of every operation, servers, patterns, enums,
 * lifecycles), so every major change reaches it; the query kit when its generated factories change;
 * the events package when a catalog event is removed or renamed.
 */
export function packagesReached(change) {
  const reached = ['@audit-export/client'];
  if (operationSurfaceRules.has(change.rule)) reached.push('@audit-export/query');
  if (eventRules.has(change.rule)) reached.push('@audit-export/events');
  return reached;
}

/** At most this many changes are named per problem (the dry run lists them all). */
const NAMED = 5;

function named(changes) {
  const lines = changes.slice(0, NAMED).map((change) => `\n    - ${formatChange(change)}`);
  return `${lines.join('')}${changes.length > NAMED ? `\n    - … and ${changes.length - NAMED} more` : ''}`;
}

/**
 * Judges rated documents against the pending changesets (`bumps`: package name → bump): each
 * document's `info.version` moved at least as far as its impact, `@audit-export/spec` bumped at
 * least as far as the strongest impact, and a major changeset for every package a major change reaches.
 * @param {import('./spec-diff.d.mts').Rating[]} ratings
 * @param {Map<string, string>} bumps
 * @returns {string[]} problems, each naming the API, the operation, the path, the rule and the bump needed
 */
export function judgeRatings(ratings, bumps) {
  const problems = [];
  for (const rating of ratings) {
    const { base, revision } = rating.versions;
    // A document added or removed has no version to compare; the changesets still are.
    if (rating.impact === undefined || base === undefined || revision === undefined) continue;
    const required = nextVersion(base, rating.impact);
    if (required === undefined || !versionAtLeast(revision, required)) {
      const moved = base === revision ? `stayed ${base}` : `went ${base} → ${revision}`;
      problems.push(
        `${rating.api}: info.version ${moved}, but its ${rating.impact} changes need a ${rating.impact} bump (${required ?? 'a semver version'}) at least:${named(rating.changes.filter((c) => c.impact === rating.impact))}`,
      );
    }
  }
  const rated = ratings.filter((rating) => rating.impact !== undefined);
  const impact = highestBump(rated.map((rating) => rating.impact));
  const spec = bumps.get('@audit-export/spec');
  if (impact !== undefined && (bumpRank[spec] ?? 0) < bumpRank[impact]) {
    const top = rated.flatMap((rating) =>
      rating.changes.filter((c) => c.impact === impact).map((c) => ({ rating, c })),
    );
    problems.push(
      `@audit-export/spec needs a ${impact} changeset (${spec ? `has ${spec}` : 'has none'}) for ${top.length} ${impact} change(s) of ${[...new Set(top.map((t) => t.rating.api))].join(', ')}:${named(top.map((t) => t.c))}`,
    );
  }
  const majors = rated.flatMap((rating) =>
    rating.changes.filter((c) => c.impact === 'major').map((c) => ({ rating, c })),
  );
  const reached = new Map();
  for (const { rating, c } of majors) {
    for (const pkg of packagesReached(c)) reached.set(pkg, [...(reached.get(pkg) ?? []), { rating, c }]);
  }
  for (const [pkg, found] of reached) {
    if (bumps.get(pkg) === 'major') continue;
    problems.push(
      `${pkg} needs a major changeset (${bumps.get(pkg) ? `has ${bumps.get(pkg)}` : 'has none'}): ${found.length} major change(s) of ${[...new Set(found.map((f) => f.rating.api))].join(', ')} reach it:${named(found.map((f) => f.c))}`,
    );
  }
  return problems;
}
