import { afterEach, describe, expect, it } from 'vitest';
import { type MockHost, PERIOD, startTestMock } from '../src/index.js';

let open: MockHost | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe.each(['node', 'msw'] as const)('startTestMock on %s', (host) => {
  it('starts the mock with its clock pinned, and the connection reaches it with valid credentials', async () => {
    const { mock, connection } = await startTestMock({}, host);
    open = mock;
    const status = (path: string, headers: Record<string, string>) =>
      fetch(`${connection.baseUrl}/v2/export/status/${path}`, { headers }).then((response) => response.status);
    const jobId = '11d39530-4ff1-4ba6-848d-c8378956fb4a';
    const signed = { Authorization: `Bearer ${connection.auth.accessToken}`, api_token: connection.auth.apiToken };
    // Known credentials, unknown job: the mock looked the job up.
    expect(await status(jobId, signed)).toBe(404);
    expect(await status(jobId, {})).toBe(401);
    // PERIOD is inside the retention only with the clock pinned at NOW: the create is accepted.
    const create = await fetch(`${connection.baseUrl}/v2/export?${new URLSearchParams(PERIOD)}`, { headers: signed });
    expect(create.status).toBe(200);
    expect(await create.json()).toMatchObject({ jobId: expect.any(String) });
    if (host === 'node') expect(new URL(mock.url).hostname).toBe('127.0.0.1');
  });
});
