// The gate as a maintainer meets it: a git repository holding a copy of this spec, a change to its
// sources, changesets, and the changeset check (`pnpm --filter @audit-export/release lint`) run on it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkChangesets } from '../src/check-changesets.mjs';
import { rateChangedDocuments } from '../src/spec-gate.mjs';
import { root } from '../src/workspace.mjs';
import { changeset, edit, removeRepositories, specRepository } from './spec-repository.mjs';

const cli = join(import.meta.dirname, '..', 'src', 'check-changesets-cli.mjs');
afterEach(removeRepositories);
const AUDIT_QUERY = 'spec/apis/audit-query/openapi.yaml';
const USERNAME = 'spec/apis/audit-query/components/parameters/FilterUsername.yaml';
const version = () => /^ {2}version: (\S+)$/m.exec(readFileSync(join(root, AUDIT_QUERY), 'utf8'))[1];
const bump = (v, part) => {
  const [major, minor] = v.split('.').map(Number);
  return part === 'major' ? `${major + 1}.0.0` : `${major}.${minor + 1}.0`;
};

describe('the changeset check on a narrowed f.username (maxLength 64)', () => {
  it('refuses it released as minor, naming the API, the operation, the file, maxLength and the major bump needed', () => {
    const { dir, base } = specRepository();
    edit(dir, USERNAME, '  minLength: 1\n', '  minLength: 1\n  maxLength: 64\n');
    edit(dir, AUDIT_QUERY, `version: ${version()}`, `version: ${bump(version(), 'minor')}`);
    changeset(dir, 'narrow', { '@audit-export/spec': 'minor', '@audit-export/client': 'minor' });
    const run = spawnSync(process.execPath, [cli, '--cwd', dir], {
      encoding: 'utf8',
      env: { ...process.env, AUDIT_EXPORT_BASE_REF: base },
    });
    expect(run.status, run.stdout).toBe(1);
    const required = bump(version(), 'major');
    expect(run.stderr).toContain(
      `audit-query: info.version went ${version()} → ${bump(version(), 'minor')}, but its major changes need a major bump (${required}) at least`,
    );
    expect(run.stderr).toContain(
      `createExportJob (GET /v2/export) parameters/f.username/schema/maxLength: \`maxLength\` was set to '64'. [schema-constraint-changed] at ${USERNAME}#/schema/maxLength`,
    );
    expect(run.stderr).toContain('@audit-export/spec needs a major changeset (has minor)');
    expect(run.stderr).toContain('@audit-export/client needs a major changeset (has minor)');
  });

  it('accepts it as a major with major changesets for the spec and the client', async () => {
    const { dir, base } = specRepository();
    edit(dir, USERNAME, '  minLength: 1\n', '  minLength: 1\n  maxLength: 64\n');
    edit(dir, AUDIT_QUERY, `version: ${version()}`, `version: ${bump(version(), 'major')}`);
    changeset(dir, 'narrow', { '@audit-export/spec': 'major', '@audit-export/client': 'major' });
    const result = await checkChangesets({ cwd: dir, since: base });
    expect(result.problems).toEqual([]);
    expect(result.ratings.map((r) => [r.api, r.impact])).toEqual([['audit-query', 'major']]);
  });
});

describe('which documents the gate rates', () => {
  it('none when only a CHANGELOG changed', async () => {
    const { dir, base } = specRepository();
    edit(dir, 'spec/apis/zoho/CHANGELOG.md', '# Changelog: zoho', '# Changelog: zoho (reworded)');
    expect(await rateChangedDocuments({ cwd: dir, since: base })).toEqual([]);
  });

  it('every document when spec/shared changed, each against its own base', async () => {
    const { dir, base } = specRepository();
    edit(
      dir,
      'spec/shared/schemas/SpringError.yaml',
      'A human-readable explanation.',
      'A human-readable explanation, reworded.',
    );
    const ratings = await rateChangedDocuments({ cwd: dir, since: base });
    expect(ratings.map((r) => r.api)).toEqual(['audit-query', 'audit-resource', 'zoho']);
    const auditQuery = ratings.find((r) => r.api === 'audit-query');
    expect(auditQuery.impact).toBe('patch');
    expect(auditQuery.changes[0].location).toBe('spec/shared/schemas/SpringError.yaml#/properties/message/description');
  });

  it('a removed property located in the base, named `<ref>:<file>`', async () => {
    const { dir, base } = specRepository();
    const schema = 'spec/apis/audit-query/components/schemas/ExportJobDetails.yaml';
    const text = readFileSync(join(dir, schema), 'utf8');
    const property = /\n {2}failureReason:\n(?: {4}.*\n)+/.exec(text)[0];
    edit(dir, schema, property, '\n');
    const [rating] = await rateChangedDocuments({ cwd: dir, since: base });
    const removed = rating.changes.find((c) => c.rule === 'property-removed');
    expect(removed.location).toMatch(
      /^[0-9a-f]{12}:spec\/apis\/audit-query\/components\/schemas\/ExportJobDetails\.yaml#/,
    );
    expect(removed.operation.operationId).toBe('getExportJobStatus');
  });

  it('a whole description removed: major, for the spec and the client', async () => {
    const { dir, base } = specRepository();
    rmSync(join(dir, 'spec/apis/audit-resource'), { recursive: true });
    changeset(dir, 'drop', { '@audit-export/spec': 'major' });
    const result = await checkChangesets({ cwd: dir, since: base });
    expect(result.ratings.map((r) => [r.api, r.impact, r.changes[0].rule])).toEqual([
      ['audit-resource', 'major', 'document-removed'],
    ]);
    expect(result.problems).toEqual([
      expect.stringContaining('@audit-export/client needs a major changeset (has none)'),
    ]);
  });
});
