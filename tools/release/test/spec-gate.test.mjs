// The spec diff gate, one test per decision of the rule set (README, "The spec diff gate"): the
// twelve vendor changes of src/spec-mutations.mjs rated and judged on copies of the bundled
// documents, our extension rules, and the policy on versions and changesets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiIds, loadDocument, readSpecJson, specPath } from '@audit-export/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeRatings } from '../src/compatibility.mjs';
import { nextVersion } from '../src/semver.mjs';
import { rateDocuments } from '../src/spec-diff.mjs';
import { breakingMutations, compatibleMutations } from '../src/spec-mutations.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'spec-gate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The built documents and catalog, as a fresh mutable set. */
function specSet() {
  return {
    docs: Object.fromEntries(apiIds.map((id) => [id, loadDocument(id)])),
    catalog: structuredClone(readSpecJson('event-catalog.json')),
  };
}

let written = 0;
/** Applies `edit` to a copy of API `api`'s bundle, sets its info.version (`bump` from today's), and rates it. */
async function rate(api, edit, bump) {
  const set = specSet();
  edit(set);
  const doc = set.docs[api];
  doc.info.version = nextVersion(loadDocument(api).info.version, bump);
  const file = join(scratch, `${api}-${written++}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return rateDocuments({ api, base: specPath(api, 'json'), revision: file });
}

const bumps = (entries) => new Map(Object.entries(entries));
const mutations = [...compatibleMutations, ...breakingMutations];
const rated = new Map();
/** The rating of a mutation released as a minor (rated once, shared by the tests that judge it). */
function ratingOf(id) {
  const mutation = mutations.find((m) => m.id === id);
  if (!rated.has(id)) rated.set(id, rate(mutation.api, mutation.apply, 'minor'));
  return rated.get(id);
}
/** The same rating with its document released as a major instead: the diff leaves info.version out. */
const asMajor = (rating) => ({
  ...rating,
  versions: { ...rating.versions, revision: nextVersion(rating.versions.base, 'major') },
});

describe.concurrent('compatible vendor changes: rated minor, released as minor', () => {
  it.each(compatibleMutations.map((m) => [m.id, m]))('%s', async (_id, mutation) => {
    const rating = await ratingOf(mutation.id);
    expect(rating.impact, JSON.stringify(rating.changes, null, 1)).toBe(mutation.expected);
    expect(rating.changes.filter((c) => c.impact === 'major')).toEqual([]);
    expect(judgeRatings([rating], bumps({ '@audit-export/spec': 'minor', '@audit-export/client': 'minor' }))).toEqual(
      [],
    );
  });
});

describe.concurrent('breaking vendor changes: rated major, refused as minor, accepted as major', () => {
  it.each(breakingMutations.map((m) => [m.id, m]))('%s', async (_id, mutation) => {
    const asMinor = await ratingOf(mutation.id);
    expect(asMinor.impact).toBe('major');
    const majors = asMinor.changes.filter((c) => c.impact === 'major');
    expect(majors.map((c) => c.rule)).toEqual(expect.arrayContaining(mutation.rules));

    const refused = judgeRatings([asMinor], bumps({ '@audit-export/spec': 'minor', '@audit-export/client': 'minor' }));
    const required = nextVersion(loadDocument(mutation.api).info.version, 'major');
    expect(refused[0]).toContain(`${mutation.api}: info.version went`);
    expect(refused[0]).toContain(`need a major bump (${required})`);
    for (const rule of mutation.rules) expect(refused[0]).toContain(`[${rule}]`);
    // Every named change inside an operation names it: operationId, method and path.
    const named = majors.find((c) => c.operation);
    if (named)
      expect(refused[0]).toContain(
        `${named.operation.operationId} (${named.operation.method} ${named.operation.path})`,
      );
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.stringContaining('@audit-export/spec needs a major changeset (has minor)'),
        expect.stringContaining('@audit-export/client needs a major changeset (has minor)'),
      ]),
    );

    const all = { '@audit-export/spec': 'major', '@audit-export/client': 'major', '@audit-export/query': 'major' };
    expect(judgeRatings([asMajor(asMinor)], bumps(all))).toEqual([]);
  });
});

describe.concurrent('the rule set, decision by decision', () => {
  it('a value added to a response enum is minor (enum-values-added configured minor)', async () => {
    const rating = await rate(
      'audit-query',
      compatibleMutations.find((m) => m.id === 'job-state-added').apply,
      'minor',
    );
    expect(rating.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'enum-values-added', impact: 'minor' })]),
    );
  });

  it('a value added to a request-only enum is minor (ours: enum-values-widened; Redocly judges none)', async () => {
    const rating = await rate(
      'audit-resource',
      ({ docs }) => docs['audit-resource'].components.parameters.Action.schema.enum.push('EXPORT'),
      'minor',
    );
    expect(rating.changes).toEqual([
      expect.objectContaining({
        impact: 'minor',
        rule: 'enum-values-widened',
        message: "Enum gained values: 'EXPORT'.",
      }),
    ]);
  });

  it('a value removed from a request enum is major (enum-values-removed)', async () => {
    const rating = await rate('zoho', ({ docs }) => docs.zoho.components.schemas.AuditAction.enum.pop(), 'minor');
    expect(rating.impact).toBe('major');
    expect(rating.changes.map((c) => c.rule)).toContain('enum-values-removed');
  });

  it('a description-only change is a patch', async () => {
    const rating = await rate(
      'audit-query',
      ({ docs }) => {
        docs['audit-query'].components.schemas.ExportJobDetails.description += ' Reworded.';
      },
      'patch',
    );
    expect(rating.impact).toBe('patch');
    expect(judgeRatings([rating], bumps({ '@audit-export/spec': 'patch' }))).toEqual([]);
  });

  it('an operation removed also needs a major of the query kit, whose generated factories lose one', async () => {
    const rating = asMajor(await ratingOf('operation-removed'));
    const problems = judgeRatings([rating], bumps({ '@audit-export/spec': 'major', '@audit-export/client': 'major' }));
    expect(problems).toEqual([expect.stringContaining('@audit-export/query needs a major changeset (has none)')]);
    expect(problems[0]).toContain('listAuditLogExportJobs (GET /crm/{version}/settings/audit_log_export)');
  });

  it('a constraint narrowed in a request needs no query kit major: its factories stay the same', async () => {
    const rating = asMajor(await ratingOf('request-constraint-narrowed'));
    expect(judgeRatings([rating], bumps({ '@audit-export/spec': 'major', '@audit-export/client': 'major' }))).toEqual(
      [],
    );
  });

  it('a catalog event removed is major and reaches the events package (x-event-catalog, our rule)', async () => {
    const rating = await rate(
      'audit-query',
      ({ docs }) => {
        docs['audit-query']['x-event-catalog'].pop();
      },
      'major',
    );
    expect(rating.changes.map((c) => c.rule)).toEqual(['event-removed']);
    const problems = judgeRatings([rating], bumps({ '@audit-export/spec': 'major', '@audit-export/client': 'major' }));
    expect(problems).toEqual([expect.stringContaining('@audit-export/events needs a major changeset')]);
  });

  it('a terminal state that starts moving again is major (x-transitions, our rule)', async () => {
    const rating = await rate(
      'audit-query',
      ({ docs }) => {
        docs['audit-query'].components.schemas.JobState['x-transitions'].push({ from: 'COMPLETED', to: 'PROCESSING' });
      },
      'minor',
    );
    expect(rating.impact).toBe('major');
    expect(rating.changes.map((c) => c.rule)).toEqual(
      expect.arrayContaining(['transition-added', 'state-kind-changed']),
    );
    expect(rating.changes.find((c) => c.rule === 'state-kind-changed').message).toContain(
      'COMPLETED was terminal, is now active',
    );
  });

  it('the version must be a semver version moved at least as far as the impact', () => {
    const rating = { api: 'zoho', versions: { base: '2.0.1', revision: '2.0.1' }, impact: 'patch', changes: [] };
    expect(judgeRatings([rating], bumps({ '@audit-export/spec': 'patch' }))).toEqual([
      'zoho: info.version stayed 2.0.1, but its patch changes need a patch bump (2.0.2) at least:',
    ]);
    const skipped = { ...rating, versions: { base: '2.0.1', revision: '3.0.0' } };
    expect(judgeRatings([skipped], bumps({ '@audit-export/spec': 'patch' }))).toEqual([]);
  });
});
