import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../src/core/errors.js';
import {
  type Delivery,
  deliveryArbitrary,
  type Fault,
  faultArbitrary,
  sendAnswer,
  WHOLE,
} from './helpers/cutting-server.js';
import { clientsFor, collect, JOB_ID, jsonl, sampleCsv, sampleEvents } from './helpers/export-server.js';
import { fakeClock, startServer } from './helpers/server.js';

// The streamed bodies (the audit query result, a Zoho file) are read by the download engine, not buffered by
// the transport. A body that breaks off, from its first byte on, is a NetworkError (code NETWORK) there too:
// what a caller of streamResult or download gets, and what the engine restarts on.

const SEED = 230_003;
const events = sampleEvents(60);
const RESULT = jsonl(events);
let csv = '';
const CREATED = '2024-10-01T00:00:00.000000Z';
const STATUS = { id: 1, jobId: JOB_ID, params: '{}', status: 'COMPLETED', createdAt: CREATED, completedAt: CREATED };

/** Faults for the streamed answers: the next one for each download, and how they are framed. */
let script: { faults: Fault[]; delivery: Delivery } = { faults: [], delivery: WHOLE };
let downloads = 0;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  const sample = await sampleCsv();
  csv = sample.header + sample.rows.join('');
  server = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const status =
      path === `/v2/export/status/${JOB_ID}`
        ? STATUS
        : path === `/crm/v7/settings/audit_log_export/${JOB_ID}`
          ? { audit_log_export: [{ id: JOB_ID, status: 'finished', download_links: [link()] }] }
          : undefined;
    if (status !== undefined) {
      void sendAnswer(res, { status: 200, contentType: 'application/json', body: JSON.stringify(status) }, WHOLE);
      return;
    }
    const isCsv = path.endsWith('.csv');
    const body = isCsv ? csv : RESULT;
    const contentType = isCsv ? 'text/csv' : 'application/jsonl';
    void sendAnswer(res, { status: 200, contentType, body }, script.delivery, script.faults[downloads++]);
  });
});
afterAll(() => server.close());

const link = () => `${server.url}/v2/crm/org1/auditlog/${JOB_ID}/AuditLog_001.csv`;
const cutAtZero: Fault = { kind: 'cut', at: 0, garbage: new Uint8Array([0]) };

/** Runs `read` with `faults` on the downloads; what was delivered and the error, if any. */
async function attempt<T>(faults: Fault[], delivery: Delivery, read: () => AsyncIterable<T>) {
  script = { faults, delivery };
  downloads = 0;
  const items: T[] = [];
  try {
    for await (const item of read()) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

describe('a streamed body that breaks off', () => {
  it.each([true, false])(
    'before its first byte (chunked: %s): streamResult and download throw NetworkError NETWORK',
    async (chunked) => {
      const { auditQuery, zoho } = clientsFor(server.url);
      const delivery = { chunked, piece: 1024 };
      for (const read of [() => auditQuery.streamResult(JOB_ID), () => zoho.download(link())]) {
        const { items, error } = await attempt<unknown>([cutAtZero], delivery, read);
        expect(items).toEqual([]);
        expect(error).toBeInstanceOf(NetworkError);
        expect(error).toMatchObject({ code: 'NETWORK', method: 'GET' });
        expect((error as NetworkError).cause).toBeDefined();
      }
    },
  );

  it('before its first byte: exportEvents and exportEntries restart and deliver everything once', async () => {
    const { auditQuery, zoho } = clientsFor(server.url, undefined, fakeClock());
    const viaEngine = await attempt([cutAtZero], WHOLE, () => auditQuery.exportEvents({ jobId: JOB_ID }));
    expect(viaEngine).toEqual({ items: events, error: undefined });
    const whole = await collect(zoho.download(link()));
    const entries = await attempt([cutAtZero], WHOLE, () => zoho.exportEntries({ jobId: JOB_ID }));
    expect(entries).toEqual({ items: whole, error: undefined });
    expect(downloads).toBe(2);
  });

  it('anywhere, however framed (property): the items before the break, exactly, then NetworkError NETWORK', async () => {
    const { auditQuery, zoho } = clientsFor(server.url);
    const wholeCsv = await collect(zoho.download(link()));
    // Garbage inside the body would be parsed as lines or rows (the streamed formats' own errors): cuts and
    // broken framing only.
    const breaks = faultArbitrary.filter((fault) => fault.kind !== 'garble');
    await fc.assert(
      fc.asyncProperty(fc.boolean(), breaks, deliveryArbitrary, async (result, fault, delivery) => {
        const read: () => AsyncIterable<unknown> = result
          ? () => auditQuery.streamResult(JOB_ID)
          : () => zoho.download(link());
        const whole: unknown[] = result ? events : wholeCsv;
        const { items, error } = await attempt<unknown>([fault], delivery, read);
        expect(error).toBeInstanceOf(NetworkError);
        expect(error).toMatchObject({ code: 'NETWORK' });
        expect(items).toEqual(whole.slice(0, items.length));
        expect(items.length).toBeLessThan(whole.length);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});
