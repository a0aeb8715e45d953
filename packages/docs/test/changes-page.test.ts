import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '@audit-export/release/spec-diff';
import { bundleInto } from '@audit-export/release/spec-snapshots';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiChanges, changelogSections, collectApiChanges } from '../src/api-changes.js';
import { renderChangesBody, versionAnchor } from '../src/changes-page.js';
import { DOCS_DIR } from './spec-dist.js';

const REPO = join(DOCS_DIR, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

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
    versions: [
      {
        version: '2.0.0',
        date: '2026-12-09',
        released: true,
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
      { version: '1.0.0', date: '2026-11-24', released: true, prose: '', rating: undefined },
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
  /**
   * A repository without git: audit-resource released as 1.0.0 and 1.1.0 (kept in spec/releases, the second
   * with one more action), and 1.2.0 in the working tree.
   */
  function repository() {
    const dir = mkdtempSync(join(tmpdir(), 'docs-changes-'));
    dirs.push(dir);
    for (const path of ['spec/apis', 'spec/shared', 'spec/redocly.yaml'])
      cpSync(join(REPO, path), join(dir, path), { recursive: true });
    const root = join(dir, 'spec/apis/audit-resource/openapi.yaml');
    const version = /version: (\S+)/.exec(readFileSync(root, 'utf8'))?.[1] as string;
    const setVersion = (to: string) =>
      writeFileSync(root, readFileSync(root, 'utf8').replace(/version: \S+/, `version: ${to}`));
    mkdirSync(join(dir, 'spec/releases/audit-resource'), { recursive: true });
    for (const released of ['1.0.0', '1.1.0']) {
      setVersion(released);
      bundleInto(dir, 'audit-resource', join(dir, `spec/releases/audit-resource/${released}.json`));
    }
    setVersion('1.2.0');
    expect(version).toBeDefined();
    return dir;
  }

  it('lists the released versions of spec/releases and adds the working tree’s unreleased one, with no git', async () => {
    const dir = repository();
    expect(existsSync(join(dir, '.git'))).toBe(false);
    const changes = await collectApiChanges(dir, 'audit-resource');
    expect(changes.versions.map((v) => [v.version, v.released])).toEqual([
      ['1.2.0', false],
      ['1.1.0', true],
      ['1.0.0', true],
    ]);
    expect(changes.versions[0]?.rating).toMatchObject({ versions: { base: '1.1.0', revision: '1.2.0' }, changes: [] });
    expect(changes.versions[2]?.rating).toBeUndefined();
    expect(changes.versions[2]?.prose).toContain('First hand-authored description');
  });

  it('rates the change between two released versions from their documents', async () => {
    const dir = repository();
    const file = join(dir, 'spec/releases/audit-resource/1.1.0.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    // 1.1.0 dropped an operation: a major change that a client of 1.0.0 would feel.
    doc.paths = {};
    writeFileSync(file, JSON.stringify(doc));
    const changes = await collectApiChanges(dir, 'audit-resource');
    expect(changes.versions[1]?.rating?.impact).toBe('major');
    expect(changes.versions[1]?.rating?.changes.map((change) => change.rule)).toContain('path-removed');
  });
});
