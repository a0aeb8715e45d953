// Help, exit codes and every bad input the issue lists: one line naming the flag and the fix, exit 2, nothing
// created or overwritten. All of these fail before any request (the base URL points at a closed port).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { auditQueryEnv, zohoEnv } from './helpers/credentials.js';

const BASE = 'http://127.0.0.1:9/audit-query-service';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-usage-'));
});

/** Runs a command expected to be refused; returns its stderr, after checking the exit code and the file tree. */
async function refused(args: string[], env: Record<string, string> = auditQueryEnv()): Promise<string> {
  const before = snapshot(dir);
  const result = await runCli(args, { cwd: dir, env, timeoutMs: 20_000 });
  expect(result.code, result.stderr).toBe(2);
  expect(snapshot(dir)).toEqual(before);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  return result.stderr;
}

function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    out[name] = statSync(path).isDirectory() ? 'dir' : readFileSync(path, 'utf8');
  }
  return out;
}

const pull = (...extra: string[]) => [
  'pull',
  'audit-query',
  '--base-url',
  BASE,
  '--tenant',
  'acme',
  '--log-format',
  'text',
  ...extra,
];

describe('help', () => {
  it.each([['pull'], ['sync'], ['check'], ['completion']])('%s --help shows examples', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:\n\s+(#.*\n\s+)?audit-export /);
  });

  it('the top-level help lists the commands and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const word of ['pull', 'sync', 'check', 'completion', 'Exit codes:', '130'])
      expect(result.stdout).toContain(word);
  });
});

describe('bad input: exit 2, one line naming the flag, nothing written', () => {
  it('an unknown API', async () => {
    expect(
      await refused(['pull', 'splunk', '--base-url', BASE, '--from', '1h', '--out', 'x.jsonl', '--log-format', 'text']),
    ).toMatch(/Unknown API "splunk": use one of audit-query, zoho/);
  });

  it('an unknown flag', async () => {
    expect(await refused(pull('--frm', '1h', '--out', 'x.jsonl'))).toMatch(/unknown option '--frm'/);
  });

  it('a time that is not one', async () => {
    expect(await refused(pull('--from', 'yesterday', '--out', 'x.jsonl'))).toMatch(/--from "yesterday" is not a time/);
    expect(await refused(pull('--from', '2024-02-30T00:00:00Z', '--out', 'x.jsonl'))).toMatch(/--from/);
    expect(await refused(pull('--from', '2024-09-16T00:00:00', '--out', 'x.jsonl'))).toMatch(/with an offset/);
  });

  it('reversed times', async () => {
    expect(await refused(pull('--from', '1h', '--to', '2h', '--out', 'x.jsonl'))).toMatch(
      /--from .* is not before --to .*: swap them/,
    );
  });

  it("a Zoho range over the spec's 180 days", async () => {
    const stderr = await refused(
      [
        'pull',
        'zoho',
        '--base-url',
        'http://127.0.0.1:9',
        '--from',
        '200d',
        '--out',
        'z.jsonl',
        '--log-format',
        'text',
      ],
      zohoEnv(),
    );
    expect(stderr).toMatch(/Zoho exports at most 180 days/);
  });

  it('a filter of the other API', async () => {
    expect(await refused(pull('--from', '1h', '--action', 'added', '--out', 'x.jsonl'))).toMatch(
      /--action is not a filter of audit-query/,
    );
  });

  it('an output in a directory that does not exist', async () => {
    expect(await refused(pull('--from', '1h', '--out', 'missing/x.jsonl'))).toMatch(
      /--out missing\/x.jsonl: the directory .* does not exist or is not writable/,
    );
  });

  it('an output that exists without a checkpoint is not overwritten', async () => {
    writeFileSync(join(dir, 'x.jsonl'), 'precious\n');
    expect(await refused(pull('--from', '1h', '--out', 'x.jsonl'))).toMatch(/--out x.jsonl already exists/);
  });

  it('a corrupt checkpoint', async () => {
    writeFileSync(join(dir, 'x.jsonl'), '');
    writeFileSync(join(dir, 'x.jsonl.checkpoint.json'), '{"format":"audit-export-checkpoint","version":1,');
    expect(await refused(pull('--from', '1h', '--out', 'x.jsonl'))).toMatch(/checkpoint .* is damaged/);
  });

  it('a checkpoint of another command', async () => {
    writeFileSync(join(dir, 'x.jsonl'), '');
    const params = {
      command: 'pull',
      api: 'audit-query',
      baseUrl: BASE,
      from: '2h',
      to: 'now',
      filters: '{"tenantId":"acme"}',
    };
    const { createHash } = await import('node:crypto');
    const binding = createHash('sha256')
      .update(
        JSON.stringify(
          Object.keys(params)
            .sort()
            .map((k) => [k, params[k as keyof typeof params]]),
        ),
      )
      .digest('hex');
    writeFileSync(
      join(dir, 'x.jsonl.checkpoint.json'),
      JSON.stringify({
        format: 'audit-export-checkpoint',
        version: 1,
        binding,
        params,
        window: { startMs: 0, endMs: 1 },
        output: { bytes: 0, items: 0 },
        resume: null,
        complete: false,
      }),
    );
    expect(await refused(pull('--from', '1h', '--out', 'x.jsonl'))).toMatch(/belongs to another command \(from "2h"\)/);
  });

  it('a corrupt or foreign sync state', async () => {
    const sync = [
      'sync',
      'audit-query',
      '--base-url',
      BASE,
      '--tenant',
      'acme',
      '--out-dir',
      '.',
      '--since',
      '1h',
      '--log-format',
      'text',
    ];
    writeFileSync(join(dir, 'state.json'), 'not json');
    expect(await refused([...sync, '--state', 'state.json'])).toMatch(/--state state.json is damaged/);
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({
        format: 'audit-export-sync-state',
        version: 1,
        binding: 'x',
        params: { api: 'zoho' },
        cursorMs: null,
        recent: [],
        recentFromMs: null,
        inProgress: null,
        budget: null,
      }),
    );
    expect(await refused([...sync, '--state', 'other.json'])).toMatch(/--state other.json belongs to another feed/);
  });

  it('a missing credential', async () => {
    expect(
      await refused(pull('--from', '1h', '--out', 'x.jsonl'), { AUDIT_QUERY_ACCESS_TOKEN: 'only-one-of-two' }),
    ).toMatch(/No credentials for audit-query: set AUDIT_QUERY_API_TOKEN, or pass --credentials FILE/);
  });

  it('a credentials file others can read', async () => {
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ accessToken: 'secret-access-token-1', apiToken: 'secret-api-token-1' }));
    chmodSync(file, 0o644);
    const stderr = await refused(pull('--from', '1h', '--out', 'x.jsonl', '--credentials', 'creds.json'), {});
    expect(stderr).toMatch(/--credentials creds.json can be read by others \(mode 644\): run chmod 600 creds.json/);
    expect(stderr).not.toContain('secret-access-token-1');
  });

  it('a sync without --since on a new state', async () => {
    expect(
      await refused([
        'sync',
        'audit-query',
        '--base-url',
        BASE,
        '--tenant',
        'acme',
        '--out-dir',
        '.',
        '--state',
        's.json',
        '--log-format',
        'text',
      ]),
    ).toMatch(/--state s.json is new: give --since/);
  });
});
