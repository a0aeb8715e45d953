import { faultyFetch } from '@audit-export/mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  BadRequestError,
  ExportIncompleteError,
  ExportJobFailedError,
  type ExportProgress,
  NotFoundError,
  ServerError,
} from '../src/audit-query.js';
import { collect, PERIOD, startMock } from './helpers/mock.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function setup(...args: Parameters<typeof startMock>) {
  const started = await startMock(...args);
  stop = started.mock.close;
  return started;
}

const isResult = (request: Request) => new URL(request.url).pathname.includes('/v2/export/result/');

describe('exportEvents against the stateful mock', () => {
  it('delivers exactly the events of the job’s ground truth, in order, with progress', async () => {
    const { mock, client } = await setup();
    const progress: ExportProgress[] = [];
    const events = await collect(
      client.exportEvents({ ...PERIOD, attributes: {}, onProgress: (p) => progress.push(p) }),
    );
    const jobId = progress[0]?.jobId ?? '';
    const truth = mock.expectedEvents(jobId).map((event) => event.eventId);
    expect(truth.length).toBeGreaterThan(100);
    expect(events.map((event) => event.eventId)).toEqual(truth);
    expect(progress.map((p) => p.status)).toContain('COMPLETED');
    expect(progress.at(-1)).toMatchObject({ status: 'COMPLETED', events: truth.length });
    expect(progress.at(-1)?.bytes).toBeGreaterThan(0);
  });

  it('restarts a download cut mid-stream and still delivers every event exactly once', async () => {
    let results = 0;
    const fetch = faultyFetch('drop-after-lines=37', (request) => isResult(request) && results++ < 2);
    const { mock, client } = await setup({}, { fetch });
    let jobId = '';
    const events = await collect(client.exportEvents({ ...PERIOD, onProgress: (p) => (jobId = p.jobId) }));
    expect(results).toBe(3);
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
  });

  it('exportEventBatches restarts a download cut mid-batch and delivers every event exactly once, in batches', async () => {
    let results = 0;
    const fetch = faultyFetch('drop-after-lines=37', (request) => isResult(request) && results++ < 2);
    const { mock, client } = await setup({}, { fetch });
    let jobId = '';
    const batches = await collect(client.exportEventBatches({ ...PERIOD, onProgress: (p) => (jobId = p.jobId) }));
    expect(results).toBe(3);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(batches.flat().map((event) => event.eventId)).toEqual(
      mock.expectedEvents(jobId).map((event) => event.eventId),
    );
  });

  it('says how many events were delivered when the download keeps breaking', async () => {
    const fetch = faultyFetch('drop-after-lines=25', isResult);
    const { client } = await setup({}, { fetch });
    const delivered: string[] = [];
    const error = await (async () => {
      for await (const event of client.exportEvents({ ...PERIOD, downloadRetries: 2 })) delivered.push(event.eventId);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportIncompleteError);
    expect(error).toMatchObject({ code: 'EXPORT_INCOMPLETE', eventsDelivered: 25 });
    expect(delivered).toHaveLength(25);
    expect(String(error)).toContain('25 events were delivered');
  });

  it('rides out bursts of 502/503 on status and result calls without duplicates', async () => {
    // The mock itself answers the bursts (x-mock-fault error-status): two of every three status and
    // result calls fail, alternating a 502 and a 503 with Retry-After.
    let calls = 0;
    const statuses: number[] = [];
    const fetch = async (request: Request) => {
      const creating = /\/v2\/export$/.test(new URL(request.url).pathname);
      if (!creating && calls++ % 3 !== 2)
        request.headers.set('x-mock-fault', calls % 2 ? 'error-status=502' : 'error-status=503;retry-after=0');
      const response = await globalThis.fetch(request);
      statuses.push(response.status);
      return response;
    };
    const { mock, client } = await setup({}, { fetch, retry: { baseDelayMs: 1, maxRetries: 3 } });
    let jobId = '';
    const events = await collect(client.exportEvents({ ...PERIOD, onProgress: (p) => (jobId = p.jobId) }));
    expect(statuses).toContain(502);
    expect(statuses).toContain(503);
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
  });

  it('waits out the server’s 429 + Retry-After and delivers every event', async () => {
    const retried: Array<number | string> = [];
    // The mock's injected 429 (seeded Retry-After) on the first status call and on the result call: a
    // per-second limit alone depends on how fast this machine sends the calls, so it may never strike.
    let resultCalls = 0;
    const fetch = faultyFetch(
      'rate-limit=1',
      (request, index) => index === 1 || (/\/result\//.test(request.url) && resultCalls++ === 0),
    );
    const { mock, client } = await setup({}, { fetch, rateLimit: false, onRetry: (r) => retried.push(r.reason) });
    let jobId = '';
    const events = await collect(client.exportEvents({ ...PERIOD, onProgress: (p) => (jobId = p.jobId) }));
    expect(retried).toContain(429);
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
  });

  it('surfaces a FAILED job’s failureReason and job id, and resumes it on request', async () => {
    const fetch = faultyFetch('fail-job', (request) => /\/v2\/export$/.test(new URL(request.url).pathname));
    const { mock, client } = await setup({}, { fetch });
    const error = await collect(client.exportEvents(PERIOD)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportJobFailedError);
    const failed = error as ExportJobFailedError;
    expect(failed.failureReason).toMatch(/fail-job/);
    expect(failed.jobId).toMatch(/^[0-9a-f-]{36}$/);
    const events = await collect(client.exportEvents({ jobId: failed.jobId ?? '', resumeFailed: 1 }));
    expect(events.map((event) => event.eventId)).toEqual(
      mock.expectedEvents(failed.jobId ?? '').map((event) => event.eventId),
    );
  });

  it('cancels the server job when aborted with cancelJobOnAbort', async () => {
    const { client } = await setup({ auditQuery: { pendingMs: 5000, processingMs: 5000 } });
    const controller = new AbortController();
    let jobId = '';
    const run = collect(
      client.exportEvents({
        ...PERIOD,
        signal: controller.signal,
        cancelJobOnAbort: true,
        onProgress: (p) => {
          jobId = p.jobId;
          controller.abort();
        },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect((await client.getJob(jobId)).status).toBe('CANCELLED');
  });

  it('reports the mock’s injected 500 as ServerError with its path and job id', async () => {
    const fetch = faultyFetch('error-rate=1', (request) => new URL(request.url).pathname.includes('/status/'));
    const { client } = await setup({}, { fetch });
    const job = await client.createExport(PERIOD);
    const error = await client.getJob(job.jobId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500, jobId: job.jobId, path: `/v2/export/status/${job.jobId}` });
  });
});

describe('job lifecycle helpers against the mock', () => {
  it('cancels, resumes and deletes, with the spec’s 400 and 404 as typed errors', async () => {
    const { client } = await setup({ auditQuery: { pendingMs: 5000, processingMs: 5000 } });
    const job = await client.createExport({
      ...PERIOD,
      category: 'security',
      attributes: { color: 'ivory', tenant: 'annabel' },
    });
    await expect(client.deleteJob(job.jobId)).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.cancelJob(job.jobId)).resolves.toMatchObject({ status: 'CANCELLED' });
    await expect(client.cancelJob(job.jobId)).rejects.toMatchObject({
      status: 400,
      apiMessage: 'Job with given ID is not pending',
    });
    await expect(client.resumeJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId });
    await expect(client.cancelJob(job.jobId)).resolves.toMatchObject({ status: 'CANCELLED' });
    await expect(client.deleteJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId });
    await expect(client.getJob(job.jobId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates from the seed’s yyyy-MM-dd HH:mm:ssZZ times and a Date', async () => {
    const { client } = await setup();
    const job = await client.createExport({
      tenantId: PERIOD.tenantId,
      startTime: '2024-09-20 00:00:00-0000',
      endTime: new Date('2024-09-20T01:00:00Z'),
    });
    const details = await client.getJob(job.jobId);
    expect(JSON.parse(details.params)).toMatchObject({ tenantId: PERIOD.tenantId });
  });
});
