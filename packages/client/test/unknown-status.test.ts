import { afterEach, describe, expect, it } from 'vitest';
import { createAuditQueryClient } from '../src/audit-query.js';
import { TimeoutError, UnexpectedResponseError, UnknownJobStatusError } from '../src/core/errors.js';
import { createZohoClient } from '../src/zoho.js';
import { fakeClock, json, startServer } from './helpers/server.js';

// A newer server may add a job status this client was not generated with (a queueing state before
// PROCESSING, say). Until yesterday the client failed such a job at once with BAD_RESPONSE; it now
// keeps polling through it, keeps every field, and only when the wait runs out in it names the status.

const JOB = '0f0c3b8e-7a57-4b8e-9b0e-3f1a2d4c5e6f';
const ZOHO_JOB = '2276164000001008007';
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** An audit query status answer in `status`, with a field this client has no type for. */
const auditStatus = (status: string) => ({
  id: 1,
  jobId: JOB,
  params: '{}',
  status,
  createdAt: '2026-11-24T12:00:00Z',
  queuePosition: 3,
});

async function auditQueryClient(statuses: (index: number) => unknown) {
  const server = await startServer((_req, res, index) => json(res, 200, statuses(index)));
  close = server.close;
  const client = createAuditQueryClient({
    baseUrl: server.url,
    auth: { accessToken: 'a', apiToken: 'b' },
    clock: fakeClock(),
    polling: { minDelayMs: 100, maxDelayMs: 100, maxWaitTimeMs: 1_000 },
  });
  return { client, server };
}

describe('the audit query client and a job status it does not know', () => {
  it('returns the status as is, with every field of the answer', async () => {
    const { client } = await auditQueryClient(() => auditStatus('QUEUED'));
    await expect(client.getJob(JOB)).resolves.toMatchObject({ status: 'QUEUED', queuePosition: 3 });
  });

  it('keeps polling through it until a terminal state, telling onStatus each change', async () => {
    const answers = ['QUEUED', 'QUEUED', 'PROCESSING', 'COMPLETED'];
    const { client } = await auditQueryClient((index) => auditStatus(answers[index] ?? 'COMPLETED'));
    const seen: string[] = [];
    const job = await client.waitForJob(JOB, { onStatus: (current) => seen.push(current.status) });
    expect(job.status).toBe('COMPLETED');
    expect(seen).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
  });

  it('ends in UnknownJobStatusError naming the status when the wait runs out in it', async () => {
    const { client, server } = await auditQueryClient(() => auditStatus('QUEUED'));
    const error = await client.waitForJob(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownJobStatusError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'UNKNOWN_JOB_STATUS', jobStatus: 'QUEUED', jobId: JOB });
    expect((error as Error).message).toContain('"QUEUED"');
    expect((error as UnknownJobStatusError).toJSON()).toMatchObject({ jobStatus: 'QUEUED' });
    expect(server.requests.length).toBeGreaterThan(5);
  });

  it('still gives a plain TimeoutError when the wait runs out in a known state', async () => {
    const { client } = await auditQueryClient(() => auditStatus('PROCESSING'));
    const error = await client.waitForJob(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(UnknownJobStatusError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['a number', 3],
  ])('fails with BAD_RESPONSE when the status is %s: a damaged answer, not a new state', async (_case, status) => {
    const { client } = await auditQueryClient(() => ({ ...auditStatus('x'), status }));
    const error = await client.getJob(JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', jobId: JOB });
  });
});

describe('the Zoho client and a job status it does not know', () => {
  async function zohoClient(statuses: (index: number) => string) {
    const server = await startServer((_req, res, index) =>
      json(res, 200, { audit_log_export: [{ id: ZOHO_JOB, status: statuses(index), file_count: 2 }] }),
    );
    close = server.close;
    return createZohoClient({
      baseUrl: server.url,
      auth: { accessToken: 'token' },
      clock: fakeClock(),
      polling: { minDelayMs: 100, maxDelayMs: 100, maxWaitTimeMs: 1_000 },
    });
  }

  it('polls through it until Failed, which stays an ExportJobFailedError', async () => {
    const answers = ['Queued', 'queued', 'Progress', 'Failed'];
    const client = await zohoClient((index) => answers[index] ?? 'Failed');
    await expect(client.getJob(ZOHO_JOB)).resolves.toMatchObject({ status: 'Queued', file_count: 2 });
    await expect(client.waitForJob(ZOHO_JOB)).rejects.toMatchObject({ code: 'JOB_FAILED' });
  });

  it('ends in UnknownJobStatusError naming the status when the wait runs out in it', async () => {
    const client = await zohoClient(() => 'Queued');
    const error = await client.waitForJob(ZOHO_JOB).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnknownJobStatusError);
    expect(error).toMatchObject({ code: 'UNKNOWN_JOB_STATUS', jobStatus: 'queued', jobId: ZOHO_JOB });
  });
});
