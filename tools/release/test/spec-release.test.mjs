// The spec's part of `pnpm release`: what the dry run rates against (the last release kept in
// spec/releases), what it prints, and what --publish keeps and tags.
import { afterEach, describe, expect, it } from 'vitest';
import { releaseTags } from '../src/spec-history.mjs';
import {
  assertSpecCommitted,
  formatSinceLastRelease,
  lastRelease,
  rateSinceLastRelease,
  tagReleases,
} from '../src/spec-release.mjs';
import { keepReleases, releasedVersions } from '../src/spec-snapshots.mjs';
import { edit, git, removeRepositories, specRepository } from './spec-repository.mjs';

afterEach(removeRepositories);
// `git tag -a` needs an identity; a CI machine may have none configured.
process.env.GIT_COMMITTER_NAME ??= 'release test';
process.env.GIT_COMMITTER_EMAIL ??= 'release-test@audit-export.invalid';

const ROOT = 'spec/apis/audit-query/openapi.yaml';
const STATUS = 'spec/apis/audit-query/components/schemas/ExportJobDetails.yaml';

/** The repository with audit-query released as 8.0.0, then a response field added for 8.1.0 in the working tree. */
function twoVersions() {
  const { dir } = specRepository();
  edit(dir, ROOT, /version: \S+/.exec(git(dir, 'show', `HEAD:${ROOT}`))[0], 'version: 8.0.0');
  git(dir, 'commit', '-qam', 'audit-query 8.0.0');
  keepReleases(dir);
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
  it('rates the working tree against the last release kept in spec/releases', async () => {
    const dir = twoVersions();
    expect(lastRelease(dir, 'audit-query').version).toBe('8.0.0');
    const results = await rateSinceLastRelease(dir);
    const auditQuery = results.find((result) => result.id === 'audit-query');
    expect(auditQuery.rating).toMatchObject({ versions: { base: '8.0.0', revision: '8.1.0' }, impact: 'minor' });
    const report = formatSinceLastRelease(results);
    expect(report).toMatch(/^audit-query: 8\.0\.0 \(released\) → 8\.1\.0: 1 change\(s\), requires a minor bump$/m);
    expect(report).toContain(
      '  minor  getExportJobStatus (GET /v2/export/status/{jobId}) responses/200/content/application~1json/schema/properties/region: Added. at audit-query working tree#/components/schemas/ExportJobDetails/properties/region',
    );
  });

  it('once published, keeps the new version and tags it, each once, and rates against it', async () => {
    const dir = twoVersions();
    git(dir, 'commit', '-qam', 'audit-query 8.1.0');
    expect(keepReleases(dir).map((file) => file.slice(dir.length + 1))).toEqual([
      'spec/releases/audit-query/8.1.0.json',
    ]);
    expect(releasedVersions(dir, 'audit-query').map((kept) => kept.version)).toEqual(['8.0.0', '8.1.0']);
    expect(tagReleases(dir)).toEqual(
      expect.arrayContaining(['spec/audit-query@8.1.0', expect.stringMatching(/^spec\/zoho@/)]),
    );
    expect(releaseTags(dir, 'audit-query').map((tag) => tag.version)).toEqual(['8.1.0']);
    const [auditQuery] = await rateSinceLastRelease(dir);
    expect(auditQuery).toMatchObject({ since: { version: '8.1.0' }, rating: { changes: [] } });
    // The next publish of the same versions keeps and tags nothing new.
    expect(keepReleases(dir)).toEqual([]);
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
