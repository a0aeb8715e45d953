import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMockServer, type MockServer, mintDevToken } from '@audit-export/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_STARTS } from '../src/quickstarts.js';
import { DOCS_DIR } from './spec-dist.js';

const run = promisify(execFile);
const QUICK_START_DIR = join(DOCS_DIR, 'quickstarts');

let mock: MockServer;
const credentials = mintDevToken({ tenant: 'acme' });

/** Runs a quick start file as readers would (Node strips the types), pointed at the test's mock. */
function runQuickStart(file: string, env: Record<string, string> = {}) {
  return run(process.execPath, [join(QUICK_START_DIR, file)], {
    cwd: DOCS_DIR,
    env: {
      ...process.env,
      MOCK_URL: mock.url,
      ACCESS_TOKEN: credentials.accessToken,
      API_TOKEN: credentials.idToken,
      NODE_NO_WARNINGS: '1',
      ...env,
    },
    timeout: 60_000,
  });
}

beforeAll(async () => {
  mock = await createMockServer({
    host: '127.0.0.1',
    port: 0,
    config: { auditQuery: { pendingMs: 20, processingMs: 50 }, limits: false },
  });
});

afterAll(async () => {
  await mock?.close();
});

describe('the landing page quick starts', () => {
  it('show only files that exist, each once', () => {
    const files = QUICK_STARTS.flatMap((quickStart) => quickStart.files);
    expect(new Set(files).size).toBe(files.length);
    for (const file of files) expect(existsSync(join(QUICK_START_DIR, file)), file).toBe(true);
  });

  it('client.ts exports events from the mock', async () => {
    const { stdout } = await runQuickStart('client.ts');
    const count = Number(/^(\d+) events$/m.exec(stdout)?.[1]);
    expect(count).toBeGreaterThan(0);
  });

  it('events.ts parses a completed job of the mock', async () => {
    const query = 'tenantId=acme&startTime=2026-11-01T00:00:00Z&endTime=2026-11-02T00:00:00Z';
    const created = await fetch(`${mock.url}/audit-query-service/v2/export?${query}`, {
      headers: credentials.headers,
      signal: AbortSignal.timeout(5_000),
    });
    const { jobId } = (await created.json()) as { jobId: string };
    let status = '';
    for (let attempt = 0; attempt < 100 && status !== 'COMPLETED'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const response = await fetch(`${mock.url}/audit-query-service/v2/export/status/${jobId}`, {
        headers: credentials.headers,
        signal: AbortSignal.timeout(5_000),
      });
      status = ((await response.json()) as { status: string }).status;
    }
    expect(status).toBe('COMPLETED');
    const { stdout } = await runQuickStart('events.ts', { JOB_ID: jobId });
    expect(stdout).toMatch(/^\d+ events$/m);
  });

  it('mock.ts starts a private mock and creates a job', async () => {
    const { stdout } = await runQuickStart('mock.ts');
    expect(stdout).toMatch(/^200 /);
  });

  it('mock.sh mints the ACCESS_TOKEN and API_TOKEN variables the other quick starts read', async () => {
    const { stdout } = await run(
      process.execPath,
      [join(DOCS_DIR, '..', 'mock', 'dist', 'cli.js'), 'token', '--tenant', 'acme'],
      {
        timeout: 10_000,
      },
    );
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=')[0]),
    ).toEqual(['ACCESS_TOKEN', 'API_TOKEN']);
  });
});
