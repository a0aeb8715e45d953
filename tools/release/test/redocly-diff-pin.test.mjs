// `redocly diff` is experimental: its report format, rule ids, messages and impacts may change in
// any release. These tests pin what src/spec-diff.mjs reads from the installed CLI, on the issue's own
// case (f.username given maxLength 64), so an upgrade that changes any of it fails here first.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redoclyCli, redoclyVersion } from '../src/spec-diff.mjs';
import { root } from '../src/workspace.mjs';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'redocly-pin-'));
const base = join(scratch, 'base', 'spec', 'apis', 'audit-query', 'openapi.yaml');
const revision = join(scratch, 'revision', 'spec', 'apis', 'audit-query', 'openapi.yaml');
const config = join(root, 'spec', 'redocly.yaml');
let version;

/** Runs `redocly diff base revision …`; resolves with stdout, stderr and the exit code. */
async function diff(...args) {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [redoclyCli, 'diff', base, revision, '--config', config, ...args],
      {
        env,
        cwd: scratch,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    return { stdout: error.stdout, stderr: error.stderr, code: error.code };
  }
}

beforeAll(() => {
  for (const side of ['base', 'revision']) {
    for (const dir of ['spec/apis', 'spec/shared'])
      cpSync(join(root, dir), join(scratch, side, dir), { recursive: true });
  }
  const username = join(
    scratch,
    'revision',
    'spec',
    'apis',
    'audit-query',
    'components',
    'parameters',
    'FilterUsername.yaml',
  );
  writeFileSync(
    username,
    readFileSync(username, 'utf8').replace('  minLength: 1\n', '  minLength: 1\n  maxLength: 64\n'),
  );
  const text = readFileSync(revision, 'utf8');
  version = /^ {2}version: (\d+)\.(\d+)\.(\d+)$/m.exec(text);
  const minor = `${version[1]}.${Number(version[2]) + 1}.0`;
  writeFileSync(revision, text.replace(version[0], `  version: ${minor}`));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(`redocly diff (Redocly CLI ${redoclyVersion})`, () => {
  it('is the version src/spec-diff.mjs was written against', () => {
    expect(redoclyVersion).toBe('2.77.0');
  });

  it('reports the narrowed f.username in JSON report version 1, rule schema-constraint-changed, major, at the parameter file', async () => {
    const { stdout } = await diff('--format', 'json', '--fail-on', 'none');
    const report = JSON.parse(stdout);
    expect(report.reportVersion).toBe('1');
    expect(report.bump).toBe('major');
    expect(report.summary).toEqual({ major: 1, minor: 0, patch: 1 });
    const change = report.changes.find((c) => c.path !== '#/info');
    expect(change).toMatchObject({
      path: '#/paths/~1v2~1export/get/parameters/5/schema',
      kind: 'modified',
      property: 'maxLength',
      impact: 'major',
      verdicts: [
        {
          ruleId: 'schema-constraint-changed',
          impact: 'major',
          message: "`maxLength` was set to '64'.",
          location: { pointer: '#/schema/maxLength' },
        },
      ],
    });
    expect(change.verdicts[0].location.file).toMatch(
      /revision\/spec\/apis\/audit-query\/components\/parameters\/FilterUsername\.yaml$/,
    );
    // The version change itself is reported as a patch of #/info, which the gate leaves out.
    expect(report.changes.find((c) => c.path === '#/info')).toMatchObject({ property: 'version', impact: 'patch' });
  });

  it('judges no rule on a value added to a request-only enum, and rates it patch (our own verdict makes it minor)', async () => {
    const action = join(
      scratch,
      'revision',
      'spec',
      'apis',
      'audit-resource',
      'components',
      'parameters',
      'Action.yaml',
    );
    writeFileSync(
      action,
      readFileSync(action, 'utf8').replace(
        'enum: [LOGIN, CREATE, UPDATE, DELETE]',
        'enum: [LOGIN, CREATE, UPDATE, DELETE, EXPORT]',
      ),
    );
    const root = (side) => join(scratch, side, 'spec', 'apis', 'audit-resource', 'openapi.yaml');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' };
    const args = [
      redoclyCli,
      'diff',
      root('base'),
      root('revision'),
      '--config',
      config,
      '--format',
      'json',
      '--fail-on',
      'none',
    ];
    const report = JSON.parse((await run(process.execPath, args, { env, cwd: scratch })).stdout);
    expect(report.changes).toEqual([
      expect.objectContaining({ kind: 'modified', property: 'enum', impact: 'patch', verdicts: [] }),
    ]);
  });

  it('--check-version asks for the same major bump the gate does', async () => {
    const { stderr, code } = await diff('--check-version', '--fail-on', 'none');
    expect(code).not.toBe(0);
    const from = `${version[1]}.${version[2]}.${version[3]}`;
    const to = `${version[1]}.${Number(version[2]) + 1}.0`;
    expect(stderr).toContain(
      `info.version went ${from} → ${to}, but these changes require a major bump (${Number(version[1]) + 1}.0.0).`,
    );
  });
});
