// Complete windows: a window with more events than the server's result limit is read as several jobs,
// every event once, against the stateful mock (which cuts results at its `resultLimit`, the earliest first).
import { type AuditEvent, generateEvents } from '@audit-export/mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExportProgress, InvalidArgumentError, ResultLimitError, type ResumePoint } from '../src/audit-query.js';
import { collect, NOW, PERIOD, startMock, TENANT } from './helpers/mock.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

const SEED = 7;
const RETENTION_DAYS = 120;

/** The window's every event, in the order the mock keeps them: the ground truth of a complete export. */
function truthOf(window: { startTime: string; endTime: string }, eventsPerHour: number): AuditEvent[] {
  return [
    ...generateEvents({
      seed: SEED,
      tenantId: TENANT,
      startMs: Date.parse(window.startTime),
      endMs: Date.parse(window.endTime),
      nowMs: Date.parse(NOW),
      retentionDays: RETENTION_DAYS,
      eventsPerHour,
    }),
  ];
}

/** A mock cutting results at `resultLimit`, a client on it, and a count of the jobs it creates. */
async function setup(resultLimit: number, eventsPerHour = 400) {
  let creates = 0;
  const started = await startMock(
    // The mock's own rate limit (the spec's 10 a second) would only slow a test of a hundred jobs.
    { auditQuery: { pendingMs: 5, processingMs: 10, eventsPerHour, resultLimit }, limits: false },
    {
      fetch: (request) => {
        if (/\/v2\/export\/?$/.test(new URL(request.url).pathname)) creates++;
        return fetch(request);
      },
      rateLimit: false,
    },
  );
  stop = started.mock.close;
  return { ...started, creates: () => creates };
}

const ids = (events: readonly { eventId: string }[]) => events.map((event) => event.eventId);
/** A bound against a hang for the tests of a hundred jobs: seconds alone, much longer beside other suites. */
const MANY_JOBS_MS = 180_000;
const sorted = (list: string[]) => [...list].sort();

