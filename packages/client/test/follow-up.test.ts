import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../src/core/errors.js';
import { PERIOD, startMock } from './helpers/mock.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/**
 * A gateway in front of the mock that times out (504) on the first request `match` picks: with `afterWork` the
 * mock has already done the work, as when a proxy gives up on a slow backend; without it the request never arrived.
 */
function gatewayTimeout(match: RegExp, afterWork: boolean) {
  let timedOut = false;
  return async (request: Request) => {
    if (timedOut || !match.test(new URL(request.url).pathname)) return fetch(request);
    timedOut = true;
    if (afterWork) await (await fetch(request)).body?.cancel();
    return new Response(JSON.stringify({ status: 504, error: 'Gateway Timeout' }), {
      status: 504,
      headers: { 'content-type': 'application/json' },
    });
  };
}

async function setup(match: RegExp, afterWork = true, jobMs = 5000) {
  const started = await startMock(
    { auditQuery: { pendingMs: jobMs, processingMs: jobMs } },
    { fetch: gatewayTimeout(match, afterWork), retry: { baseDelayMs: 1 } },
  );
  stop = started.mock.close;
  return started;
}

describe('follow-ups whose retry meets their own success', () => {
  it('cancel: a 504 after the job was cancelled, then "not pending", resolves as CANCELLED', async () => {
    const { client } = await setup(/\/cancel\//);
    const job = await client.createExport(PERIOD);
    await expect(client.cancelJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'CANCELLED' });
    expect((await client.getJob(job.jobId)).status).toBe('CANCELLED');
  });

  it('resume: a 504 after the job was resumed, then "not resumable", resolves as PENDING', async () => {
    const { client } = await setup(/\/resume\//);
    const job = await client.createExport(PERIOD);
    await client.cancelJob(job.jobId);
    await expect(client.resumeJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'PENDING' });
  });

  it('delete: a 504 after the job was deleted, then 404, resolves with its last status', async () => {
    const { client } = await setup(/^\/audit-query-service\/v2\/export\/[0-9a-f-]{36}$/);
    const job = await client.createExport(PERIOD);
    await client.cancelJob(job.jobId);
    await expect(client.deleteJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'CANCELLED' });
    await expect(client.getJob(job.jobId)).rejects.toMatchObject({ status: 404 });
  });

  it('a first-attempt "not pending" stays a BadRequestError', async () => {
    const { client } = await setup(/never/);
    const job = await client.createExport(PERIOD);
    await client.cancelJob(job.jobId);
    await expect(client.cancelJob(job.jobId)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('a retry whose job is not where the caller wanted it stays a BadRequestError', async () => {
    // The 504 came before the mock saw the cancel, and the job had COMPLETED: the retry's "not pending" is true.
    const { client } = await setup(/\/cancel\//, false, 20);
    const job = await client.createExport(PERIOD);
    await client.waitForJob(job.jobId);
    const error = await client.cancelJob(job.jobId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, jobId: job.jobId });
  });
});
