// Semver as the release checks need it: bumps ranked, versions compared and bumped (x.y.z only).

/** Semver bumps, weakest first. */
export const bumpRank = { patch: 1, minor: 2, major: 3 };

/** The strongest of `bumps` (undefined when there is none). */
export function highestBump(bumps) {
  return bumps.reduce((best, bump) => ((bumpRank[bump] ?? 0) > (bumpRank[best] ?? 0) ? bump : best), undefined);
}

/** `major.minor.patch` of a version (a pre-release or build suffix is ignored), or undefined. */
export function parseVersion(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(String(version ?? ''));
  return match ? match.slice(1, 4).map(Number) : undefined;
}

/** The version `bump` leads to from `version` (1.1.0 + major = 2.0.0). */
export function nextVersion(version, bump) {
  const parts = parseVersion(version);
  if (!parts) return undefined;
  const [major, minor, patch] = parts;
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Whether `version` is at least `floor` (both `x.y.z`). */
export function versionAtLeast(version, floor) {
  const [a, b] = [parseVersion(version), parseVersion(floor)];
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Orders two `x.y.z` versions (for sort): negative when `a` comes first. */
export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a) ?? [0, 0, 0], parseVersion(b) ?? [0, 0, 0]];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
