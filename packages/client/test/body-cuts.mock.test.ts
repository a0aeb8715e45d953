import { faultyFetch, mintZohoToken } from '@audit-export/mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryEvent } from '../src/audit-query.js';
import { NetworkError } from '../src/core/errors.js';
import { createZohoClient, criteria } from '../src/zoho.js';
import { collect, createMockHost, NOW, PERIOD, startMock } from './helpers/mock.js';

// The answer's headers arrive, then its body is cut (`cut-after-bytes=20`) or garbled and dropped
// (`malformed-chunk`): the body read is part of the attempt, so a GET or a follow-up is retried and a
// create is CREATE_OUTCOME_UNKNOWN, never a raw TypeError, and never a second job.

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

const FAULTS = ['cut-after-bytes=20', 'malformed-chunk'] as const;
const pathOf = (request: Request) => new URL(request.url).pathname;

/** A fetch that puts `fault` on the first request `match` picks, and counts the requests it picks. */
function onFirst(fault: string, match: (path: string, method: string) => boolean) {
  let seen = 0;
  const fetch = faultyFetch(fault, (request) => match(pathOf(request), request.method) && seen++ === 0);
  return { fetch, seen: () => seen };
}

async function auditQuery(fault: string, match: (path: string, method: string) => boolean, jobMs = 20) {
  const picked = onFirst(fault, match);
  const retries: RetryEvent[] = [];
  const started = await startMock(
    { auditQuery: { pendingMs: jobMs, processingMs: jobMs * 2 } },
    { fetch: picked.fetch, retry: { baseDelayMs: 1 }, onRetry: (event) => retries.push(event) },
  );
  stop = started.mock.close;
  const jobs = () => started.mock.engine.control.jobs().filter((job) => job.api === 'audit-query');
  return { ...started, ...picked, retries, jobs };
}

describe.each(FAULTS)('an audit query answer whose body breaks (%s)', (fault) => {
  it('on one status answer: exportEvents retries it and delivers the whole result', async () => {
    const { client, mock, retries, seen } = await auditQuery(fault, (path) => path.includes('/status/'));
    let jobId = '';
    const events = await collect(client.exportEvents({ ...PERIOD, onProgress: (p) => (jobId = p.jobId) }));
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
    expect(seen()).toBeGreaterThan(1);
    expect(retries).toEqual([expect.objectContaining({ method: 'GET', reason: 'network', retry: 1 })]);
    expect(retries[0]?.path).toContain(`/status/${jobId}`);
  });

  it('on the create answer: CREATE_OUTCOME_UNKNOWN, not retried, and exactly one job on the server', async () => {
    const { client, jobs, retries, seen } = await auditQuery(fault, (path) => /\/v2\/export\/?$/.test(path));
    const error = await client.createExport(PERIOD).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'CREATE_OUTCOME_UNKNOWN', method: 'GET', status: 200 });
    expect((error as NetworkError).path).toMatch(/\/v2\/export$/);
    expect(seen()).toBe(1);
    expect(retries).toEqual([]);
    expect(jobs()).toHaveLength(1);
  });

  it('on the create answer inside exportEvents: the same error, and no second job', async () => {
    const { client, jobs } = await auditQuery(fault, (path) => /\/v2\/export\/?$/.test(path));
    await expect(collect(client.exportEvents(PERIOD))).rejects.toMatchObject({
      name: 'NetworkError',
      code: 'CREATE_OUTCOME_UNKNOWN',
    });
    expect(jobs()).toHaveLength(1);
  });

  it('on a cancel answer: the retry meets "not pending" and resolves, as the job was cancelled', async () => {
    const { client, retries } = await auditQuery(fault, (path) => path.includes('/cancel/'), 5000);
    const job = await client.createExport(PERIOD);
    await expect(client.cancelJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'CANCELLED' });
    expect(retries.map((event) => event.reason)).toEqual(['network']);
    expect((await client.getJob(job.jobId)).status).toBe('CANCELLED');
  });

  it('on a resume answer: the retry meets "not resumable" and resolves, as the job was resumed', async () => {
    const { client } = await auditQuery(fault, (path) => path.includes('/resume/'), 5000);
    const job = await client.createExport(PERIOD);
    await client.cancelJob(job.jobId);
    await expect(client.resumeJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'PENDING' });
  });

  it('on a delete answer: the retry meets 404 and resolves with the last status, as the job is gone', async () => {
    const { client, jobs } = await auditQuery(fault, (_path, method) => method === 'DELETE', 5000);
    const job = await client.createExport(PERIOD);
    await client.cancelJob(job.jobId);
    await expect(client.deleteJob(job.jobId)).resolves.toMatchObject({ jobId: job.jobId, status: 'CANCELLED' });
    expect(jobs()).toEqual([]);
  });
});

describe.each(FAULTS)('a Zoho answer whose body breaks (%s)', (fault) => {
  const week = criteria.auditedTimeBetween('2024-09-01T00:00:00+05:30', '2024-09-02T00:00:00+05:30');

  async function zoho(match: (path: string, method: string) => boolean) {
    const picked = onFirst(fault, match);
    const mock = await createMockHost({ seed: 3, config: { now: NOW, zoho: { scheduledMs: 20, progressMs: 40 } } });
    stop = mock.close;
    const client = createZohoClient({
      baseUrl: mock.url,
      auth: { accessToken: mintZohoToken() },
      polling: { minDelayMs: 10, maxDelayMs: 40 },
      retry: { baseDelayMs: 1 },
      fetch: picked.fetch,
    });
    const jobs = () => mock.engine.control.jobs().filter((job) => job.api === 'zoho');
    return { mock, client, jobs, ...picked };
  }

  it('on one status answer: exportEntries retries it and delivers every entry', async () => {
    const { client, mock, seen } = await zoho((path, method) => method === 'GET' && path.includes('audit_log_export/'));
    let jobId = '';
    const entries = await collect(client.exportEntries({ criteria: week, onProgress: (p) => (jobId = p.jobId) }));
    expect(entries).toHaveLength(mock.expectedZohoEntries(jobId).length);
    expect(seen()).toBeGreaterThan(1);
  });

  it('on the create answer: CREATE_OUTCOME_UNKNOWN and exactly one job on the server', async () => {
    const { client, jobs, seen } = await zoho((_path, method) => method === 'POST');
    await expect(client.createExport(week)).rejects.toMatchObject({
      name: 'NetworkError',
      code: 'CREATE_OUTCOME_UNKNOWN',
    });
    expect(seen()).toBe(1);
    expect(jobs()).toHaveLength(1);
  });
});
