import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { allRuntimes } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERIOD, startMock } from './helpers/mock.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./smoke/export.mjs', import.meta.url));

let started: Awaited<ReturnType<typeof startMock>>;
beforeAll(async () => {
  started = await startMock();
});
afterAll(async () => {
  await started.mock.close();
});

describe('the built package', () => {
  it.each(allRuntimes())('exports events under $name', async ({ command, args }) => {
    const { stdout } = await run(command, [...args, script], {
      timeout: 30_000,
      env: {
        ...process.env,
        SMOKE_BASE_URL: `${started.mock.url}/audit-query-service`,
        SMOKE_ACCESS_TOKEN: started.credentials.accessToken,
        SMOKE_API_TOKEN: started.credentials.idToken,
        SMOKE_TENANT: PERIOD.tenantId,
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    const truth = started.mock.expectedEvents(result.jobId);
    expect(result.events).toBe(truth.length);
    expect(result.events).toBeGreaterThan(0);
    expect(result.first).toBe(truth[0]?.eventId);
  });
});
