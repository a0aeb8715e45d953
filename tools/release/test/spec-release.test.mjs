// The spec's part of `pnpm release`: what the dry run rates against (the last release: a tag, or
// before any tag the previous version in git history), what it prints, and the tags --publish sets.
import { afterEach, describe, expect, it } from 'vitest';
import { releaseTags, specReleases } from '../src/spec-history.mjs';
import {
  assertSpecCommitted,
  formatSinceLastRelease,
  lastRelease,
  rateSinceLastRelease,
  tagReleases,
} from '../src/spec-release.mjs';
import { edit, git, removeRepositories, specRepository } from './spec-repository.mjs';

afterEach(removeRepositories);
// `git tag -a` needs an identity; a CI machine may have none configured.
process.env.GIT_COMMITTER_NAME ??= 'release test';
process.env.GIT_COMMITTER_EMAIL ??= 'release-test@audit-export.invalid';

const ROOT = 'spec/apis/audit-query/openapi.yaml';
const STATUS = 'spec/apis/audit-query/components/schemas/ExportJobDetails.yaml';

/** The repository with audit-query at 8.0.0, then a commit adding a response field released as 8.1.0. */
function twoVersions() {
  const { dir } = specRepository();
  edit(dir, ROOT, /version: \S+/.exec(git(dir, 'show', `HEAD:${ROOT}`))[0], 'version: 8.0.0');
  git(dir, 'commit', '-qam', 'audit-query 8.0.0');
  edit(
    dir,
    STATUS,
    '\nproperties:\n',
    '\nproperties:\n  region:\n    type: string\n    description: Where the job ran.\n',
  );
  edit(dir, ROOT, 'version: 8.0.0', 'version: 8.1.0');
  return dir;
}

describe('the dry run: the changes since the last release', () => {
  it('without tags, rates the working tree against the previous version of the git history', async () => {
    const dir = twoVersions();
    expect(lastRelease(dir, 'audit-query').version).toBe('8.0.0');
    const results = await rateSinceLastRelease(dir);
    const auditQuery = results.find((result) => result.id === 'audit-query');
    expect(auditQuery.rating).toMatchObject({ versions: { base: '8.0.0', revision: '8.1.0' }, impact: 'minor' });
    const report = formatSinceLastRelease(results);
    expect(report).toMatch(/^audit-query: 8\.0\.0 \([0-9a-f]{12}\) → 8\.1\.0: 1 change\(s\), requires a minor bump$/m);
    expect(report).toContain(
      '  minor  getExportJobStatus (GET /v2/export/status/{jobId}) responses/200/content/application~1json/schema/properties/region: Added. at spec/apis/audit-query/components/schemas/ExportJobDetails.yaml#/properties/region',
    );
  });

  it('once tagged, rates against the newest release tag', async () => {
    const dir = twoVersions();
    git(dir, 'commit', '-qam', 'audit-query 8.1.0');
    expect(tagReleases(dir)).toEqual(expect.arrayContaining(['spec/audit-query@8.1.0', 'spec/zoho@2.0.1']));
    expect(releaseTags(dir, 'audit-query').map((tag) => tag.version)).toEqual(['8.1.0']);
    expect(specReleases(dir, 'audit-query').source).toBe('tags');
    const [auditQuery] = await rateSinceLastRelease(dir);
    expect(auditQuery).toMatchObject({ since: { ref: 'spec/audit-query@8.1.0' }, rating: { changes: [] } });
    // Tags are made once: the next publish of the same versions adds none.
    expect(tagReleases(dir)).toEqual([]);
  });
});

describe('--publish', () => {
  it('refuses to tag a spec that is not committed, naming the files', () => {
    const dir = twoVersions();
    expect(() => assertSpecCommitted(dir)).toThrow(
      /Commit the spec descriptions before publishing[\s\S]*ExportJobDetails\.yaml/,
    );
  });
});
