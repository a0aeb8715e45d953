import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExportIncompleteError, FileVerificationError, InvalidArgumentError } from '../src/core/errors.js';
import {
  clientsFor,
  collect,
  JOB_ID,
  jsonl,
  type Served,
  sampleCsv,
  sampleEvents,
  startExportServer,
} from './helpers/export-server.js';
import { fakeClock } from './helpers/server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(script: (file: number, attempt: number) => Served, files = 1) {
  const server = await startExportServer(script, files);
  close = server.close;
  return { server, ...clientsFor(server.url, undefined, fakeClock()) };
}

/** Runs an export to its end or its error; what it delivered and how it ended. */
async function drain<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

const events = sampleEvents(150);
const body = jsonl(events);
/** A byte offset inside line `n` (0-based): the connection is cut there. */
const insideLine = (text: string, n: number) => text.split('\n').slice(0, n).join('\n').length + 5;

describe('the resume point of exportEvents', () => {
  it('continues after an ExportIncompleteError exactly where it stopped, without duplicates', async () => {
    let broken = true;
    const { auditQuery, server } = await serve(() => (broken ? { body, cutAt: insideLine(body, 60) } : { body }));
    const first = await drain(auditQuery.exportEvents({ jobId: JOB_ID, downloadRetries: 1 }));
    expect(first.error).toBeInstanceOf(ExportIncompleteError);
    const error = first.error as ExportIncompleteError;
    expect(first.items).toHaveLength(60);
    expect(error.resumePoint).toEqual({
      jobId: JOB_ID,
      eventsDelivered: 60,
      fingerprint: error.fingerprint,
      fileIndex: 0,
    });
    expect(error.message).toContain('resumeFrom');

    broken = false;
    // Through JSON, as a process that saved the resume point would hand it to another.
    const resumeFrom = JSON.parse(JSON.stringify(error.toJSON())).resumePoint;
    const rest = await collect(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom }));
    expect([...first.items, ...rest].map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(server.attempts[0]).toBe(3);
  });

  it('says RESULT_CHANGED when a restarted download no longer starts with the delivered events', async () => {
    const swapped = jsonl([events[1], events[0], ...events.slice(2)] as typeof events);
    const { auditQuery } = await serve((_, attempt) =>
      attempt === 0 ? { body, cutAt: insideLine(body, 40) } : { body: swapped },
    );
    const run = await drain(auditQuery.exportEvents({ jobId: JOB_ID }));
    expect(run.items).toHaveLength(40);
    expect(run.error).toBeInstanceOf(ExportIncompleteError);
    expect(run.error).toMatchObject({
      code: 'RESULT_CHANGED',
      jobId: JOB_ID,
      eventsDelivered: 40,
      resumePoint: undefined,
    });
  });

  it('says RESULT_CHANGED when a restarted download is shorter than what was delivered', async () => {
    const shorter = jsonl(events.slice(0, 20));
    const { auditQuery } = await serve((_, attempt) =>
      attempt === 0 ? { body, cutAt: insideLine(body, 40) } : { body: shorter },
    );
    const run = await drain(auditQuery.exportEvents({ jobId: JOB_ID }));
    expect(run.error).toMatchObject({ code: 'RESULT_CHANGED', eventsDelivered: 40 });
  });

  it('says RESULT_CHANGED when a resumed download differs from the resume point', async () => {
    let result = body;
    const { auditQuery } = await serve(() => ({
      body: result,
      cutAt: result === body ? insideLine(body, 30) : undefined,
    }));
    const first = await drain(auditQuery.exportEvents({ jobId: JOB_ID, downloadRetries: 0 }));
    const resumeFrom = (first.error as ExportIncompleteError).resumePoint;
    result = jsonl(events.slice(1));
    const second = await drain(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom }));
    expect(second.items).toEqual([]);
    expect(second.error).toMatchObject({ code: 'RESULT_CHANGED', eventsDelivered: 30 });
  });

  it('refuses a resume point of another job or one that was altered', async () => {
    const { auditQuery } = await serve(() => ({ body }));
    const point = { jobId: 'another-job', eventsDelivered: 1, fingerprint: '1:1:1', fileIndex: 0 };
    await expect(collect(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom: point }))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    const altered = { ...point, jobId: JOB_ID, eventsDelivered: 2 };
    await expect(collect(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom: altered }))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it.each([null, 'a string', 42])(
    'refuses %s as a resume point (what JSON.parse of a bad save gives) with a code',
    async (bad) => {
      const { auditQuery } = await serve(() => ({ body }));
      const resumeFrom = bad as unknown as ExportIncompleteError['resumePoint'];
      await expect(collect(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom }))).rejects.toMatchObject({
        name: 'InvalidArgumentError',
        code: 'INVALID_ARGUMENT',
      });
    },
  );
});

