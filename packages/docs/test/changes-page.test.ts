import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '@audit-export/release/spec-diff';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiChanges, changelogSections, collectApiChanges } from '../src/api-changes.js';
import { renderChangesBody, versionAnchor } from '../src/changes-page.js';
import { DOCS_DIR } from './spec-dist.js';

const REPO = join(DOCS_DIR, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

describe('changelogSections', () => {
  it('reads each `## <version> (<date>)` section with its prose', () => {
    const sections = changelogSections(
      '# Changelog\n\nIntro.\n\n## 2.0.0 (2026-12-01)\n\n- Breaking.\n- More.\n\n## 1.0.0\n\nFirst.\n',
    );
    expect([...sections.entries()]).toEqual([
      ['2.0.0', { date: '2026-12-01', prose: '- Breaking.\n- More.' }],
      ['1.0.0', { date: undefined, prose: 'First.' }],
    ]);
  });
});

const change = (impact: Change['impact'], message: string, rule?: string): Change => ({
  impact,
  kind: 'modified',
  rule,
  message,
  operation: { method: 'GET', path: '/v2/export', operationId: 'createExportJob' },
  pointer: '#/paths/~1v2~1export/get/parameters/f.username/schema/maxLength',
  location: 'spec/apis/audit-query/components/parameters/FilterUsername.yaml (2.0.0)#/schema/maxLength',
});

describe('renderChangesBody', () => {
  const api: ApiChanges = {
    id: 'audit-query',
    title: 'Audit <Query>',
    source: 'tags',
    versions: [
      {
        version: '2.0.0',
        date: '2026-12-09',
        ref: 'spec/audit-query@2.0.0',
        prose: '- `f.username` at most 64 characters. <script>alert(1)</script>',
        rating: {
          api: 'audit-query',
          versions: { base: '1.0.0', revision: '2.0.0' },
          impact: 'major',
          changes: [
            change('patch', 'Reworded.'),
            change('major', "`maxLength` was set to '64'.", 'schema-constraint-changed'),
          ],
        },
      },
      { version: '1.0.0', date: '2026-11-24', ref: 'spec/audit-query@1.0.0', prose: '', rating: undefined },
    ],
  };
  const html = renderChangesBody(api, '../api/audit-query.html');

  it('shows every version, newest first, with its date and impact', () => {
    expect(html.indexOf(`id="${versionAnchor('2.0.0')}"`)).toBeLessThan(html.indexOf(`id="${versionAnchor('1.0.0')}"`));
    expect(html).toContain(
      '2.0.0 <span class="impact impact-major">major</span> <span class="muted">2026-12-09</span>',
    );
    expect(html).toContain('First version: nothing to compare with.');
  });

  it('lists the rated changes, majors first, with operation, pointer, message and rule, open when major', () => {
    expect(html).toContain('<details class="rated" open>');
    expect(html).toContain('Rated changes since 1.0.0: 1 major, 0 minor, 1 patch');
    expect(html.indexOf('schema-constraint-changed')).toBeLessThan(html.indexOf('Reworded.'));
    expect(html).toContain(
      '<code class="operation-id">createExportJob</code> <span class="method">GET</span> <code>/v2/export</code>',
    );
    expect(html).toContain('parameters/f.username/schema/maxLength');
  });

  it('renders the CHANGELOG prose as Markdown, never its raw HTML, and escapes the title', () => {
    expect(html).toContain(
      '<li><code>f.username</code> at most 64 characters. &lt;script&gt;alert(1)&lt;/script&gt;</li>',
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('Audit &lt;Query&gt;: changes');
  });
});

describe('collectApiChanges', () => {
  /** A repository with this spec, audit-resource at 1.0.0, then 1.1.0 committed, then 1.2.0 in the working tree. */
  function repository() {
    const dir = mkdtempSync(join(tmpdir(), 'docs-changes-'));
    dirs.push(dir);
    for (const path of ['spec/apis', 'spec/shared', 'spec/redocly.yaml'])
      cpSync(join(REPO, path), join(dir, path), { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', '1.0.0');
    const root = join(dir, 'spec/apis/audit-resource/openapi.yaml');
    const bump = (from: string, to: string) =>
      writeFileSync(root, readFileSync(root, 'utf8').replace(`version: ${from}`, `version: ${to}`));
    bump('1.0.0', '1.1.0');
    git(dir, 'commit', '-qam', '1.1.0');
    bump('1.1.0', '1.2.0');
    return dir;
  }

  it('finds the versions in the git history and adds the working tree’s unreleased one', async () => {
    const changes = await collectApiChanges(repository(), 'audit-resource');
    expect(changes.source).toBe('history');
    expect(changes.versions.map((v) => [v.version, v.ref === undefined])).toEqual([
      ['1.2.0', true],
      ['1.1.0', false],
      ['1.0.0', false],
    ]);
    expect(changes.versions[0]?.rating).toMatchObject({ versions: { base: '1.1.0', revision: '1.2.0' }, changes: [] });
    expect(changes.versions[2]?.prose).toContain('First hand-authored description');
  });

  it('refuses a shallow clone, whose history would lose versions, and says how to fetch it', async () => {
    const source = repository();
    const shallow = mkdtempSync(join(tmpdir(), 'docs-changes-shallow-'));
    dirs.push(shallow);
    git(shallow, 'clone', '-q', '--depth', '1', `file://${source}`, '.');
    await expect(collectApiChanges(shallow, 'audit-resource')).rejects.toMatchObject({
      code: 'SPEC_HISTORY_SHALLOW',
      message: expect.stringContaining('git fetch --unshallow --tags'),
    });
  });
});
