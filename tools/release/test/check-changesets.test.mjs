import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkChangesets, readChangesets } from '../src/check-changesets.mjs';

const dirs = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function git(cwd, ...args) {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

/** A workspace in a temporary git repo, from a map of path → contents; returns its dir and first commit. */
function workspace(files) {
  const dir = mkdtempSync(join(tmpdir(), 'changesets-'));
  dirs.push(dir);
  write(dir, {
    'spec/package.json': JSON.stringify({ name: '@audit-export/spec', version: '1.0.0' }),
    'packages/client/package.json': JSON.stringify({ name: '@audit-export/client', version: '1.0.0' }),
    'packages/docs/package.json': JSON.stringify({ name: '@audit-export/docs', version: '0.0.0', private: true }),
    ...files,
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return { dir, base: git(dir, 'rev-parse', 'HEAD') };
}

function write(dir, files) {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
}

describe('readChangesets', () => {
  it('keeps the highest bump asked for each package', async () => {
    const { dir } = workspace({
      '.changeset/a.md': '---\n"@audit-export/client": patch\n---\n\nFix.\n',
      '.changeset/b.md': "---\n'@audit-export/client': major\n'@audit-export/spec': minor\n---\n\nBreak.\n",
    });
    expect(Object.fromEntries(await readChangesets(dir))).toEqual({
      '@audit-export/client': 'major',
      '@audit-export/spec': 'minor',
    });
  });
});

describe('checkChangesets', () => {
  it('passes when nothing changed', async () => {
    const { dir, base } = workspace({});
    expect(await checkChangesets({ cwd: dir, since: base })).toEqual({
      ok: true,
      problems: [],
      changed: [],
      ratings: [],
    });
  });

  it('fails when a published file changed without a changeset', async () => {
    const { dir, base } = workspace({});
    write(dir, { 'spec/apis/audit-query/openapi.yaml': 'openapi: 3.1.1\n' });
    const result = await checkChangesets({ cwd: dir, since: base });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/@audit-export\/spec changed .* but no changeset names it/);
  });

  it('ignores tests, benchmarks and private packages', async () => {
    const { dir, base } = workspace({});
    write(dir, {
      'packages/client/test/a.test.ts': 'test',
      'packages/client/bench/b.mjs': 'bench',
      'packages/docs/src/index.ts': 'docs',
    });
    expect((await checkChangesets({ cwd: dir, since: base })).ok).toBe(true);
  });

  it('accepts a change covered by a changeset', async () => {
    const { dir, base } = workspace({});
    write(dir, {
      'spec/apis/audit-query/openapi.yaml': 'openapi: 3.1.1\n',
      '.changeset/spec.md': '---\n"@audit-export/spec": minor\n---\n\nAdd an operation.\n',
    });
    expect(await checkChangesets({ cwd: dir, since: base })).toMatchObject({
      ok: true,
      changed: ['@audit-export/spec'],
    });
  });
});
