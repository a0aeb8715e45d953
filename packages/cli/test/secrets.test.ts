// No token reaches the output, the checkpoint, the state, a log line or an error message.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevToken } from '@audit-export/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { pastWindow } from './helpers/truth.js';

let mock: MockProcess;
let dir: string;
beforeAll(async () => {
  mock = await startMockProcess({ seed: 3, scenario: 'token-expired', config: { auditQuery: { resultLimit: 20 } } });
  dir = mkdtempSync(join(tmpdir(), 'cli-secrets-'));
});
afterAll(async () => {
  await mock?.close();
});

/** Every file under `root`, as text. */
function everything(root: string): string {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

describe('secrets', () => {
  it('a token that expires mid-run (no way to refresh it): exit 1, and neither token appears anywhere', async () => {
    const { accessToken, idToken } = mintDevToken({ tenant: 'acme' });
    const window = pastWindow(30, 2);
    const out = join(dir, 'pull');
    mkdirSync(out);
    const tokens = join(dir, 'tokens.json');
    writeFileSync(tokens, JSON.stringify({ accessToken, apiToken: idToken }), { mode: 0o600 });
    const base = ['--base-url', `${mock.url}/audit-query-service`, '--tenant', 'acme', '--poll-interval', '50ms'];
    const pull = await runCli(
      [
        'pull',
        'audit-query',
        ...base,
        '--from',
        window.from,
        '--to',
        window.to,
        '--out',
        join(out, 'x.jsonl'),
        '--credentials',
        tokens,
        '--log-format',
        'text',
      ],
      { env: {} },
    );
    const sync = await runCli(
      [
        'sync',
        'audit-query',
        ...base,
        '--since',
        window.from,
        '--until',
        window.to,
        '--state',
        join(out, 's.json'),
        '--out-dir',
        out,
        '--token-command',
        `cat ${tokens}`,
      ],
      { env: {} },
    );
    for (const result of [pull, sync]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/refused the credentials/);
    }
    const seen = [pull.stdout, pull.stderr, sync.stdout, sync.stderr, everything(out)].join('\n');
    for (const token of [accessToken, idToken]) {
      expect(seen).not.toContain(token);
      expect(seen).not.toContain(token.slice(0, 24));
    }
  });

  it('a token command that prints something else: its output is not echoed', async () => {
    const secret = 'sk_live_0123456789abcdefghijklmnop';
    const result = await runCli(
      [
        'pull',
        'audit-query',
        '--base-url',
        `${mock.url}/audit-query-service`,
        '--tenant',
        'acme',
        '--from',
        '1h',
        '--out',
        join(dir, 'y.jsonl'),
        '--token-command',
        `echo ${secret}`,
      ],
      { env: {} },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--token-command printed something that is not JSON/);
    expect(result.stderr).not.toContain(secret);
  });
});