describe('a window past the result limit', () => {
  const truth = truthOf(PERIOD, 400);

  it.each([
    ['10x', 10],
    ['100x', 100],
  ])(
    'delivers every event of a window %s the limit exactly once, with one job per limit',
    async (_name, times) => {
      const limit = Math.ceil(truth.length / times);
      const { client, creates } = await setup(limit);
      const progress: ExportProgress[] = [];
      const events = await collect(client.exportEvents({ ...PERIOD, onProgress: (p) => progress.push(p) }));
      expect(truth.length).toBeGreaterThan(2000);
      expect(ids(events)).toEqual(ids(truth));
      // One job per limit's worth (each later one also re-reads the boundary instant), and one to see the end.
      expect(creates()).toBeGreaterThanOrEqual(times);
      expect(creates()).toBeLessThanOrEqual(times + 2);
      const parts = [...new Set(progress.map((p) => p.part))];
      expect(parts).toEqual(Array.from({ length: creates() }, (_, i) => i + 1));
      expect(progress.at(-1)).toMatchObject({ events: truth.length, window: { startTime: PERIOD.startTime } });
      expect(progress.at(-1)?.reached).toBe(truth.at(-1)?.timestamp);
    },
    MANY_JOBS_MS,
  );

  it('reads a window of exactly the limit with a second job that finds nothing new', async () => {
    const { client, creates } = await setup(truth.length);
    const batches = await collect(client.exportEventBatches({ ...PERIOD }));
    expect(ids(batches.flat())).toEqual(ids(truth));
    expect(creates()).toBe(2);
  });

  it('reads a window under the limit with one job', async () => {
    const { client, creates } = await setup(truth.length + 1);
    expect(ids(await collect(client.exportEvents({ ...PERIOD })))).toEqual(ids(truth));
    expect(creates()).toBe(1);
  });

  it('with maxJobs: 1, ends in RESULT_LIMIT_REACHED with a resume point that the same filters continue', async () => {
    const limit = Math.ceil(truth.length / 4);
    const { client, creates } = await setup(limit);
    const first: AuditEvent[] = [];
    let error: unknown;
    try {
      for await (const event of client.exportEvents({ ...PERIOD, maxJobs: 1 })) first.push(event);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResultLimitError);
    const limited = error as ResultLimitError;
    expect(limited).toMatchObject({ code: 'RESULT_LIMIT_REACHED', limit, eventsDelivered: limit, instant: undefined });
    expect(limited.message).toContain('maxJobs');
    expect(first).toHaveLength(limit);
    expect(creates()).toBe(1);
    // JSON, as a process would save it.
    const resumeFrom = JSON.parse(JSON.stringify(limited.resumePoint)) as ResumePoint;
    const rest = await collect(client.exportEvents({ ...PERIOD, resumeFrom }));
    expect(ids([...first, ...rest])).toEqual(ids(truth));
  });

  it(
    'resumes from resumePoint() saved at any batch, in another client, to exactly the window',
    async () => {
      const limit = Math.ceil(truth.length / 6);
      const { client, mock, credentials } = await setup(limit);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 40 }),
          fc.integer({ min: 1, max: 500 }),
          async (stopAfter, batchSize) => {
            const delivered: AuditEvent[] = [];
            const run = client.exportEventBatches({ ...PERIOD, maxBatchSize: batchSize });
            let saved: string | undefined;
            let batches = 0;
            for await (const batch of run) {
              delivered.push(...batch);
              saved = JSON.stringify(run.resumePoint());
              if (++batches === stopAfter) break;
            }
            const other = (await import('../src/audit-query.js')).createAuditQueryClient({
              baseUrl: `${mock.url}/audit-query-service`,
              auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
              polling: { minDelayMs: 5, maxDelayMs: 20 },
              rateLimit: false,
            });
            const resumeFrom = saved === undefined ? undefined : (JSON.parse(saved) as ResumePoint);
            const rest = await collect(other.exportEvents({ ...PERIOD, resumeFrom }));
            expect(ids([...delivered, ...rest])).toEqual(ids(truth));
          },
        ),
        { seed: 23, numRuns: 8 },
      );
    },
    MANY_JOBS_MS,
  );
});

describe('the boundary instant', () => {
  // Ten events a second: same-millisecond events occur, so a cut can fall inside an instant.
  const window = { ...PERIOD, startTime: '2024-09-20T03:00:00Z', endTime: '2024-09-20T03:10:00Z' };
  const perHour = 36_000;
  const truth = truthOf(window, perHour);
  const tie = truth.findIndex((event, i) => i > truth.length / 2 && truth[i + 1]?.timestamp === event.timestamp);

  it('has ties to test with', () => {
    expect(tie).toBeGreaterThan(truth.length / 2);
  });

  it(
    'continues a result cut between two events of one instant, delivering both once',
    async () => {
      // The first job's limit ends right after the first event of the tied pair.
      const { client, creates } = await setup(tie + 1, perHour);
      const events = await collect(client.exportEvents({ ...window }));
      expect(ids(events)).toEqual(ids(truth));
      expect(creates()).toBeGreaterThan(1);
    },
    MANY_JOBS_MS,
  );

  it('fails loudly when limit or more events share one instant, after delivering what came before', async () => {
    const at = truth[tie]?.timestamp as string;
    const { client } = await setup(2, perHour);
    const delivered: AuditEvent[] = [];
    let error: unknown;
    try {
      for await (const event of client.exportEvents({ ...window, startTime: at })) delivered.push(event);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResultLimitError);
    expect(error).toMatchObject({ code: 'RESULT_LIMIT_REACHED', limit: 2, instant: at, resumePoint: undefined });
    expect(sorted(ids(delivered))).toEqual(sorted(ids(truth.slice(tie, tie + 2))));
  });

  it('with a limit of 1 delivers the first event, then says its instant cannot be proven complete', async () => {
    const { client, creates } = await setup(1);
    const delivered: AuditEvent[] = [];
    let error: unknown;
    try {
      for await (const event of client.exportEvents({ ...PERIOD })) delivered.push(event);
    } catch (caught) {
      error = caught;
    }
    const first = truthOf(PERIOD, 400)[0] as AuditEvent;
    expect(ids(delivered)).toEqual([first.eventId]);
    expect(error).toMatchObject({
      code: 'RESULT_LIMIT_REACHED',
      limit: 1,
      instant: first.timestamp,
      eventsDelivered: 1,
    });
    expect(creates()).toBe(2);
  });
});

