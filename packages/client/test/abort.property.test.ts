import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError } from '../src/core/errors.js';
import {
  clientsFor,
  JOB_ID,
  jsonl,
  type ServedDownload,
  sampleCsv,
  sampleEvents,
  startExportServer,
} from './helpers/export-server.js';

// Any unhandled rejection during these tests is a failure (it ends a real Node process with exit code 1).
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const events = jsonl(sampleEvents(400));
let csv = '';
beforeAll(async () => {
  const sample = await sampleCsv();
  csv = sample.header + sample.rows.join('');
});

/** A fetch that wraps the request and drops its signal, as some instrumentation does. */
const signalDroppingFetch = (request: Request) =>
  globalThis.fetch(request.url, { method: request.method, headers: request.headers });

type Api = 'exportEvents' | 'streamResult' | 'exportEntries' | 'exportEventBatches' | 'streamResultBatches';

/** The items of the scripted job through `api`. */
function itemsOf(api: Api, clients: ReturnType<typeof clientsFor>, signal?: AbortSignal): AsyncIterable<unknown> {
  if (api === 'exportEntries') return clients.zoho.exportEntries({ jobId: JOB_ID, signal });
  if (api === 'streamResult') return clients.auditQuery.streamResult(JOB_ID, { signal });
  if (api === 'streamResultBatches') return clients.auditQuery.streamResultBatches(JOB_ID, { signal });
  if (api === 'exportEventBatches') return clients.auditQuery.exportEventBatches({ jobId: JOB_ID, signal });
  return clients.auditQuery.exportEvents({ jobId: JOB_ID, signal });
}
const bodyOf = (api: Api) => (api === 'exportEntries' ? csv : events);

/** One export of the scripted job through `api`, aborted as `plan` says; what happened. */
async function abortedExport(
  api: Api,
  plan: { atItem: number; afterMs: number; inLoop: boolean; dropSignal: boolean; chunkBytes: number },
) {
  const server = await startExportServer(() => ({ body: bodyOf(api), chunkBytes: plan.chunkBytes }));
  close = server.close;
  const clients = clientsFor(server.url, plan.dropSignal ? signalDroppingFetch : undefined);
  const controller = new AbortController();
  const reason = new Error('the user pressed Cancel');
  let aborted = false;
  let afterAbort = 0;
  const abort = () => {
    controller.abort(reason);
    aborted = true;
  };
  const timer = plan.inLoop ? undefined : setTimeout(abort, plan.afterMs);
  const items = itemsOf(api, clients, controller.signal);
  let received = 0;
  let error: unknown;
  try {
    for await (const item of items) {
      if (aborted) afterAbort++;
      // A batch counts as its events; the abort comes in the body of the batch that reaches atItem.
      received += Array.isArray(item) ? item.length : 1;
      if (plan.inLoop && received >= plan.atItem && !aborted) abort();
    }
  } catch (caught) {
    error = caught;
  } finally {
    clearTimeout(timer);
  }
  // Let late rejections surface before the caller looks at `unhandled`.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { aborted, afterAbort, error, reason, downloads: server.downloads };
}

/** Resolves when every download the server started has closed its connection, or rejects after `ms`. */
function allClosed(downloads: ServedDownload[], ms: number) {
  return Promise.race([
    Promise.all(downloads.map((download) => download.closed)),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`a download outlived the abort by ${ms} ms`)), ms)),
  ]);
}

describe.each<Api>(['exportEvents', 'streamResult', 'exportEntries', 'exportEventBatches', 'streamResultBatches'])(
  'aborting a %s export at random points',
  (api) => {
    it('never yields after abort(), always ends in AbortError with the reason as cause, leaves nothing unhandled', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            atItem: fc.integer({ min: 1, max: 320 }),
            afterMs: fc.integer({ min: 0, max: 120 }),
            inLoop: fc.boolean(),
            dropSignal: fc.boolean(),
            // Large chunks hold many items: those already parsed must not be handed out after abort().
            chunkBytes: fc.constantFrom(256, 4096, 65_536),
          }),
          async (plan) => {
            const run = await abortedExport(api, plan);
            expect(unhandled).toEqual([]);
            expect(run.afterAbort).toBe(0);
            if (run.aborted) {
              // An abort that came after the last item lets the export finish normally.
              if (run.error !== undefined) {
                expect(run.error).toBeInstanceOf(AbortError);
                expect(run.error).toMatchObject({ code: 'ABORTED', cause: run.reason });
              }
              await allClosed(run.downloads, 2000);
            } else {
              expect(run.error).toBeUndefined();
            }
          },
        ),
        { seed: 0x16ab07, numRuns: 12, endOnFailure: true },
      );
    }, 60_000);

    it('stops a download whose fetch drops the signal as soon as the caller aborts', async () => {
      const run = await abortedExport(api, { atItem: 5, afterMs: 0, inLoop: true, dropSignal: true, chunkBytes: 4096 });
      expect(run.afterAbort).toBe(0);
      expect(run.error).toBeInstanceOf(AbortError);
      expect((run.error as AbortError).cause).toBe(run.reason);
      await allClosed(run.downloads, 2000);
      expect(run.downloads.every((download) => !download.complete)).toBe(true);
      expect(unhandled).toEqual([]);
    });

    it('ends in AbortError, with the signal’s TimeoutError as cause, for AbortSignal.timeout()', async () => {
      const server = await startExportServer(() => ({ body: bodyOf(api), chunkBytes: 64 }));
      close = server.close;
      const clients = clientsFor(server.url);
      const signal = AbortSignal.timeout(150);
      const items = itemsOf(api, clients, signal);
      let afterTimeout = 0;
      const error = await (async () => {
        for await (const _ of items) if (signal.aborted) afterTimeout++;
      })().catch((caught: unknown) => caught);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(error).toBeInstanceOf(AbortError);
      expect(error).toMatchObject({ code: 'ABORTED', cause: signal.reason });
      expect((error as AbortError).cause).toMatchObject({ name: 'TimeoutError' });
      expect(afterTimeout).toBe(0);
      await allClosed(server.downloads, 2000);
      expect(unhandled).toEqual([]);
    });

    it('cancels the download when the consumer stops early (break)', async () => {
      const server = await startExportServer(() => ({ body: bodyOf(api), chunkBytes: 256 }));
      close = server.close;
      const clients = clientsFor(server.url);
      const items = itemsOf(api, clients);
      let received = 0;
      for await (const _ of items) if (++received === 3) break;
      await allClosed(server.downloads, 2000);
      expect(server.downloads).toHaveLength(1);
      expect(server.downloads[0]?.complete).toBe(false);
      expect(unhandled).toEqual([]);
    });
  },
);