describe('exportEventBatches under dropped connections', () => {
  const ids = (list: readonly { eventId: string }[]) => list.map((event) => event.eventId);

  it('restarts a download cut mid-batch, cut into other batches, and delivers every event exactly once', async () => {
    // The first attempts arrive in large writes and break inside a batch; the last in small ones, so the
    // restart skips into the middle of a batch whose boundaries are not the first attempt's.
    const { auditQuery, server } = await serve((_, attempt) =>
      attempt === 0
        ? { body, chunkBytes: 8192, cutAt: insideLine(body, 37) }
        : attempt === 1
          ? { body, chunkBytes: 3000, cutAt: insideLine(body, 101) }
          : { body, chunkBytes: 700 },
    );
    const batches = await collect(auditQuery.exportEventBatches({ jobId: JOB_ID }));
    expect(server.attempts[0]).toBe(3);
    expect(ids(batches.flat())).toEqual(ids(events));
    expect(batches.every((batch) => batch.length >= 1)).toBe(true);
    // Batches, not events one by one: a 8 kB write holds about 16 events.
    expect(batches.length).toBeLessThan(events.length / 2);
  });

  it('respects maxBatchSize', async () => {
    const { auditQuery } = await serve(() => ({ body, chunkBytes: 65_536 }));
    const batches = await collect(auditQuery.exportEventBatches({ jobId: JOB_ID, maxBatchSize: 7 }));
    expect(Math.max(...batches.map((batch) => batch.length))).toBe(7);
    expect(ids(batches.flat())).toEqual(ids(events));
  });

  it('gives a resume point after the last batch delivered, which exportEvents and exportEventBatches continue', async () => {
    let broken = true;
    const { auditQuery } = await serve(() =>
      broken ? { body, chunkBytes: 4096, cutAt: insideLine(body, 60) } : { body, chunkBytes: 1024 },
    );
    const first = await drain(auditQuery.exportEventBatches({ jobId: JOB_ID, downloadRetries: 1 }));
    expect(first.error).toBeInstanceOf(ExportIncompleteError);
    const error = first.error as ExportIncompleteError;
    const delivered = first.items.flat();
    expect(delivered).toHaveLength(60);
    expect(error.resumePoint).toMatchObject({ eventsDelivered: 60 });
    broken = false;
    const resumeFrom = error.resumePoint;
    const rest = await collect(auditQuery.exportEventBatches({ jobId: JOB_ID, resumeFrom }));
    expect(ids([...delivered, ...rest.flat()])).toEqual(ids(events));
    const perEvent = await collect(auditQuery.exportEvents({ jobId: JOB_ID, resumeFrom }));
    expect(ids([...delivered, ...perEvent])).toEqual(ids(events));
  });

  it('says RESULT_CHANGED when a restarted download differs inside the batch it skips into', async () => {
    const swapped = jsonl([...events.slice(0, 30), events[31], events[30], ...events.slice(32)] as typeof events);
    const { auditQuery } = await serve((_, attempt) =>
      attempt === 0 ? { body, chunkBytes: 1024, cutAt: insideLine(body, 35) } : { body: swapped, chunkBytes: 65_536 },
    );
    const run = await drain(auditQuery.exportEventBatches({ jobId: JOB_ID }));
    expect(run.items.flat()).toHaveLength(35);
    expect(run.error).toMatchObject({ code: 'RESULT_CHANGED', eventsDelivered: 35 });
  });
});