describe('sealed resume points', () => {
  const truth = truthOf(PERIOD, 400);

  async function pointAfter(limit: number, batches: number) {
    const started = await setup(limit);
    const run = started.client.exportEventBatches({ ...PERIOD, maxBatchSize: 100 });
    let n = 0;
    for await (const _ of run) if (++n === batches) break;
    return { ...started, point: JSON.parse(JSON.stringify(run.resumePoint())) as ResumePoint };
  }

  it('binds every field: altered, inflated, rewound, zeroed or moved points are refused, the real one is not', async () => {
    const { client, point } = await pointAfter(Math.ceil(truth.length / 5), 13);
    expect(point.window?.part).toBeGreaterThan(0);
    const [count, a, b] = point.fingerprint.split(':');
    const window = point.window as NonNullable<ResumePoint['window']>;
    const tampered: Record<string, ResumePoint> = {
      inflated: { ...point, eventsDelivered: point.eventsDelivered + 1000 },
      rewound: { ...point, eventsDelivered: point.eventsDelivered - 1 },
      zeroed: { ...point, eventsDelivered: 0, fingerprint: `0:811c9dc5:5bd1e995:${'0'.repeat(16)}` },
      'fingerprint count': {
        ...point,
        fingerprint: `${Number(count) + 1}:${a}:${b}:${point.fingerprint.split(':')[3]}`,
      },
      'file index': { ...point, fileIndex: 1 },
      'job id': { ...point, jobId: `${point.jobId}x` },
      cursor: { ...point, window: { ...window, cursor: '2024-09-20T05:00:00Z' } },
      part: { ...point, window: { ...window, part: window.part + 1 } },
      carried: { ...point, window: { ...window, carried: [] } },
      received: { ...point, window: { ...window, received: window.received + 1 } },
      unsealed: { ...point, fingerprint: `${count}:${a}:${b}` },
    };
    for (const [name, resumeFrom] of Object.entries(tampered)) {
      const error = await collect(client.exportEvents({ ...PERIOD, resumeFrom })).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, name).toBeInstanceOf(InvalidArgumentError);
    }
    // The untouched point still works, with its keys in another order (as a JSON store may keep them).
    const reordered = Object.fromEntries(Object.entries(point).reverse()) as unknown as ResumePoint;
    const rest = await collect(client.exportEvents({ ...PERIOD, resumeFrom: reordered }));
    expect(rest.length).toBe(truth.length - point.eventsDelivered);
  });

  it('refuses a point of another window or filters, and a window point given as a lone job', async () => {
    const { client, point } = await pointAfter(Math.ceil(truth.length / 3), 3);
    await expect(collect(client.exportEvents({ ...PERIOD, username: 'someone', resumeFrom: point }))).rejects.toThrow(
      /another query/,
    );
    await expect(
      collect(client.exportEvents({ ...PERIOD, endTime: '2024-09-20T07:00:00Z', resumeFrom: point })),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    // The same point names its job: given with it, it continues the whole window.
    const rest = await collect(client.exportEvents({ jobId: point.jobId, resumeFrom: point }));
    expect(rest.length).toBe(truth.length - point.eventsDelivered);
  });
});