describe('the resume point of Zoho exportEntries', () => {
  let csv: Awaited<ReturnType<typeof sampleCsv>>;
  beforeAll(async () => {
    csv = await sampleCsv();
  });
  /** File `i` of three: 100 rows each. */
  const file = (i: number) => csv.header + csv.rows.slice(i * 100, i * 100 + 100).join('');
  const cutInRow = (i: number, row: number) =>
    Buffer.byteLength(csv.header + csv.rows.slice(i * 100, i * 100 + row).join('')) + 5;
  const ids = (entries: Record<string, string>[]) => entries.map((entry) => entry['Record Id']);

  it('names the file in its resume point and continues in it, without downloading the files before', async () => {
    let broken = true;
    const { zoho, server } = await serve(
      (i) => (i === 1 && broken ? { body: file(1), cutAt: cutInRow(1, 45) } : { body: file(i) }),
      3,
    );
    const first = await drain(zoho.exportEntries({ jobId: JOB_ID, downloadRetries: 1 }));
    const error = first.error as ExportIncompleteError;
    expect(error).toBeInstanceOf(ExportIncompleteError);
    expect(error.resumePoint).toMatchObject({ jobId: JOB_ID, eventsDelivered: 145, fileIndex: 1 });
    expect(first.items).toHaveLength(145);

    broken = false;
    const rest = await collect(zoho.exportEntries({ jobId: JOB_ID, resumeFrom: error.resumePoint }));
    const whole = await collect(zoho.exportEntries({ jobId: JOB_ID }));
    expect(whole).toHaveLength(300);
    expect(new Set(ids(whole)).size).toBe(300);
    expect(ids([...first.items, ...rest])).toEqual(ids(whole));
    expect(server.attempts).toEqual([2, 4, 2]);
  });

  it('keeps the RESULT_CHANGED code when a restarted file differs', async () => {
    const changed = csv.header + csv.rows.slice(1, 100).join('');
    const { zoho } = await serve((_, attempt) =>
      attempt === 0 ? { body: file(0), cutAt: cutInRow(0, 20) } : { body: changed },
    );
    const run = await drain(zoho.exportEntries({ jobId: JOB_ID }));
    expect(run.items).toHaveLength(20);
    expect(run.error).toBeInstanceOf(ExportIncompleteError);
    expect(run.error).toMatchObject({ code: 'RESULT_CHANGED', jobId: JOB_ID, eventsDelivered: 20 });
  });
});

describe('the download engine’s restart policy', () => {
  let csv: Awaited<ReturnType<typeof sampleCsv>>;
  beforeAll(async () => {
    csv = await sampleCsv();
  });
  const login = '<!doctype html><title>Sign in</title><form action="/signin"></form>\n';

  it('downloads a file that is not what its link says once more, then fails with the verification error', async () => {
    const { zoho, server } = await serve(() => ({ body: login }));
    const run = await drain(zoho.exportEntries({ jobId: JOB_ID, downloadRetries: 3 }));
    expect(run.items).toEqual([]);
    expect(run.error).toBeInstanceOf(ExportIncompleteError);
    expect((run.error as ExportIncompleteError).cause).toBeInstanceOf(FileVerificationError);
    expect(server.attempts).toEqual([2]);
  });

  it('delivers the file when only one download was damaged', async () => {
    const { zoho } = await serve((_, attempt) => ({ body: attempt === 0 ? login : csv.header + csv.rows.join('') }));
    expect(await collect(zoho.exportEntries({ jobId: JOB_ID }))).toHaveLength(csv.rows.length);
  });
});
